"""Events seniors are invited to (soup lunches): series, invitations, reminders.

Adding an event creates its timers: the invitation `invite_days_before` the
event, one gentle second ask two days later (before the answer deadline) to
those who have not answered, and a reminder `remind_days_before` to those
who said yes, never within a day of the invitation (the rule is
`scheduler.invitation_plan`). Deferred past quiet hours, sent once.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.errors import HejsanError, NotFoundError
from bot.core.shell import Shell
from bot.db.models import Event, Rsvp, Senior, Timer
from bot.db.timers import event_subject
from bot.events import rsvps
from scheduler.invitation_plan import InvitationStage, invitation_plan, local_send_time
from scheduler.series import series_dates

log = logging.getLogger("hejsan.lunches")


class EventError(HejsanError):
    """An event cannot be created or changed as asked (bad date, capacity,
    deadline); `field` names the form field at fault, when one is."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class NewEvent:
    title: str
    venue: str
    starts_at: datetime  # aware, local
    capacity: int | None = None
    price: str | None = None
    invite_days_before: int = 7
    remind_days_before: int = 1
    rsvp_by: date | None = None
    audience_tag: str | None = None


def timer_plan(event: Event, shell: Shell) -> list[tuple[InvitationStage, datetime]]:
    """When this event's invitation, second ask and reminder go out (UTC),
    none before now (see `scheduler.invitation_plan`)."""
    return invitation_plan(
        event.starts_at,
        shell.tz,
        invite_days_before=event.invite_days_before,
        remind_days_before=event.remind_days_before,
        rsvp_by=event.rsvp_by,
        now=shell.now(),
    )


def schedule_stages(session: AsyncSession, event: Event, shell: Shell) -> None:
    """Add the timer rows that send `event`'s invitation, second ask and reminder."""
    now = shell.now()
    for kind, due in timer_plan(event, shell):
        session.add(
            Timer(
                subject=event_subject(event.id), kind=kind, due_at=due, payload={}, created_at=now
            )
        )


async def add_events(
    session: AsyncSession,
    shell: Shell,
    new: NewEvent,
    *,
    every_weeks: int | None,
    count: int | None,
) -> list[Event]:
    """Create the event (or a series of them) and their timers."""
    if new.starts_at.tzinfo is None:
        raise EventError("--at must include a date and time, e.g. 2026-12-09T12:00")
    if new.capacity is not None and new.capacity < 1:
        raise EventError("--capacity must be at least 1", field="capacity")
    if new.remind_days_before >= new.invite_days_before:
        raise EventError("the reminder must come after the invitation")
    if count is not None and (not every_weeks or count < 1):
        # A series length alone used to be dropped without a word: one lunch, not six.
        raise EventError(
            "--count needs --every (e.g. --every 2w) and must be at least 1",
            field="count",
        )
    now = shell.now()
    if new.starts_at <= now:
        raise EventError("the event must be in the future", field="day")
    starts = [new.starts_at]
    series = None
    if every_weeks:
        starts = series_dates(new.starts_at, every_weeks, count=count or 6)
        series = f"{new.title}-{new.starts_at:%Y%m%d}-{every_weeks}w"
    events = []
    for start in starts:
        deadline = None
        if new.rsvp_by is not None:
            offset = new.starts_at.date() - new.rsvp_by
            deadline = local_send_time(start.date() - offset, shell.tz).replace(hour=23, minute=0)
        event = Event(
            title=new.title,
            venue=new.venue,
            starts_at=start,
            capacity=new.capacity,
            price=new.price,
            rsvp_by=deadline,
            audience_tag=(new.audience_tag or "").lower() or None,
            invite_days_before=new.invite_days_before,
            remind_days_before=new.remind_days_before,
            series=series,
            created_at=now,
        )
        session.add(event)
        await session.flush()
        schedule_stages(session, event, shell)
        events.append(event)
    await session.flush()
    return events


async def attendees(session: AsyncSession, event_id: int) -> tuple[Event, list[dict[str, Any]]]:
    event = await session.get(Event, event_id)
    if event is None:
        raise NotFoundError(f"inget evenemang / no event {event_id}")
    rows = await session.execute(
        select(Senior.id, Senior.name, Rsvp.answer, Rsvp.guests)
        .join(Rsvp, Rsvp.senior_id == Senior.id)
        .where(Rsvp.event_id == event_id)
        .order_by(Rsvp.answer, Rsvp.answered_at)
    )
    people = [
        {"senior_id": r.id, "name": r.name, "answer": r.answer, "guests": r.guests} for r in rows
    ]
    return event, people


def head_count(people: Sequence[dict[str, Any]]) -> int:
    return sum(1 + int(p["guests"]) for p in people if p["answer"] == rsvps.RsvpAnswer.YES)
