"""The inbound path: one message in, one transaction, replies in the outbox.

    adapter.parse -> handle_inbound:
      find or create the sender's address
      store the message (a repeated provider id is a duplicate: done)
      senior    -> conversation turn (bot.turns.turn)
      volunteer -> case commands (bot.escalations.commands, via bot.turns.claims)
      unknown   -> at most one polite reply a day, nothing leaked
    commit -> wake the dispatcher

The webhook answers the provider only after the commit, so a crash before it
makes the provider retry rather than lose the message.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.channels.types import Channel, InboundMessage
from bot.core.logs import log_event
from bot.core.shell import Shell
from bot.db.database import Database
from bot.db.engine import dialect_of, per_dialect
from bot.db.models import Address, Event, Message, Senior, Volunteer
from bot.db.outbox import enqueue
from bot.db.outbox_status import MessageStatus
from bot.events.rsvps import EventCancelledError, event_info
from bot.people import onboarding
from bot.turns.claims import answer_volunteer
from bot.turns.turn import TurnResult, load_locked, run_turn
from conversations.inputs import Reply
from conversations.state import ConversationState

log = logging.getLogger("hejsan.inbound")

MAX_STORED_CHARS = 20_000
UNKNOWN_REPLY_EVERY = timedelta(hours=24)


class InboundOutcome(StrEnum):
    """Who an inbound message turned out to be from (or that it was a duplicate)."""

    SENIOR = "senior"
    VOLUNTEER = "volunteer"
    UNKNOWN = "unknown"
    DUPLICATE = "duplicate"
    LINKED = "linked"


@dataclass
class InboundResult:
    outcome: InboundOutcome
    message_id: int | None = None
    queued: int = 0
    escalation_ids: list[int] = field(default_factory=list)


def clean_text(text: str) -> str:
    """Safe to store anywhere: no NUL (PostgreSQL refuses it), bounded length."""
    cleaned = text.replace("\x00", "\ufffd")
    if len(cleaned) > MAX_STORED_CHARS:
        cleaned = cleaned[:MAX_STORED_CHARS]
    return cleaned


_ADDRESS = select(Address).where(
    Address.channel == bindparam("channel"), Address.value == bindparam("value")
)
_NEW_ADDRESS = per_dialect(
    lambda insert: (
        insert(Address)
        .values(channel=bindparam("channel"), value=bindparam("value"), created_at=bindparam("now"))
        .on_conflict_do_nothing(index_elements=["channel", "value"])
    )
)
_INBOUND_COLUMNS = (
    "channel",
    "address_id",
    "senior_id",
    "volunteer_id",
    "body",
    "provider_message_id",
    "created_at",
    "updated_at",
)
_STORE_INBOUND = per_dialect(
    lambda insert: (
        insert(Message)
        .values(
            direction="in",
            buttons=[],
            kind="inbound",
            status=MessageStatus.RECEIVED,
            attempts=0,
            **{column: bindparam(column) for column in _INBOUND_COLUMNS},
        )
        .on_conflict_do_nothing(index_elements=["channel", "direction", "provider_message_id"])
        .returning(Message)
    )
)


async def find_or_create_address(
    session: AsyncSession, channel: Channel, value: str, now: datetime
) -> Address:
    """The address a message came from; a new sender's is an upsert, since two
    first messages from one number may arrive at the same moment."""
    same = {"channel": channel.value, "value": value}
    address = await session.scalar(_ADDRESS, same)
    if address is not None:
        return address
    await session.execute(_NEW_ADDRESS[dialect_of(session)], {**same, "now": now})
    # Inserted now, or by the transaction the insert waited for: there either way.
    return (await session.scalars(_ADDRESS, same)).one()


async def store_inbound(
    session: AsyncSession, address: Address, inbound: InboundMessage, now: datetime
) -> Message | None:
    """Insert the message once per provider id; None means we have seen it."""
    values = {
        "channel": address.channel,
        "address_id": address.id,
        "senior_id": address.senior_id,
        "volunteer_id": address.volunteer_id,
        "body": clean_text(inbound.text),
        "provider_message_id": inbound.provider_message_id,
        "created_at": inbound.received_at,
        "updated_at": now,
    }
    statement = _STORE_INBOUND[dialect_of(session)]
    return (await session.scalars(statement, values)).one_or_none()


async def _senior_turn(
    session: AsyncSession,
    shell: Shell,
    senior: Senior,
    state: ConversationState,
    address: Address,
    message: Message,
) -> InboundResult:
    # The invitation kept in the state has the seat count of when it was sent.
    state = await _with_current_event(session, shell, senior, state)
    reply = Reply(message.body)
    if state.event is None:  # no invitation kept: no answer to one to undo
        result = await run_turn(
            session, shell, senior, reply, reply_to=address, inbound=message, state=state
        )
        return _senior_result(message, result)
    try:
        async with session.begin_nested():
            result = await run_turn(
                session, shell, senior, reply, reply_to=address, inbound=message, state=state
            )
    except EventCancelledError:
        # A coordinator cancelled the event between our reading it and the
        # booking: undo the turn and answer again, knowing it is cancelled.
        for row in (senior, address, message):
            await session.refresh(row)
        state = await _with_current_event(session, shell, senior, state)
        result = await run_turn(
            session, shell, senior, reply, reply_to=address, inbound=message, state=state
        )
    return _senior_result(message, result)


def _senior_result(message: Message, result: TurnResult) -> InboundResult:
    return InboundResult(
        InboundOutcome.SENIOR,
        message.id,
        queued=len(result.queued),
        escalation_ids=result.escalation_ids,
    )


async def _with_current_event(
    session: AsyncSession, shell: Shell, senior: Senior, state: ConversationState
) -> ConversationState:
    """`state` with its kept invitation as the database has it now (seats, cancelled)."""
    if state.event is None or not state.event.id.isdigit():
        return state
    event = await session.get(Event, int(state.event.id), populate_existing=True)
    if event is None:
        return state
    return state.with_current_event(
        await event_info(session, event, shell.tz, for_senior=senior.id)
    )


def contact_hint(shell: Shell, lang: str) -> str:
    templates = shell.settings.templates_for(lang)
    values = {
        "coordinator_phone": shell.config.service.coordinator_phone,
        "organisation": shell.config.service.organisation,
    }
    key = (
        "unknown_sender.contact_phone"
        if values["coordinator_phone"]
        else "unknown_sender.contact_org"
    )
    return templates.render(key, values)


async def _unknown_sender(
    session: AsyncSession, shell: Shell, address: Address, message: Message
) -> InboundResult:
    now = shell.now()
    last = address.last_unknown_reply_at
    queued = 0
    if last is None or now - last >= UNKNOWN_REPLY_EVERY:
        lang = shell.config.service.default_lang
        text = shell.settings.templates_for(lang).render(
            "unknown_sender.reply",
            {
                "service": shell.config.service.name,
                "organisation": shell.config.service.organisation,
                "contact_hint": contact_hint(shell, lang),
            },
        )
        await enqueue(session, address, text, template="unknown_sender.reply", now=now)
        address.last_unknown_reply_at = now
        queued = 1
    log_event(log, "inbound.unknown_sender", channel=address.channel, address_id=address.id)
    return InboundResult(InboundOutcome.UNKNOWN, message.id, queued=queued)


async def handle_inbound(
    session: AsyncSession, shell: Shell, inbound: InboundMessage
) -> InboundResult:
    """Process one inbound message inside the caller's transaction."""
    now = shell.now()
    address = await find_or_create_address(session, inbound.channel, inbound.address, now)
    message = await store_inbound(session, address, inbound, now)
    if message is None:
        log_event(log, "inbound.duplicate", channel=inbound.channel.value)
        return InboundResult(InboundOutcome.DUPLICATE)
    log_event(
        log,
        "inbound.received",
        channel=inbound.channel.value,
        address_id=address.id,
        chars=len(inbound.text),
    )
    if inbound.is_start_command:
        linked = await onboarding.handle_start(
            session, shell, address, inbound.start_token, message
        )
        if linked is not None:
            return InboundResult(InboundOutcome.LINKED, message.id, queued=1)
    if address.senior_id is not None:
        loaded = await load_locked(session, address.senior_id)
        if loaded is not None:
            senior, state = loaded
            return await _senior_turn(session, shell, senior, state, address, message)
    if address.volunteer_id is not None:
        volunteer = await session.get(Volunteer, address.volunteer_id)
        if volunteer is not None:
            queued = await answer_volunteer(session, shell, volunteer, address, message)
            return InboundResult(InboundOutcome.VOLUNTEER, message.id, queued=queued)
    if inbound.is_start_command:
        return InboundResult(InboundOutcome.UNKNOWN, message.id, queued=1)
    return await _unknown_sender(session, shell, address, message)


async def receive(database: Database, shell: Shell, inbound: InboundMessage) -> InboundResult:
    """Handle one message in its own transaction, then wake the dispatcher."""
    async with database.transaction() as session:
        result = await handle_inbound(session, shell, inbound)
    if result.queued:
        shell.on_outbox()
    return result
