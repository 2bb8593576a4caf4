"""Changing events after they are announced: edit, cancel one or the rest of a series.

These functions change the rows in the caller's transaction and say who said
yes, so `bot.turns.event_news` can tell them; the console and the CLI call
that module's functions, which do both.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.errors import NotFoundError
from bot.core.shell import Shell
from bot.db.models import AuditEntry, Event, Rsvp, Timer
from bot.db.timers import event_subject
from bot.events.gatherings import EventError, timer_plan
from bot.events.rsvps import RsvpAnswer
from bot.events.waiting_list import schedule_seat_check
from scheduler.invitation_plan import InvitationStage

EXAMPLE_TIME = "2026-12-09T12:00"


@dataclass(frozen=True)
class EventChanges:
    """What a coordinator changes; None leaves a field as it is."""

    starts_at: datetime | None = None  # aware
    venue: str | None = None
    capacity: int | None = None
    price: str | None = None
    title: str | None = None
    unlimited: bool = False  # take the seat limit away


@dataclass
class ChangedEvents:
    """The events changed, whether their time or place moved, and who said yes to each."""

    events: list[Event]
    moved: bool = False
    coming: dict[int, list[int]] = field(default_factory=dict)


def parse_local_datetime(text: str, field_name: str, shell: Shell) -> datetime:
    """ "2026-12-09T12:00" or "2026-12-09 12:00" in local time. A date alone is an
    error naming the field, never a lunch at midnight."""
    raw = text.strip()
    if len(raw) <= 10 or ":" not in raw:
        raise EventError(
            f"{field_name} {raw!r}: ange datum och tid / give a date and a time, "
            f"e.g. {EXAMPLE_TIME}"
        )
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError:
        raise EventError(f"{field_name} {raw!r}: skriv t.ex. / write e.g. {EXAMPLE_TIME}") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=shell.tz)


async def get_event(session: AsyncSession, event_id: int) -> Event:
    event = await session.get(Event, event_id)
    if event is None:
        raise NotFoundError(f"inget evenemang / no event {event_id}")
    return event


async def _reschedule(session: AsyncSession, shell: Shell, event: Event) -> None:
    """Move the stages not sent yet to the new time; a stage already sent stays sent."""
    pending = await session.scalars(
        select(Timer).where(
            Timer.subject == event_subject(event.id),
            Timer.kind.in_([stage.value for stage in InvitationStage]),
        )
    )
    due = {str(stage): when for stage, when in timer_plan(event, shell)}
    for timer in list(pending):
        if timer.kind in due:
            timer.due_at = max(due[timer.kind], shell.now())
        else:
            await session.delete(timer)


async def coming(session: AsyncSession, event_ids: list[int]) -> dict[int, list[int]]:
    """The seniors who said yes, per event."""
    rows = await session.execute(
        select(Rsvp.event_id, Rsvp.senior_id).where(
            Rsvp.event_id.in_(event_ids), Rsvp.answer == RsvpAnswer.YES
        )
    )
    found: dict[int, list[int]] = {}
    for event_id, senior_id in rows:
        found.setdefault(event_id, []).append(senior_id)
    return found


def _audit(
    session: AsyncSession, event: Event, action: str, actor: str, now: datetime, **details: object
) -> None:
    session.add(
        AuditEntry(
            at=now,
            actor=actor,
            action=f"event.{action}",
            subject_type="event",
            subject_id=event.id,
            details=details,
        )
    )


async def edit_event(
    session: AsyncSession, shell: Shell, event_id: int, changes: EventChanges, *, actor: str
) -> ChangedEvents:
    """Change time, place, capacity, price or title; invitations not sent yet move along."""
    now = shell.now()
    event = await get_event(session, event_id)
    if event.cancelled:
        raise EventError(f"evenemang {event_id} är inställt / event is cancelled")
    fields: list[str] = []
    moved = False
    if changes.starts_at is not None and changes.starts_at != event.starts_at:
        if changes.starts_at <= now:
            raise EventError("--at: tiden har redan varit / must be in the future", field="at")
        event.starts_at = changes.starts_at
        await _reschedule(session, shell, event)
        moved = True
        fields.append("starts_at")
    if changes.venue is not None and " ".join(changes.venue.split()) != event.venue:
        if not changes.venue.strip():
            raise EventError("--venue: platsen saknas / venue missing", field="venue")
        event.venue = " ".join(changes.venue.split())
        moved = True
        fields.append("venue")
    if changes.title is not None and changes.title.strip():
        event.title = changes.title.strip()
        fields.append("title")
    if changes.price is not None:
        event.price = changes.price.strip() or None
        fields.append("price")
    if changes.unlimited and changes.capacity is not None:
        raise EventError("--capacity or --unlimited, not both", field="capacity")
    if changes.unlimited and event.capacity is not None:
        event.capacity = None
        fields.append("capacity")
        await schedule_seat_check(session, event.id, now)  # the waiting list gets in
    if changes.capacity is not None:
        if changes.capacity < 1:
            raise EventError("--capacity: minst / at least 1", field="capacity")
        grew = event.capacity is not None and changes.capacity > event.capacity
        event.capacity = changes.capacity
        fields.append("capacity")
        if grew:  # more places: offer them to the waiting list
            await schedule_seat_check(session, event.id, now)
    event.demo = False
    _audit(session, event, "edited", actor, now, fields=fields)
    await session.flush()
    return ChangedEvents([event], moved, await coming(session, [event.id]))


async def cancel_events(
    session: AsyncSession, shell: Shell, event_id: int, *, rest_of_series: bool, actor: str
) -> ChangedEvents:
    """Cancel one event, or it and the later ones of its series; nothing more is sent about them."""
    now = shell.now()
    event = await get_event(session, event_id)
    events = [event]
    if rest_of_series and event.series:
        later = await session.scalars(
            select(Event)
            .where(Event.series == event.series, Event.starts_at >= event.starts_at)
            .order_by(Event.starts_at)
        )
        events = list(later)
    for each in events:
        each.cancelled = True
        each.cancelled_at = each.cancelled_at or now
    await session.execute(
        delete(Timer).where(Timer.subject.in_([event_subject(e.id) for e in events]))
    )
    _audit(session, event, "cancelled", actor, now, events=[e.id for e in events])
    await session.flush()
    return ChangedEvents(events, True, await coming(session, [e.id for e in events]))
