"""What a person does with a reply on the "Att läsa" list.

Mark it handled, answer the senior in their own words (an outbox row on the
address the reply came from, so it goes out in the senior's own channel), or
open a case for a volunteer. Each is recorded so the reply leaves the list.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.errors import HejsanError
from bot.core.shell import Shell
from bot.db.models import Address, Escalation, Message, Reading, ReviewHandled, Senior
from bot.db.outbox import enqueue
from bot.escalations.ladder import open_escalation

ANSWER_CHARS = 1_000
REVIEW_REASON = "review"


class HandledHow(StrEnum):
    HANDLED = "handled"
    ANSWERED = "answered"
    CASE = "case"


class ReviewError(HejsanError):
    """The reply cannot be acted on (unknown, a blank or second answer, no usable address)."""


class NoSuchReply(ReviewError):
    """No reply from a senior has this id: a page answers 404, not "refused"."""


async def _reply(session: AsyncSession, message_id: int) -> Message:
    message = await session.get(Message, message_id)
    if message is None or message.direction != "in" or message.senior_id is None:
        raise NoSuchReply(f"inget svar att läsa / no reply {message_id}")
    return message


async def mark_handled(
    session: AsyncSession,
    message_id: int,
    *,
    account_id: int | None,
    how: HandledHow,
    now: datetime,
) -> bool:
    """Take the reply off the list; False if it was already handled."""
    await _reply(session, message_id)
    if await session.get(ReviewHandled, message_id) is not None:
        return False
    session.add(
        ReviewHandled(message_id=message_id, account_id=account_id, how=how, handled_at=now)
    )
    # The engine's review flag is done too, so its "nobody read it" timer stands down.
    reading = await session.scalar(select(Reading).where(Reading.message_id == message_id))
    if reading is not None and reading.reviewed_at is None:
        reading.reviewed_at = now
        reading.reviewed_by = f"account:{account_id}" if account_id else "console"
    await session.flush()
    return True


async def answer(
    session: AsyncSession,
    shell: Shell,
    message_id: int,
    text: str,
    *,
    account_id: int | None,
) -> Message:
    """Queue a person's own answer to the senior, on the channel they wrote from."""
    cleaned = text.strip()
    if not cleaned or len(cleaned) > ANSWER_CHARS:
        raise ReviewError(f"svaret måste ha 1-{ANSWER_CHARS} tecken / answer 1-{ANSWER_CHARS}")
    message = await _reply(session, message_id)
    address = await session.get(Address, message.address_id)
    if address is None or address.unusable_at is not None:
        raise ReviewError("adressen går inte att nå / the address cannot be reached")
    now = shell.now()
    queued = await enqueue(
        session,
        address,
        cleaned,
        kind="reply",
        template="console.answer",
        idempotency_key=f"console-answer:{message_id}",
        now=now,
    )
    if queued is None:
        raise ReviewError("svaret är redan skickat / already answered")
    await mark_handled(session, message_id, account_id=account_id, how=HandledHow.ANSWERED, now=now)
    return queued


async def open_case(
    session: AsyncSession, shell: Shell, message_id: int, *, account_id: int | None
) -> Escalation:
    """A person decided a volunteer should get in touch about this reply."""
    message = await _reply(session, message_id)
    senior = await session.get(Senior, message.senior_id)
    if senior is None:
        raise NoSuchReply(f"ingen senior / no senior for reply {message_id}")
    escalation = await open_escalation(
        session,
        shell,
        senior,
        reason=REVIEW_REASON,
        urgency="normal",
        quote=message.body,
        message=message,
        event_id=None,
    )
    await mark_handled(
        session, message_id, account_id=account_id, how=HandledHow.CASE, now=shell.now()
    )
    return escalation
