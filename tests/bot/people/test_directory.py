"""The register of people: clean input, first names, upserts by phone number."""

from __future__ import annotations

import pytest

from bot.db.database import Database
from bot.people.directory import (
    PersonError,
    Role,
    clean_person,
    first_name,
    list_people,
    upsert_people,
)
from tests.fakes.clock import Clock


def test_input_is_cleaned_the_way_a_coordinator_means_it() -> None:
    person = clean_person(
        name="  Anna   Lindqvist ",
        phone="070-174 06 05",
        lang="Svenska",
        tags=["Tyresö", " sopplunch ", ""],
    )
    assert (person.name, person.phone, person.lang) == ("Anna Lindqvist", "+46701740605", "sv")
    assert person.tags == ("sopplunch", "tyresö")
    assert first_name(person.name) == "Anna"


@pytest.mark.parametrize(
    ("fields", "complaint"),
    [
        ({"name": " ", "phone": "0701740605"}, "name missing"),
        ({"name": "Anna", "phone": "12"}, "'12'"),
        ({"name": "Anna", "phone": "0701740605", "lang": "de"}, "unsupported language"),
        ({"name": "Anna", "phone": "0701740605", "telegram": "@anna"}, "chat id is digits"),
    ],
)
def test_what_cannot_be_stored_is_refused_with_the_reason(
    fields: dict[str, str], complaint: str
) -> None:
    with pytest.raises(PersonError, match=complaint):
        clean_person(**fields)


async def test_the_same_phone_number_updates_the_person_it_belongs_to(db: Database) -> None:
    now = Clock().now
    anna = clean_person(name="Anna Lindqvist", phone="0701740605")
    moved = clean_person(name="Anna Lindqvist", phone="0701740605", area="Tyresö")
    async with db.transaction() as session:
        first = await upsert_people(session, Role.SENIOR, [anna], now=now)
        again = await upsert_people(session, Role.SENIOR, [anna], now=now)
        changed = await upsert_people(session, Role.SENIOR, [moved], now=now)
        listed = await list_people(session, Role.SENIOR)
    assert (first.created, again.unchanged, changed.updated) == (1, 1, 1)
    assert [(p["name"], p["area"]) for p in listed] == [("Anna Lindqvist", "Tyresö")]


async def test_a_number_that_belongs_to_a_volunteer_is_not_taken_by_a_senior(
    db: Database,
) -> None:
    async with db.transaction() as session:
        await upsert_people(
            session, Role.VOLUNTEER, [clean_person(name="Karin Ek", phone="0701740620")]
        )
        counts = await upsert_people(
            session, Role.SENIOR, [clean_person(name="Karin Ek", phone="0701740620")]
        )
    assert counts.created == 0
    assert len(counts.errors) == 1
