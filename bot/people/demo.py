"""Demo data is marked as demo and goes away as one: never mixed into real lists.

Removed on request (`hejsan demo remove`), when the first real person is
added, and when a real channel is configured. Demo people are fiction, so
they are deleted outright with everything about them, not anonymised; a
removal is recorded so the demo is not seeded again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, delete, exists, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import (
    Address,
    AuditEntry,
    CheckInResult,
    Escalation,
    EscalationAlert,
    Event,
    Message,
    Reading,
    Rsvp,
    Senior,
    Timer,
    Volunteer,
)

REMOVED_ACTION = "demo.removed"


@dataclass(frozen=True)
class DemoRemoval:
    seniors: int
    volunteers: int
    events: int


async def has_demo(session: AsyncSession) -> bool:
    found = await session.scalar(
        select(
            exists().where(Senior.demo.is_(True))
            | exists().where(Volunteer.demo.is_(True))
            | exists().where(Event.demo.is_(True))
        )
    )
    return bool(found)


async def demo_was_removed(session: AsyncSession) -> bool:
    """True once demo data was removed: it is never seeded again."""
    count = await session.scalar(
        select(func.count()).select_from(AuditEntry).where(AuditEntry.action == REMOVED_ACTION)
    )
    return bool(count)


def _ids(model: type[Senior] | type[Volunteer] | type[Event]) -> Select[Any]:
    return select(model.id).where(model.demo.is_(True))


async def _delete_rows_about(
    session: AsyncSession, seniors: Select[Any], volunteers: Select[Any], events: Select[Any]
) -> None:
    """Every row that points at a demo person or event, children before parents."""
    addresses = select(Address.id).where(
        or_(Address.senior_id.in_(seniors), Address.volunteer_id.in_(volunteers))
    )
    cases = select(Escalation.id).where(Escalation.senior_id.in_(seniors))
    messages = select(Message.id).where(
        or_(
            Message.senior_id.in_(seniors),
            Message.volunteer_id.in_(volunteers),
            Message.address_id.in_(addresses),
        )
    )
    subjects = [
        *(f"senior:{i}" for i in await session.scalars(seniors)),
        *(f"volunteer:{i}" for i in await session.scalars(volunteers)),
        *(f"event:{i}" for i in await session.scalars(events)),
        *(f"escalation:{i}" for i in await session.scalars(cases)),
    ]
    await session.execute(delete(Timer).where(Timer.subject.in_(subjects)))
    await session.execute(
        delete(EscalationAlert).where(
            or_(
                EscalationAlert.escalation_id.in_(cases),
                EscalationAlert.address_id.in_(addresses),
                EscalationAlert.volunteer_id.in_(volunteers),
            )
        )
    )
    await session.execute(
        update(EscalationAlert)
        .where(EscalationAlert.message_id.in_(messages))
        .values(message_id=None)
    )
    await session.execute(
        update(Escalation)
        .where(Escalation.claimed_by_id.in_(volunteers))
        .values(claimed_by_id=None)
    )
    await session.execute(delete(Escalation).where(Escalation.id.in_(cases)))
    await session.execute(
        update(Escalation).where(Escalation.message_id.in_(messages)).values(message_id=None)
    )
    await session.execute(
        update(CheckInResult).where(CheckInResult.message_id.in_(messages)).values(message_id=None)
    )
    await session.execute(delete(Reading).where(Reading.message_id.in_(messages)))
    await session.execute(delete(Message).where(Message.id.in_(messages)))
    await session.execute(delete(Address).where(Address.id.in_(addresses)))
    await session.execute(
        delete(Rsvp).where(or_(Rsvp.senior_id.in_(seniors), Rsvp.event_id.in_(events)))
    )
    await session.execute(
        update(Escalation).where(Escalation.event_id.in_(events)).values(event_id=None)
    )
    await session.execute(delete(CheckInResult).where(CheckInResult.senior_id.in_(seniors)))


async def remove_demo(session: AsyncSession, *, actor: str, now: datetime) -> DemoRemoval:
    """Delete every demo senior, volunteer and event and all rows about them."""
    seniors, volunteers, events = _ids(Senior), _ids(Volunteer), _ids(Event)
    counts = DemoRemoval(
        seniors=len(list(await session.scalars(seniors))),
        volunteers=len(list(await session.scalars(volunteers))),
        events=len(list(await session.scalars(events))),
    )
    await _delete_rows_about(session, seniors, volunteers, events)
    await session.execute(delete(Senior).where(Senior.demo.is_(True)))
    await session.execute(delete(Volunteer).where(Volunteer.demo.is_(True)))
    await session.execute(delete(Event).where(Event.demo.is_(True)))
    session.add(
        AuditEntry(
            at=now,
            actor=actor,
            action=REMOVED_ACTION,
            details={
                "seniors": counts.seniors,
                "volunteers": counts.volunteers,
                "events": counts.events,
            },
        )
    )
    await session.flush()
    return counts
