"""Turning a form or JSON body into the people services' inputs: an add that
finds the number already there updates instead, errors name the field at
fault, and an edit carries only the fields the coordinator really changed."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from bot.console.forms import FormError
from bot.console.people_actions import EDIT_FIELDS, add_person, changes_from_form, current_values
from bot.db.database import Database
from bot.db.models import Senior, Volunteer
from bot.people.changes import PersonChanges
from bot.people.directory import PersonError, Role

NOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
ANNA = {"name": "Anna Lindqvist", "phone": "070-123 45 67", "tags": "Haninge, läsecirkel"}


async def _add(db: Database, role: Role, values: dict[str, str]) -> int:
    async with db.transaction() as session:
        added = await add_person(
            session, role, values, actor="account:1", now=NOW, default_lang="sv"
        )
    return added.person_id


async def _senior(db: Database, senior_id: int) -> Senior:
    async with db.reading() as session:
        senior = await session.scalar(
            select(Senior).options(selectinload(Senior.addresses)).where(Senior.id == senior_id)
        )
    assert senior is not None
    return senior


async def test_adding_the_same_number_again_updates_the_person(db: Database) -> None:
    async with db.transaction() as session:
        first = await add_person(
            session, Role.SENIOR, ANNA, actor="account:1", now=NOW, default_lang="sv"
        )
    async with db.transaction() as session:
        again = await add_person(
            session,
            Role.SENIOR,
            {"name": "Anna Lindqvist", "phone": "+46701234567", "area": "Centrum"},
            actor="account:1",
            now=NOW,
            default_lang="en",
        )
    assert first.created is True
    assert again.created is False
    assert again.person_id == first.person_id
    anna = await _senior(db, first.person_id)
    assert (anna.name, anna.area) == ("Anna Lindqvist", "Centrum")
    async with db.reading() as session:
        assert await session.scalar(select(func.count()).select_from(Senior)) == 1


async def test_adding_a_number_again_keeps_what_the_form_leaves_blank(db: Database) -> None:
    first = await _add(
        db, Role.SENIOR, {**ANNA, "lang": "fi", "area": "Brevik", "telegram": "5550601"}
    )
    again = await _add(db, Role.SENIOR, {"name": "Anna Lindqvist", "phone": "070-123 45 67"})
    assert again == first
    anna = await _senior(db, first)
    assert anna.lang == "fi", "a blank language field must not reset it to the default"
    assert anna.tags == ["Haninge", "läsecirkel"]
    assert anna.area == "Brevik"
    assert "5550601" in {address.value for address in anna.addresses}
    changed = await _add(db, Role.SENIOR, {**ANNA, "phone": "0701234567", "tags": "Tyresö"})
    assert changed == first
    assert (await _senior(db, first)).tags == ["Tyresö"], "what the form gives still changes"


async def test_the_default_language_is_used_when_none_is_chosen(db: Database) -> None:
    async with db.transaction() as session:
        added = await add_person(
            session,
            Role.VOLUNTEER,
            {"name": "John Smith", "phone": "0709876543", "org": "Röda Korset"},
            actor="account:1",
            now=NOW,
            default_lang="en",
        )
        volunteer = await session.get(Volunteer, added.person_id)
    assert volunteer is not None
    assert (volunteer.lang, volunteer.org) == ("en", "Röda Korset")


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"name": "", "phone": "0701234567"}, "name"),
        ({"name": "Anna", "phone": "12"}, "phone"),
        ({"name": "Anna", "phone": "0701234567", "lang": "xx"}, "lang"),
    ],
)
async def test_a_bad_value_names_its_field(
    db: Database, values: dict[str, str], field: str
) -> None:
    async with db.transaction() as session:
        with pytest.raises(PersonError) as raised:
            await add_person(
                session, Role.SENIOR, values, actor="account:1", now=NOW, default_lang="sv"
            )
    assert raised.value.field == field


async def test_a_volunteer_s_number_is_not_taken_by_a_new_senior(db: Database) -> None:
    await _add(db, Role.VOLUNTEER, {"name": "Karin Ek", "phone": "0701234567"})
    async with db.transaction() as session:
        with pytest.raises(PersonError) as raised:
            await add_person(
                session, Role.SENIOR, ANNA, actor="account:1", now=NOW, default_lang="sv"
            )
    assert raised.value.field == "phone"


async def test_the_edit_form_shows_blanks_not_none_and_tags_with_commas(db: Database) -> None:
    anna = await _senior(db, await _add(db, Role.SENIOR, ANNA))
    shown = current_values(anna)
    assert shown["phone"] == "+46701234567"
    assert shown["tags"] == "Haninge, läsecirkel"
    assert (shown["telegram"], shown["area"], shown["notes"]) == ("", "", "")
    assert set(EDIT_FIELDS[Role.SENIOR]) <= set(shown)


async def test_an_edit_carries_only_what_was_changed(db: Database) -> None:
    anna = await _senior(db, await _add(db, Role.SENIOR, ANNA))
    as_shown = current_values(anna)
    assert changes_from_form(Role.SENIOR, anna, as_shown) == PersonChanges()
    typed = {
        **as_shown,
        "area": "  Centrum ",
        "tags": "Haninge,  promenad",
        "phone": "",
        "org": "ignored for a senior",
    }
    assert changes_from_form(Role.SENIOR, anna, typed) == PersonChanges(
        area="Centrum", tags=("Haninge", "promenad")
    )
    assert changes_from_form(Role.SENIOR, anna, {"notes": "Hörsel: ring länge"}) == PersonChanges(
        notes="Hörsel: ring länge"
    )


async def test_a_volunteer_s_case_limit_must_be_a_number(db: Database) -> None:
    karin_id = await _add(db, Role.VOLUNTEER, {"name": "Karin Ek", "phone": "0709876543"})
    async with db.reading() as session:
        karin = await session.scalar(
            select(Volunteer)
            .options(selectinload(Volunteer.addresses))
            .where(Volunteer.id == karin_id)
        )
    assert karin is not None
    assert changes_from_form(Role.VOLUNTEER, karin, {"max_open_cases": "5"}) == PersonChanges(
        max_open_cases=5
    )
    with pytest.raises(FormError):
        changes_from_form(Role.VOLUNTEER, karin, {"max_open_cases": "tre"})
