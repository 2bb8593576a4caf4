"""Changing a senior or volunteer over time: edit, pause, opt out, remove.

One service layer for the CLI and the console: every function takes the
caller's session, the acting coordinator (`actor`, written to the audit log)
and the time, and raises PersonError or NotFoundError with a message a
coordinator can act on.

Pausing stops everything Hejsan starts (campaigns, invitations, follow-ups
wait); replies to what the person writes, and safety, go on. Removing stops
all messages from Hejsan at once; the personal data is erased after
`[privacy] retention_days` by the retention job, statistics stay.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from bot.channels.types import Channel
from bot.core.errors import NotFoundError
from bot.core.phone import InvalidPhoneNumber, normalize_phone, sms_capable
from bot.db.models import Address, AuditEntry, ConversationState, Message, Senior, Timer, Volunteer
from bot.db.outbox_status import MessageStatus
from bot.people.directory import LANDLINE_REASON, PersonError, Role
from bot.people.labels import clean_labels
from bot.people.languages import read_lang

NUMBER_CHANGED = "nytt nummer / number changed"
REMOVED = "removed"

Person = Senior | Volunteer


@dataclass(frozen=True)
class PersonChanges:
    """What a coordinator changes; None leaves a field as it is."""

    name: str | None = None
    phone: str | None = None
    telegram: str | None = None
    lang: str | None = None
    tags: tuple[str, ...] | None = None
    area: str | None = None
    notes: str | None = None
    org: str | None = None
    availability: str | None = None
    max_open_cases: int | None = None


def _model(role: Role) -> type[Senior] | type[Volunteer]:
    return Senior if role is Role.SENIOR else Volunteer


def _owner_key(role: Role) -> str:
    return "senior_id" if role is Role.SENIOR else "volunteer_id"


def _what(role: Role) -> str:
    return "senior" if role is Role.SENIOR else "volontär / volunteer"


async def get_person(session: AsyncSession, role: Role, person_id: int) -> Person:
    """The person with their addresses; NotFoundError names the id."""
    model = _model(role)
    person = cast(
        "Person | None",
        await session.scalar(
            select(model).options(selectinload(model.addresses)).where(model.id == person_id)
        ),
    )
    if person is None or person.erased_at is not None:
        raise NotFoundError(f"ingen {_what(role)} med id {person_id} / no such id")
    return person


def _audit(
    session: AsyncSession,
    role: Role,
    person: Person,
    action: str,
    actor: str,
    now: datetime,
    **details: Any,
) -> None:
    session.add(
        AuditEntry(
            at=now,
            actor=actor,
            action=f"{role.value}.{action}",
            subject_type=role.value,
            subject_id=person.id,
            details=details,
        )
    )


async def _set_address(
    session: AsyncSession,
    role: Role,
    person: Person,
    channel: Channel,
    value: str | None,
    now: datetime,
) -> None:
    """Point the person's address on `channel` at `value` (None: drop it).

    The old address is kept, marked unusable, so past messages still say where
    they went; an unknown sender with the new address is adopted.
    """
    owner_key = _owner_key(role)
    current = [a for a in person.addresses if a.channel == channel.value and a.unusable_at is None]
    if value is not None and any(a.value == value for a in current):
        return
    existing = None
    if value is not None:
        existing = await session.scalar(
            select(Address).where(Address.channel == channel.value, Address.value == value)
        )
        owned = existing is not None and (existing.senior_id or existing.volunteer_id)
        if owned and getattr(existing, owner_key) != person.id:
            raise PersonError(
                f"{value} tillhör någon annan / belongs to someone else", field=channel.value
            )
    for address in current:
        address.unusable_at = now
        address.unusable_reason = NUMBER_CHANGED
    if value is None:
        return
    if existing is None:
        existing = Address(channel=channel.value, value=value, created_at=now)
        session.add(existing)
    setattr(existing, owner_key, person.id)
    existing.unusable_at = None
    existing.unusable_reason = None
    if channel is Channel.SMS and not sms_capable(value):
        existing.unusable_at = now
        existing.unusable_reason = LANDLINE_REASON


def _clean_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise PersonError("namn saknas / name missing", field="name")
    if len(cleaned) > 200:
        raise PersonError("namnet är för långt / name too long (max 200)", field="name")
    return cleaned


def _edit_role_fields(person: Person, changes: PersonChanges) -> list[str]:
    """The fields only a senior (area, notes) or a volunteer (org, hours) has."""
    fields: list[str] = []
    if isinstance(person, Senior):
        if changes.area is not None:
            person.area = " ".join(changes.area.split()) or None
            fields.append("area")
        if changes.notes is not None:
            person.notes = changes.notes.strip() or None
            fields.append("notes")
    else:
        if changes.org is not None:
            person.org = changes.org.strip() or None
            fields.append("org")
        if changes.availability is not None:
            person.availability = changes.availability.strip()
            fields.append("availability")
        if changes.max_open_cases is not None:
            if changes.max_open_cases < 0:
                raise PersonError(
                    "max ärenden måste vara 0 eller mer / must be 0 or more",
                    field="max_open_cases",
                )
            person.max_open_cases = changes.max_open_cases
            fields.append("max_open_cases")
    return fields


async def edit_person(
    session: AsyncSession,
    role: Role,
    person_id: int,
    changes: PersonChanges,
    *,
    actor: str,
    now: datetime,
    default_lang: str = "sv",
) -> tuple[Person, list[str]]:
    """Apply `changes`; return the person and warnings (a landline, a language)."""
    person = await get_person(session, role, person_id)
    warnings: list[str] = []
    fields: list[str] = []
    if changes.name is not None:
        person.name = _clean_name(changes.name)
        fields.append("name")
    if changes.lang is not None:
        lang, warning = read_lang(changes.lang, default_lang)
        if warning:
            raise PersonError(warning, field="lang")
        person.lang = lang
        fields.append("lang")
    if changes.tags is not None:
        person.tags = list(clean_labels(changes.tags))
        fields.append("tags")
    if changes.phone is not None:
        try:
            phone = normalize_phone(changes.phone)
        except InvalidPhoneNumber as exc:
            raise PersonError(f"{changes.phone[:40]!r}: {exc}", field="phone") from None
        await _set_address(session, role, person, Channel.SMS, phone, now)
        if not sms_capable(phone):
            warnings.append(LANDLINE_REASON)
        fields.append("phone")
    if changes.telegram is not None:
        chat = changes.telegram.strip() or None
        if chat is not None and not chat.lstrip("-").isdigit():
            raise PersonError(
                f"telegram {chat[:40]!r}: ett chatt-id är siffror / digits only", field="telegram"
            )
        await _set_address(session, role, person, Channel.TELEGRAM, chat, now)
        fields.append("telegram")
    fields += _edit_role_fields(person, changes)
    person.updated_at = now
    if person.demo:
        person.demo = False  # a coordinator made it theirs: it is no longer demo data
    _audit(session, role, person, "edited", actor, now, fields=fields)
    await session.flush()
    return person, warnings


async def pause_person(
    session: AsyncSession,
    role: Role,
    person_id: int,
    *,
    until: datetime | None,
    actor: str,
    now: datetime,
) -> Person:
    """Hejsan starts nothing with them until `until` (None: until resumed)."""
    person = await get_person(session, role, person_id)
    if person.removed_at is not None:  # a pause would read as if they could come back
        raise PersonError("personen är borttagen / the person was removed")
    if until is not None and until <= now:
        raise PersonError("--until måste vara i framtiden / must be in the future", field="until")
    if isinstance(person, Senior):
        person.paused = True
    else:
        person.active = False
    person.paused_until = until
    _audit(session, role, person, "paused", actor, now, until=until.isoformat() if until else None)
    await session.flush()
    return person


async def resume_person(
    session: AsyncSession, role: Role, person_id: int, *, actor: str, now: datetime
) -> Person:
    person = await get_person(session, role, person_id)
    if person.removed_at is not None:
        raise PersonError("personen är borttagen / the person was removed")
    _unpause(person)
    _audit(session, role, person, "resumed", actor, now)
    await session.flush()
    return person


def _unpause(person: Person) -> None:
    if isinstance(person, Senior):
        person.paused = False
    else:
        person.active = True
    person.paused_until = None


async def resume_due(session: AsyncSession, now: datetime) -> int:
    """Resume everyone whose pause has run out; returns how many."""
    resumed = 0
    for model in (Senior, Volunteer):
        due = await session.scalars(
            select(model).where(
                model.paused_until.is_not(None),
                model.paused_until <= now,
                model.removed_at.is_(None),
            )
        )
        for person in cast("list[Person]", list(due)):
            _unpause(person)
            role = Role.SENIOR if isinstance(person, Senior) else Role.VOLUNTEER
            _audit(session, role, person, "resumed", "system", now, reason="pause ended")
            resumed += 1
    await session.flush()
    return resumed


async def set_opted_out(
    session: AsyncSession, senior_id: int, opted_out: bool, *, actor: str, now: datetime
) -> Senior:
    """Opt a senior out (or back in) on their behalf, as if they wrote STOPP/START."""
    senior = await get_person(session, Role.SENIOR, senior_id)
    assert isinstance(senior, Senior)
    senior.opted_out_at = now if opted_out else None
    senior.opted_out_by = actor if opted_out else None
    row = await session.get(ConversationState, senior.id)
    if row is not None and bool(row.state.get("opted_out")) != opted_out:
        row.state = {**row.state, "opted_out": opted_out}
        row.updated_at = now
    _audit(session, Role.SENIOR, senior, "opted_out" if opted_out else "opted_in", actor, now)
    await session.flush()
    return senior


async def stop_messages(session: AsyncSession, role: Role, person_id: int, now: datetime) -> None:
    """Nothing more goes to this person: queued messages and their timers are dropped."""
    owner = Message.senior_id if role is Role.SENIOR else Message.volunteer_id
    await session.execute(
        update(Message)
        .where(
            owner == person_id, Message.direction == "out", Message.status == MessageStatus.QUEUED
        )
        .values(status=MessageStatus.FAILED, error_code=REMOVED, error_detail=None, updated_at=now)
    )
    await session.execute(delete(Timer).where(Timer.subject == f"{role.value}:{person_id}"))


async def remove_person(
    session: AsyncSession, role: Role, person_id: int, *, actor: str, now: datetime
) -> Person:
    """No more messages from now; the retention job erases them later."""
    person = await get_person(session, role, person_id)
    if person.removed_at is None:
        person.removed_at = now
    if isinstance(person, Senior):
        person.paused = True
    else:
        person.active = False
    person.paused_until = None
    await stop_messages(session, role, person.id, now)
    _audit(session, role, person, "removed", actor, now)
    await session.flush()
    return person


async def restore_person(
    session: AsyncSession, role: Role, person_id: int, *, actor: str, now: datetime
) -> Person:
    """Undo a removal before the retention job erased the person: on the
    lists again and reachable (not paused). An erased person is gone for
    good and is added anew instead."""
    person = await get_person(session, role, person_id)
    if person.removed_at is None:
        raise PersonError("personen är inte borttagen / the person was not removed")
    person.removed_at = None
    _unpause(person)
    _audit(session, role, person, "restored", actor, now)
    await session.flush()
    return person
