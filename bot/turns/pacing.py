"""When a text Hejsan starts may go to one senior: the pacing rule, applied.

`scheduler.pacing` holds the rule (a daily cap, a minimum gap, quiet hours);
this module gives it each senior's other proactive texts, sent or planned,
from the outbox. Used wherever a proactive outbox row gets its due time: bulk
planning and the one-senior turn. Replies are never paced.

A text planned while another of the senior's is still waiting to go later
the same day joins it: both get the waiting one's time, and the dispatcher
sends texts due together to one address as one message
(`bot.db.outbox.SqlOutboxStore`). So a check-in and an invitation due the
same morning are one text, and count once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any, NamedTuple

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.core.shell import Shell
from bot.db.models import Message
from bot.db.outbox import PROACTIVE
from bot.db.outbox_status import MessageStatus

# Texts that went or will go (not failed ones).
_COUNTED = (
    MessageStatus.QUEUED,
    MessageStatus.SENDING,
    MessageStatus.SENT,
    MessageStatus.DELIVERED,
)
# Texts further back than this cannot affect today's cap or gap.
_LOOK_BACK = timedelta(days=1)


class PacedText(NamedTuple):
    """One of a senior's proactive texts: when it went (or is due), and
    whether it is still waiting to be sent."""

    at: datetime
    waiting: bool


async def proactive_texts(
    connection: AsyncConnection, where: Any, now: datetime
) -> dict[int, list[PacedText]]:
    """Proactive texts, sent or planned, of the seniors `where` selects (a
    condition on `Message.senior_id`), from a day before `now` on."""
    at = func.coalesce(Message.sent_at, Message.next_attempt_at)
    rows = await connection.execute(
        select(Message.senior_id, at.label("at"), Message.status).where(
            where,
            Message.direction == "out",
            Message.kind == PROACTIVE,
            Message.status.in_(_COUNTED),
            at >= now - _LOOK_BACK,
        )
    )
    found: dict[int, list[PacedText]] = defaultdict(list)
    for senior_id, moment, status in rows:
        if senior_id is None:
            continue
        if isinstance(moment, str):  # a bare SQLite expression comes back as text
            moment = datetime.fromisoformat(moment)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=now.tzinfo)
        found[senior_id].append(PacedText(moment, status == MessageStatus.QUEUED))
    return found


def paced_due(shell: Shell, texts: Sequence[PacedText], due: datetime) -> datetime:
    """When one more proactive text, due at `due`, may go to a senior with
    these `texts`: with a text still waiting later that day, at its time
    (they go as one); otherwise the first slot pacing allows."""
    day = due.astimezone(shell.tz).date()
    joinable = [
        text.at for text in texts if text.waiting and text.at >= due and _day(shell, text.at) == day
    ]
    if joinable:
        return min(joinable)
    # Texts sent together share one time: they were one message.
    times = sorted({text.at for text in texts})
    return shell.pacing.next_slot(times, due, shell.tz, shell.quiet_hours)


def _day(shell: Shell, moment: datetime) -> Any:
    return moment.astimezone(shell.tz).date()
