"""GDPR: what Hejsan holds about one person, erasing it, and keeping data no longer than set.

`export_person` answers a data-subject access request. `erase_person` erases
at once: names, phone numbers, chat ids, message texts and the conversation
state; cases and RSVPs keep their timeline and counts without the person.
After the targeted erasure every text column of every table is scrubbed of
the person's name and numbers, found through the models' metadata, so a
table added later is covered without anyone remembering to add it here.

The retention job runs nightly in the service: message texts older than
`[privacy] message_retention_days` and people removed longer ago than
`[privacy] retention_days` are erased.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import JSON, String, Table, cast, delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.errors import NotFoundError
from bot.db.models import (
    Address,
    AuditEntry,
    Base,
    CheckInResult,
    CloseContact,
    ConversationState,
    Escalation,
    EscalationAlert,
    Event,
    LinkToken,
    Message,
    Reading,
    Rsvp,
    Senior,
    Timer,
    Volunteer,
)
from bot.db.outbox_status import MessageStatus
from bot.people.changes import Person, stop_messages
from bot.people.directory import Role

REDACTED = "[raderad]"
# CaseStatus.CANCELLED; bot/escalations/ is a layer above people, so not imported.
CASE_CANCELLED = "cancelled"
ERASED_NAME = "Raderad"
MIN_NEEDLE = 5  # shorter texts would scrub other people's words


@dataclass(frozen=True)
class RetentionReport:
    messages_erased: int
    people_erased: int


def _model(role: Role) -> type[Senior] | type[Volunteer]:
    return Senior if role is Role.SENIOR else Volunteer


async def _person(session: AsyncSession, role: Role, person_id: int) -> Person:
    person: Person | None = await session.get(_model(role), person_id)
    if person is None:
        raise NotFoundError(f"ingen {role.value} med id {person_id} / no such id")
    return person


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _profile(role: Role, person: Person, addresses: list[Address]) -> dict[str, Any]:
    profile: dict[str, Any] = {
        "id": person.id,
        "role": role.value,
        "name": person.name,
        "lang": person.lang,
        "tags": list(person.tags),
        "created_at": _iso(person.created_at),
        "paused_until": _iso(person.paused_until),
        "removed_at": _iso(person.removed_at),
        "erased_at": _iso(person.erased_at),
        "addresses": [
            {
                "channel": a.channel,
                "value": a.value,
                "unusable_reason": a.unusable_reason,
                "created_at": _iso(a.created_at),
            }
            for a in addresses
        ],
    }
    return profile


async def export_person(session: AsyncSession, role: Role, person_id: int) -> dict[str, Any]:
    """Everything held about one person, as JSON-ready data."""
    person = await _person(session, role, person_id)
    owner = Message.senior_id if role is Role.SENIOR else Message.volunteer_id
    addresses = await session.scalars(
        select(Address).where(
            (Address.senior_id if role is Role.SENIOR else Address.volunteer_id) == person.id
        )
    )
    messages = list(
        await session.scalars(select(Message).where(owner == person.id).order_by(Message.id))
    )
    profile = _profile(role, person, list(addresses))
    data: dict[str, Any] = {
        "profile": profile,
        "messages": [
            {
                "id": m.id,
                "direction": m.direction,
                "channel": m.channel,
                "text": m.body,
                "status": m.status,
                "created_at": _iso(m.created_at),
            }
            for m in messages
        ],
    }
    if isinstance(person, Senior):
        profile.update(
            area=person.area,
            notes=person.notes,
            paused=person.paused,
            opted_out_at=_iso(person.opted_out_at),
            opted_out_by=person.opted_out_by,
            safety_check_at=person.safety_check_at,
            safety_reminders=person.safety_reminders,
        )
        data.update(await _senior_records(session, person.id))
    else:
        profile.update(org=person.org, availability=person.availability, active=person.active)
        alerts = await session.scalars(
            select(EscalationAlert).where(EscalationAlert.volunteer_id == person.id)
        )
        data["alerts"] = [
            {"case": a.escalation_id, "response": a.response, "created_at": _iso(a.created_at)}
            for a in alerts
        ]
    return data


def _reading(r: Reading) -> dict[str, Any]:
    return {
        "message_id": r.message_id,
        "context": r.context,
        "mood": r.mood,
        "rsvp": r.rsvp,
        "guests": r.guests,
        "contact": r.contact,
        "urgent": r.urgent,
        "stop": r.stop,
        "created_at": _iso(r.created_at),
    }


def _case(c: Escalation) -> dict[str, Any]:
    return {
        "id": c.id,
        "reason": c.reason,
        "urgency": c.urgency,
        "status": c.status,
        "quote": c.quote,
        "resolution_note": c.resolution_note,
        "created_at": _iso(c.created_at),
        "resolved_at": _iso(c.resolved_at),
    }


async def _senior_records(session: AsyncSession, senior_id: int) -> dict[str, Any]:
    readings = await session.execute(
        select(Reading)
        .join(Message, Reading.message_id == Message.id)
        .where(Message.senior_id == senior_id)
        .order_by(Reading.id)
    )
    cases = await session.scalars(
        select(Escalation).where(Escalation.senior_id == senior_id).order_by(Escalation.id)
    )
    rsvps = await session.execute(
        select(Rsvp, Event.title, Event.starts_at)
        .join(Event, Event.id == Rsvp.event_id)
        .where(Rsvp.senior_id == senior_id)
        .order_by(Event.starts_at)
    )
    checkins = await session.scalars(
        select(CheckInResult).where(CheckInResult.senior_id == senior_id).order_by(CheckInResult.id)
    )
    state = await session.get(ConversationState, senior_id)
    return {
        "close_contacts": await _close_contacts(session, senior_id),
        "readings": [_reading(r) for r in readings.scalars()],
        "cases": [_case(c) for c in cases],
        "rsvps": [
            {
                "event": title,
                "starts_at": _iso(starts_at),
                "answer": rsvp.answer,
                "guests": rsvp.guests,
                "answered_at": _iso(rsvp.answered_at),
            }
            for rsvp, title, starts_at in rsvps
        ],
        "checkins": [
            {
                "campaign": c.campaign,
                "occurrence": c.occurrence,
                "mood": c.mood,
                "answered_at": _iso(c.answered_at),
            }
            for c in checkins
        ],
        "conversation_state": state.state if state is not None else None,
    }


async def _close_contacts(session: AsyncSession, senior_id: int) -> list[dict[str, Any]]:
    """Her närstående as she is told about them: who, how reached, consent."""
    rows = await session.execute(
        select(CloseContact, Volunteer)
        .join(Volunteer, Volunteer.id == CloseContact.volunteer_id)
        .where(CloseContact.senior_id == senior_id)
        .order_by(CloseContact.id)
    )
    found = []
    for contact, person in rows:
        addresses = await session.execute(
            select(Address.channel, Address.value).where(Address.volunteer_id == person.id)
        )
        found.append(
            {
                "name": person.name,
                "relation": contact.relation,
                "has_key": contact.has_key,
                "first_tier": contact.first_tier,
                "consent_by": contact.consent_by,
                "consent_at": _iso(contact.consent_at),
                "addresses": [{"channel": a, "value": v} for a, v in addresses],
            }
        )
    return found


def _needles(person: Person, addresses: list[Address]) -> list[str]:
    """The person's name and numbers as stored, also as JSON writes them (\\u00f6)."""
    found = {person.name, *(a.value for a in addresses)}
    for address in addresses:
        if address.value.startswith("+46"):
            found.add("0" + address.value[3:])  # the national form someone may have typed
    forms = {form for text in found for form in (text, json.dumps(text)[1:-1])}
    return sorted((f for f in forms if len(f) >= MIN_NEEDLE), key=len, reverse=True)


async def erase_person(
    session: AsyncSession, role: Role, person_id: int, *, actor: str, now: datetime
) -> None:
    """Erase the person's personal data now; counts and timelines stay."""
    person = await _person(session, role, person_id)
    if person.erased_at is not None:
        return
    owner_key = "senior_id" if role is Role.SENIOR else "volunteer_id"
    addresses = list(
        await session.scalars(select(Address).where(getattr(Address, owner_key) == person.id))
    )
    needles = _needles(person, addresses)
    await stop_messages(session, role, person.id, now)
    owner = Message.senior_id if role is Role.SENIOR else Message.volunteer_id
    await session.execute(
        update(Message).where(owner == person.id).values(body="", buttons=[], error_detail=None)
    )
    if isinstance(person, Senior):
        await _erase_senior(session, person, actor=actor, now=now)
    else:
        person.active = False
        person.availability = ""
    await session.execute(delete(LinkToken).where(getattr(LinkToken, owner_key) == person.id))
    for address in addresses:
        address.value = f"erased-{address.id}"
        address.unusable_at = now
        address.unusable_reason = "raderad / erased"
    person.name = ERASED_NAME
    person.removed_at = person.removed_at or now
    person.paused_until = None
    person.erased_at = now
    await session.flush()
    await scrub(session, needles)
    session.add(
        AuditEntry(
            at=now,
            actor=actor,
            action=f"{role.value}.erased",
            subject_type=role.value,
            subject_id=person.id,
            details={},
        )
    )
    await session.flush()


async def _erase_senior(
    session: AsyncSession, senior: Senior, *, actor: str, now: datetime
) -> None:
    """What only a senior has: cases, the conversation, notes, close contacts
    (in Hejsan only for her, they go with her)."""
    await _erase_cases(session, senior.id, now)
    for contact in list(
        await session.scalars(
            select(CloseContact.volunteer_id).where(CloseContact.senior_id == senior.id)
        )
    ):
        await erase_person(session, Role.VOLUNTEER, contact, actor=actor, now=now)
    await session.execute(delete(ConversationState).where(ConversationState.senior_id == senior.id))
    senior.notes = None
    senior.paused = True


async def _erase_cases(session: AsyncSession, senior_id: int, now: datetime) -> None:
    """Cases keep reason, status and times; quotes, notes and alert texts go."""
    cases = list(await session.scalars(select(Escalation).where(Escalation.senior_id == senior_id)))
    ids = [case.id for case in cases]
    for case in cases:
        case.quote = ""
        case.resolution_note = None
        if case.resolved_at is None:  # still open: nobody is to act on it any more
            case.status = CASE_CANCELLED
            case.resolved_at = now
    if not ids:
        return
    await session.execute(delete(Timer).where(Timer.subject.in_([f"escalation:{i}" for i in ids])))
    alert_messages = select(EscalationAlert.message_id).where(
        EscalationAlert.escalation_id.in_(ids)
    )
    await session.execute(
        update(Message).where(Message.id.in_(alert_messages)).values(body="", buttons=[])
    )
    await session.execute(
        update(Message)
        .where(Message.id.in_(alert_messages), Message.status == MessageStatus.QUEUED)
        .values(status=MessageStatus.FAILED, error_code="erased")
    )


def _scrub_value(value: Any, needles: list[str]) -> Any:
    if isinstance(value, str):
        for needle in needles:
            value = value.replace(needle, REDACTED)
        return value
    if isinstance(value, list):
        return [_scrub_value(item, needles) for item in value]
    if isinstance(value, dict):
        return {_scrub_value(k, needles): _scrub_value(v, needles) for k, v in value.items()}
    return value


async def scrub(session: AsyncSession, needles: list[str]) -> int:
    """Replace `needles` in every text and JSON column of every table; rows changed."""
    changed = 0
    for table in Base.metadata.sorted_tables:
        for column in table.columns:
            if isinstance(column.type, JSON):
                changed += await _scrub_json(session, table, column.name, needles)
            elif isinstance(column.type, String) and not column.primary_key:
                for needle in needles:
                    result = await session.execute(
                        update(table)
                        .where(column.contains(needle, autoescape=True))
                        .values({column.name: func.replace(column, needle, REDACTED)})
                    )
                    changed += result.rowcount or 0  # type: ignore[attr-defined]
    return changed


async def _scrub_json(session: AsyncSession, table: Table, name: str, needles: list[str]) -> int:
    column = table.c[name]
    text = cast(column, String)
    keys = list(table.primary_key.columns)
    rows = await session.execute(
        select(*keys, column).where(or_(*(text.contains(n, autoescape=True) for n in needles)))
    )
    changed = 0
    for row in rows.all():
        where = [key == row[index] for index, key in enumerate(keys)]
        await session.execute(
            update(table).where(*where).values({name: _scrub_value(row[-1], needles)})
        )
        changed += 1
    return changed


async def apply_retention(
    session: AsyncSession,
    now: datetime,
    *,
    retention_days: int,
    message_retention_days: int,
) -> RetentionReport:
    """Erase message texts past their time and removed people past theirs."""
    old = now - timedelta(days=message_retention_days)
    result = await session.execute(
        update(Message)
        .where(Message.created_at < old, Message.body != "")
        .values(body="", buttons=[], error_detail=None)
    )
    await session.execute(
        update(Escalation)
        .where(Escalation.created_at < old, Escalation.quote != "")
        .values(quote="")
    )
    removed_before = now - timedelta(days=retention_days)
    people = 0
    for role in (Role.SENIOR, Role.VOLUNTEER):
        model = _model(role)
        ids = list(
            await session.scalars(
                select(model.id).where(
                    model.removed_at.is_not(None),
                    model.removed_at <= removed_before,
                    model.erased_at.is_(None),
                )
            )
        )
        for person_id in ids:
            await erase_person(session, role, person_id, actor="system:retention", now=now)
            people += 1
    return RetentionReport(messages_erased=result.rowcount or 0, people_erased=people)  # type: ignore[attr-defined]
