"""Adding and editing people from the console's forms and the JSON API.

Both go through the same services as `hejsan seniors|volunteers add|edit`
(bot/people/directory.py, bot/people/changes.py); this module only turns what
a form or a JSON body holds into their inputs, so pages and API cannot drift.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from bot.console import audit
from bot.console.forms import optional_int, tag_list
from bot.db.models import Account, Address, Senior, Volunteer
from bot.people.changes import PersonChanges
from bot.people.directory import (
    PersonError,
    PersonInput,
    Role,
    clean_person,
    person_json,
    upsert_people,
)

# The edit form's fields per role, in the order the page shows them.
EDIT_FIELDS = {
    Role.SENIOR: ("name", "phone", "telegram", "lang", "tags", "area", "notes"),
    Role.VOLUNTEER: (
        "name",
        "phone",
        "telegram",
        "lang",
        "tags",
        "org",
        "availability",
        "max_open_cases",
    ),
}


@dataclass(frozen=True)
class Added:
    person_id: int
    created: bool  # False: someone with this number was there and was updated
    warnings: tuple[str, ...]


async def add_person(
    session: AsyncSession,
    role: Role,
    values: Mapping[str, Any],
    *,
    actor: str,
    now: datetime,
    default_lang: str,
) -> Added:
    """Add a person (or update the one with this phone number), as the CLI's
    `add` does. Adding a number that is already there fills in what the form
    gives and keeps the rest: a blank language, tag or area field never wipes
    what the person had."""
    person = _person_from(values, default_lang)
    existing = await _owner_of(session, role, person.phone)
    if existing is not None:
        kept = current_values(existing)
        given = {key: value for key, value in values.items() if str(value or "").strip()}
        person = _person_from({**kept, **given}, default_lang)
    counts = await upsert_people(session, role, [person], actor=actor, now=now)
    if counts.errors:
        problem = counts.errors[0][1]
        raise PersonError(problem, field="telegram" if "telegram" in problem else "phone")
    owner = Address.senior_id if role is Role.SENIOR else Address.volunteer_id
    person_id = await session.scalar(
        select(owner).where(Address.channel == "sms", Address.value == person.phone)
    )
    assert person_id is not None  # upsert_people just wrote it
    return Added(int(person_id), counts.created > 0, person.warnings)


def _person_from(values: Mapping[str, Any], default_lang: str) -> PersonInput:
    return clean_person(
        name=str(values.get("name") or ""),
        phone=str(values.get("phone") or ""),
        telegram=str(values.get("telegram") or "") or None,
        lang=str(values.get("lang") or "") or None,
        tags=tag_list(str(values.get("tags") or "")),
        area=str(values.get("area") or "") or None,
        org=str(values.get("org") or "") or None,
        default_lang=default_lang,
    )


async def _owner_of(session: AsyncSession, role: Role, phone: str) -> Senior | Volunteer | None:
    """The person of `role` who has this SMS number, with their addresses."""
    number = (Address.channel == "sms", Address.value == phone)
    if role is Role.SENIOR:
        senior_id = select(Address.senior_id).where(*number).scalar_subquery()
        return await session.scalar(
            select(Senior).options(selectinload(Senior.addresses)).where(Senior.id == senior_id)
        )
    volunteer_id = select(Address.volunteer_id).where(*number).scalar_subquery()
    return await session.scalar(
        select(Volunteer)
        .options(selectinload(Volunteer.addresses))
        .where(Volunteer.id == volunteer_id)
    )


async def add_person_audited(
    session: AsyncSession,
    role: Role,
    values: Mapping[str, Any],
    *,
    account: Account,
    now: datetime,
    ip: str | None,
    default_lang: str,
    **details: Any,
) -> Added:
    """`add_person` by a console account, with its audit row in the same
    transaction (pages and API write the same row)."""
    added = await add_person(
        session, role, values, actor=f"account:{account.id}", now=now, default_lang=default_lang
    )
    audit.record(
        session,
        account=account,
        action=f"{role.value}.{'added' if added.created else 'edited'}",
        now=now,
        ip=ip,
        senior_id=added.person_id if role is Role.SENIOR else None,
        subject_type=role.value,
        subject_id=added.person_id,
        **details,
    )
    return added


def current_values(person: Any) -> dict[str, str]:
    """A person's editable fields as the edit form shows them."""
    data = person_json(person)
    shown = {key: "" if value is None else str(value) for key, value in data.items()}
    shown["tags"] = ", ".join(data["tags"])
    shown["notes"] = getattr(person, "notes", None) or ""
    return shown


def changes_from_form(role: Role, person: Any, form: Mapping[str, Any]) -> PersonChanges:
    """Only what the coordinator changed: a field left as shown stays out of the
    change (and out of the audit row's list of fields)."""
    before = current_values(person)
    changed: dict[str, Any] = {}
    for key in EDIT_FIELDS[role]:
        if key not in form:
            continue
        typed = str(form[key]).strip()
        if typed == before.get(key, "").strip():
            continue
        if key == "phone" and not typed:
            continue  # a number is removed by giving a new one, never by a blank
        changed[key] = typed
    if "tags" in changed:
        changed["tags"] = tag_list(changed["tags"])
    if "max_open_cases" in changed:
        changed["max_open_cases"] = optional_int(changed["max_open_cases"], "max_open_cases")
    return PersonChanges(**changed)
