"""Seniors and volunteers: add, upsert by phone, list.

A person is identified by their phone number (E.164): importing the same list
twice changes nothing, and a changed row updates the person in place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any, cast

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from bot.channels.types import Channel
from bot.core.errors import HejsanError
from bot.core.phone import normalize_phone, sms_capable
from bot.db.database import session_now
from bot.db.engine import insert_for
from bot.db.models import Address, AuditEntry, CloseContact, Senior, Volunteer
from bot.people.demo import has_demo, remove_demo
from bot.people.labels import clean_labels
from bot.people.languages import read_lang, supported_langs

LANDLINE_REASON = "kan inte ta emot sms (fast telefon?) / cannot receive SMS (landline?)"


class Role(StrEnum):
    SENIOR = "senior"
    VOLUNTEER = "volunteer"


class PersonError(HejsanError):
    """A person's data is invalid or clashes with someone else's; `field` names
    the form field at fault (name, phone, telegram, lang, tags, until, ...) so a
    page can show the message next to it."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class PersonInput:
    """What a coordinator gives for one person (CLI flags or one CSV row)."""

    name: str
    phone: str  # E.164
    telegram: str | None = None
    lang: str = "sv"
    tags: tuple[str, ...] = ()
    area: str | None = None
    org: str | None = None
    availability: str = ""
    max_open_cases: int | None = None
    sms_usable: bool = True  # False: a landline or service number, kept but never texted
    demo: bool = False
    warnings: tuple[str, ...] = ()  # imported anyway; told to the coordinator


@dataclass
class UpsertCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)
    # (index in the input, id) of people removed earlier: never re-added by
    # an import or an add, only by an explicit restore (`restore_person`).
    removed: list[tuple[int, int]] = field(default_factory=list)


def removed_earlier(role: Role, person_id: int) -> str:
    """Why a row about a removed person changed nothing, and how to undo the removal."""
    command = f"hejsan {role.value}s restore {person_id}"
    return (
        f"borttagen tidigare, läggs inte till igen; ångra med `{command}` / "
        f"removed earlier, not re-added; undo with `{command}`"
    )


def first_name(name: str | None) -> str:
    """How Hejsan addresses a person: "Anna" for "Anna Lindqvist"."""
    parts = (name or "").split()
    return parts[0] if parts else ""


def _language(raw: str | None, default: str, *, fallback: bool) -> tuple[str, str | None]:
    """The language code, and a warning when the default stands in (`fallback`);
    without `fallback` an unknown language is an error."""
    code, warning = read_lang(raw, default)
    if warning and not fallback:
        known = ", ".join(supported_langs())
        raise PersonError(
            f"språk {(raw or '')[:40]!r} stöds inte / unsupported language ({known})", field="lang"
        )
    return code, warning


def clean_person(
    *,
    name: str,
    phone: str,
    telegram: str | None = None,
    lang: str | None = None,
    tags: list[str] | tuple[str, ...] = (),
    area: str | None = None,
    org: str | None = None,
    availability: str = "",
    max_open_cases: int | None = None,
    default_lang: str = "sv",
    lang_fallback: bool = False,
    demo: bool = False,
) -> PersonInput:
    """Validate and normalise raw values; raise PersonError naming the problem.

    A landline is kept (marked SMS-unusable) with a warning. An unknown
    language is an error, or with `lang_fallback` (a list import) the default
    language with a warning: a person is never dropped for it.
    """
    name = " ".join((name or "").split())
    if not name:
        raise PersonError("namn saknas / name missing", field="name")
    if len(name) > 200:
        raise PersonError("namnet är för långt / name too long (max 200)", field="name")
    try:
        e164 = normalize_phone(phone)
    except ValueError as exc:
        raise PersonError(f"{phone[:40]!r}: {exc}", field="phone") from None
    code, lang_warning = _language(lang, default_lang, fallback=lang_fallback)
    warnings = [lang_warning] if lang_warning else []
    chat = (telegram or "").strip() or None
    if chat is not None and not chat.lstrip("-").isdigit():
        raise PersonError(
            f"telegram {chat[:40]!r}: ett chatt-id är siffror / a chat id is digits",
            field="telegram",
        )
    usable = sms_capable(e164)
    if not usable:
        warnings.append(f"{phone.strip()}: {LANDLINE_REASON}")
    labels = clean_labels(tags)
    if any(len(label) > 100 for label in labels):
        raise PersonError("en tagg är för lång / a tag is too long (max 100)", field="tags")
    return PersonInput(
        name=name,
        phone=e164,
        telegram=chat,
        lang=code,
        tags=labels,
        area=" ".join((area or "").split())[:100] or None,
        org=(org or "").strip() or None,
        availability=(availability or "").strip(),
        max_open_cases=max_open_cases,
        sms_usable=usable,
        demo=demo,
        warnings=tuple(warnings),
    )


def _clash(
    address: Address | None,
    chat: Address | None,
    owner_key: str,
    other_key: str,
    *,
    address_owner: Address | None,
) -> str | None:
    """Why this row cannot be saved without taking someone else's address, if so."""
    if address is not None and getattr(address, other_key) is not None:
        return "numret tillhör redan någon i den andra listan / number used by the other list"
    if chat is None:
        return None
    if getattr(chat, other_key) is not None:
        return "telegram-chatten tillhör någon annan / telegram chat used by someone else"
    chat_owner = getattr(chat, owner_key)
    phone_owner = getattr(address_owner, owner_key) if address_owner else None
    if chat_owner is not None and chat_owner != phone_owner:
        return "telegram-chatten tillhör någon annan / telegram chat used by someone else"
    return None


async def _insert_new(
    session: AsyncSession,
    role: Role,
    people: list[PersonInput],
    phones: dict[str, Address],
    chats: dict[str, Address],
    now: datetime,
) -> None:
    """Insert new people and their addresses in bulk (one statement per table).

    The ORM's unit of work costs about a millisecond a row; a coordinator's
    list of 10,000 should take seconds, not minutes.
    """
    model = _model(role)
    owner_key = _owner_key(role)
    rows = [{**_fields(role, p), "created_at": now, "updated_at": now} for p in people]
    result = await session.execute(
        insert(model).returning(model.id, sort_by_parameter_order=True), rows
    )
    ids = list(result.scalars())
    new_addresses: list[dict[str, Any]] = []
    for person, owner_id in zip(people, ids, strict=True):
        for channel, value, known in (
            (Channel.SMS, person.phone, phones),
            (Channel.TELEGRAM, person.telegram, chats),
        ):
            if not value:
                continue
            unusable = channel is Channel.SMS and not person.sms_usable
            existing = known.get(value)
            if existing is not None:  # an unknown sender who is now on the list
                setattr(existing, owner_key, owner_id)
            else:
                new_addresses.append(
                    {
                        "channel": channel.value,
                        "value": value,
                        owner_key: owner_id,
                        "created_at": now,
                        "unusable_at": now if unusable else None,
                        "unusable_reason": LANDLINE_REASON if unusable else None,
                    }
                )
    if new_addresses:
        await session.execute(_adopting_insert(session, owner_key), new_addresses)


def _adopting_insert(session: AsyncSession, owner_key: str) -> Any:
    """Insert addresses; one written meanwhile by a first message from that
    number (no owner yet) becomes the new person's, instead of a conflict."""
    statement = insert_for(session)(Address)
    fresh = statement.excluded
    return statement.on_conflict_do_update(
        index_elements=["channel", "value"],
        set_={
            owner_key: fresh[owner_key],
            "unusable_at": fresh.unusable_at,
            "unusable_reason": fresh.unusable_reason,
        },
        where=Address.senior_id.is_(None) & Address.volunteer_id.is_(None),
    )


def _fields(role: Role, person: PersonInput) -> dict[str, Any]:
    values: dict[str, Any] = {
        "name": person.name,
        "lang": person.lang,
        "tags": list(person.tags),
        "demo": person.demo,
    }
    if role is Role.SENIOR:
        values["area"] = person.area
    else:
        values["org"] = person.org
        values["availability"] = person.availability
        if person.max_open_cases is not None:
            values["max_open_cases"] = person.max_open_cases
    return values


def _model(role: Role) -> type[Senior] | type[Volunteer]:
    return Senior if role is Role.SENIOR else Volunteer


def _owner_key(role: Role) -> str:
    return "senior_id" if role is Role.SENIOR else "volunteer_id"


async def _addresses(
    session: AsyncSession, channel: Channel, values: list[str]
) -> dict[str, Address]:
    found: dict[str, Address] = {}
    for start in range(0, len(values), 500):
        chunk = values[start : start + 500]
        rows = await session.scalars(
            select(Address).where(Address.channel == channel.value, Address.value.in_(chunk))
        )
        found.update({row.value: row for row in rows})
    return found


async def _owners(
    session: AsyncSession, role: Role, phones: dict[str, Address]
) -> dict[int, Senior | Volunteer]:
    """The people of `role` who already own one of these phone numbers, by id."""
    model, owner_key = _model(role), _owner_key(role)
    owner_ids = {getattr(a, owner_key) for a in phones.values() if getattr(a, owner_key)}
    if not owner_ids:
        return {}
    found = await session.scalars(select(model).where(model.id.in_(owner_ids)))
    return {row.id: row for row in cast("list[Senior | Volunteer]", found.all())}


def _update(
    session: AsyncSession,
    role: Role,
    owner: Senior | Volunteer,
    person: PersonInput,
    chats: dict[str, Address],
    now: datetime,
) -> bool:
    """Bring a known person up to date (and link their Telegram chat); True if
    anything changed."""
    owner_key = _owner_key(role)
    values = _fields(role, person)
    changed = any(getattr(owner, key) != value for key, value in values.items())
    for key, value in values.items():
        setattr(owner, key, value)
    chat = chats.get(person.telegram) if person.telegram else None
    if chat is None and person.telegram:
        chats[person.telegram] = chat = Address(
            channel=Channel.TELEGRAM.value, value=person.telegram, created_at=now
        )
        session.add(chat)
    if chat is not None and getattr(chat, owner_key) != owner.id:
        setattr(chat, owner_key, owner.id)
        changed = True
    return changed


async def upsert_people(
    session: AsyncSession,
    role: Role,
    people: list[PersonInput],
    *,
    actor: str = "cli",
    now: datetime | None = None,
) -> UpsertCounts:
    """Create or update people by phone number, in the caller's transaction.

    The first real person takes the demo people's place: demo data goes. A
    person a coordinator removed is left alone (counted in `removed`): the
    municipality's list often still has them, and someone who asked to be
    taken off must not start getting texts again because of a routine import.
    """
    now = now or session_now(session)
    if any(not person.demo for person in people) and await has_demo(session):
        await remove_demo(session, actor=f"{actor} (first real person)", now=now)
    counts = UpsertCounts()
    owner_key = _owner_key(role)
    other_key = "volunteer_id" if role is Role.SENIOR else "senior_id"
    phones = await _addresses(session, Channel.SMS, [p.phone for p in people])
    chats = await _addresses(session, Channel.TELEGRAM, [p.telegram for p in people if p.telegram])
    owners = await _owners(session, role, phones)
    new_people: list[PersonInput] = []
    for index, person in enumerate(people, start=1):
        address = phones.get(person.phone)
        chat = chats.get(person.telegram) if person.telegram else None
        clash = _clash(address, chat, owner_key, other_key, address_owner=address)
        if clash:
            counts.errors.append((index, clash))
            continue
        owner = owners.get(getattr(address, owner_key)) if address else None
        if owner is None:
            new_people.append(person)
        elif owner.removed_at is not None:
            counts.removed.append((index, owner.id))
        elif _update(session, role, owner, person, chats, now):
            counts.updated += 1
        else:
            counts.unchanged += 1
    if new_people:
        await _insert_new(session, role, new_people, phones, chats, now)
        counts.created += len(new_people)
    if counts.created or counts.updated:
        details = {"created": counts.created, "updated": counts.updated}
        session.add(
            AuditEntry(at=now, actor=actor, action=f"{role.value}s.upsert", details=details)
        )
    await session.flush()
    return counts


def _address_of(person: Senior | Volunteer, channel: Channel) -> Address | None:
    """The address in use on `channel`: a usable one first, else the latest kept."""
    found = [a for a in person.addresses if a.channel == channel.value]
    found.sort(
        key=lambda a: (a.unusable_reason is None or a.unusable_reason == LANDLINE_REASON, a.id)
    )
    return found[-1] if found else None


def person_json(person: Senior | Volunteer) -> dict[str, Any]:
    """The stable JSON shape of `hejsan seniors|volunteers list --json`."""
    phone = _address_of(person, Channel.SMS)
    chat = _address_of(person, Channel.TELEGRAM)
    data: dict[str, Any] = {
        "id": person.id,
        "name": person.name,
        "phone": phone.value if phone else None,
        "telegram": chat.value if chat else None,
        "lang": person.lang,
        "tags": list(person.tags),
        "sms_usable": phone is not None and phone.unusable_at is None,
        "paused_until": person.paused_until.isoformat() if person.paused_until else None,
        "removed": person.removed_at is not None,
        "demo": person.demo,
    }
    if isinstance(person, Senior):
        data["area"] = person.area
        data["opted_out"] = person.opted_out_at is not None
        data["paused"] = person.paused
        data["safety_check_at"] = person.safety_check_at
        data["safety_reminders"] = person.safety_reminders
    else:
        data["org"] = person.org
        data["availability"] = person.availability
        data["max_open_cases"] = person.max_open_cases
        data["active"] = person.active
    return data


async def list_people(
    session: AsyncSession, role: Role, *, include_removed: bool = False
) -> list[dict[str, Any]]:
    """Everyone on the list (erased people never; removed ones on request;
    close contacts never among volunteers: they belong to their senior)."""
    model = _model(role)
    query = select(model).options(selectinload(model.addresses)).where(model.erased_at.is_(None))
    if not include_removed:
        query = query.where(model.removed_at.is_(None))
    if role is Role.VOLUNTEER:
        # A close contact is a Volunteer row, but belongs to their senior.
        query = query.where(Volunteer.id.not_in(select(CloseContact.volunteer_id)))
    rows = await session.scalars(query.order_by(model.id))
    return [person_json(row) for row in cast("list[Senior | Volunteer]", rows.all())]
