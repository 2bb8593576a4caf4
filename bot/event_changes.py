"""Changing events after they are announced: edit, cancel one or the rest of a series.

Those who said yes are told once, in their language: a cancellation, or a
new time or place. The telling goes through the planner, so its outbox rows
have an idempotency key: cancelling twice, or a restart in the middle, never
sends the same news twice, and quiet hours defer it like any prompt.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot import invitations
from bot.db.database import Database
from bot.db.models import AuditEntry, Event, Rsvp, Timer
from bot.errors import NotFoundError
from bot.lunches import STAGES, EventError, timer_plan
from bot.people import first_name
from bot.planning import SeniorRow, plan
from bot.shell import Shell
from conversations.events import MessagePrompt


@dataclass(frozen=True)
class EventChanges:
    """What a coordinator changes; None leaves a field as it is."""

    starts_at: datetime | None = None  # aware
    venue: str | None = None
    capacity: int | None = None
    price: str | None = None
    title: str | None = None


@dataclass
class ChangeReport:
    events: list[int] = field(default_factory=list)
    told: int = 0


def parse_local_datetime(text: str, field_name: str, shell: Shell) -> datetime:
    """ "2026-12-09T12:00" or "2026-12-09 12:00" in local time; a date alone is an
    error naming the field, never a lunch at midnight."""
    raw = text.strip()
    example = "2026-12-09T12:00"
    if len(raw) <= 10 or ":" not in raw:
        raise EventError(
            f"{field_name} {raw!r}: ange datum och tid / give a date and a time, e.g. {example}"
        )
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError:
        raise EventError(f"{field_name} {raw!r}: skriv t.ex. / write e.g. {example}") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=shell.tz)


async def _event(session: AsyncSession, event_id: int) -> Event:
    event = await session.get(Event, event_id)
    if event is None:
        raise NotFoundError(f"inget evenemang / no event {event_id}")
    return event


def _subject(event: Event) -> str:
    return f"event:{event.id}"


async def _reschedule(session: AsyncSession, shell: Shell, event: Event) -> None:
    """Move the stages not sent yet to the new time; a stage already sent stays sent."""
    pending = list(
        await session.scalars(
            select(Timer).where(Timer.subject == _subject(event), Timer.kind.in_(STAGES))
        )
    )
    due = dict(timer_plan(event, shell))
    now = shell.now()
    for timer in pending:
        if timer.kind in due:
            timer.due_at = max(due[timer.kind], now)
        else:
            await session.delete(timer)


async def _yes_ids(session: AsyncSession, event_ids: list[int]) -> dict[int, list[int]]:
    rows = await session.execute(
        select(Rsvp.event_id, Rsvp.senior_id).where(
            Rsvp.event_id.in_(event_ids), Rsvp.answer == invitations.YES
        )
    )
    found: dict[int, list[int]] = {}
    for event_id, senior_id in rows:
        found.setdefault(event_id, []).append(senior_id)
    return found


async def _tell(
    database: Database, shell: Shell, event: Event, senior_ids: list[int], key: str, name: str
) -> int:
    """One message per senior who said yes, from `event_change.<key>` in their language."""
    if not senior_ids:
        return 0
    local = event.starts_at.astimezone(shell.tz)

    def make(senior: SeniorRow) -> MessagePrompt:
        templates = shell.settings.templates_for(senior.lang)
        values = {
            "name": first_name(senior.name),
            "event_title": event.title,
            "when": templates.format_when(local),
            "venue": event.venue,
        }
        return MessagePrompt(templates.render(f"event_change.{key}", values))

    occurrence = f"{local:%Y%m%dT%H%M}-{zlib.crc32(event.venue.encode()):08x}"
    report = await plan(
        database,
        shell,
        name=name,
        occurrence=occurrence,
        scheduled=shell.now(),
        senior_ids=senior_ids,
        make_event=make,
    )
    return report.planned


async def edit_event(
    database: Database, shell: Shell, event_id: int, changes: EventChanges, *, actor: str
) -> tuple[Event, ChangeReport]:
    """Change time, place, capacity, price or title; tell those coming of a new time or place."""
    now = shell.now()
    report = ChangeReport(events=[event_id])
    async with database.transaction() as session:
        event = await _event(session, event_id)
        if event.cancelled:
            raise EventError(f"evenemang {event_id} är inställt / is cancelled")
        moved = False
        fields = []
        if changes.starts_at is not None and changes.starts_at != event.starts_at:
            if changes.starts_at <= now:
                raise EventError("--at: tiden har redan varit / must be in the future")
            event.starts_at = changes.starts_at
            await _reschedule(session, shell, event)
            moved = True
            fields.append("starts_at")
        if changes.venue is not None and changes.venue.strip() != event.venue:
            if not changes.venue.strip():
                raise EventError("--venue: platsen saknas / venue missing")
            event.venue = changes.venue.strip()
            moved = True
            fields.append("venue")
        if changes.title is not None and changes.title.strip():
            event.title = changes.title.strip()
            fields.append("title")
        if changes.price is not None:
            event.price = changes.price.strip() or None
            fields.append("price")
        if changes.capacity is not None:
            if changes.capacity < 1:
                raise EventError("--capacity: minst / at least 1")
            grew = event.capacity is not None and changes.capacity > event.capacity
            event.capacity = changes.capacity
            fields.append("capacity")
            if grew:
                await _seat_check(session, event, now)
        event.demo = False
        session.add(
            AuditEntry(
                at=now,
                actor=actor,
                action="event.edited",
                subject_type="event",
                subject_id=event.id,
                details={"fields": fields},
            )
        )
        yes = (await _yes_ids(session, [event.id])).get(event.id, [])
    if moved:
        report.told = await _tell(database, shell, event, yes, "moved", f"event-{event.id}-moved")
    return event, report


async def _seat_check(session: AsyncSession, event: Event, now: datetime) -> None:
    """More places: offer them to the waiting list (the timer loop does the offering)."""
    existing = await session.scalar(
        select(Timer).where(Timer.subject == _subject(event), Timer.kind == "seat_check")
    )
    if existing is None:
        session.add(
            Timer(
                subject=_subject(event), kind="seat_check", due_at=now, payload={}, created_at=now
            )
        )


async def cancel_event(
    database: Database, shell: Shell, event_id: int, *, rest_of_series: bool, actor: str
) -> ChangeReport:
    """Cancel one event (or it and the later ones of its series) and tell those coming."""
    now = shell.now()
    async with database.transaction() as session:
        event = await _event(session, event_id)
        events = [event]
        if rest_of_series and event.series:
            events = list(
                await session.scalars(
                    select(Event)
                    .where(Event.series == event.series, Event.starts_at >= event.starts_at)
                    .order_by(Event.starts_at)
                )
            )
        events = [e for e in events if e.starts_at > now or e.id == event_id]
        for each in events:
            each.cancelled = True
            each.cancelled_at = each.cancelled_at or now
        await session.execute(delete(Timer).where(Timer.subject.in_([_subject(e) for e in events])))
        session.add(
            AuditEntry(
                at=now,
                actor=actor,
                action="event.cancelled",
                subject_type="event",
                subject_id=event_id,
                details={"events": [e.id for e in events]},
            )
        )
        yes = await _yes_ids(session, [e.id for e in events])
    report = ChangeReport(events=[e.id for e in events])
    for each in events:
        if each.starts_at > now:
            report.told += await _tell(
                database,
                shell,
                each,
                yes.get(each.id, []),
                "cancelled",
                f"event-{each.id}-cancelled",
            )
    return report
