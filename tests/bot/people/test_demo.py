"""Demo data is marked, never mixed with real people, and goes away as one."""

from __future__ import annotations

from sqlalchemy import func, select

from bot.db.database import Database
from bot.db.models import Event, Senior, Volunteer
from bot.events.demo_seed import seed_demo
from bot.people.demo import remove_demo
from bot.people.directory import Role, clean_person, list_people, upsert_people
from tests.bot.builders import sms_shell
from tests.fakes.clock import Clock


async def _count(db: Database, model: type[Senior] | type[Volunteer] | type[Event]) -> int:
    async with db.reading() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def test_demo_people_are_marked_and_go_when_the_first_real_person_comes(
    db: Database,
) -> None:
    async with db.transaction() as session:
        assert await seed_demo(session, sms_shell(db.url, Clock()))
        listed = await list_people(session, Role.SENIOR)
        assert listed
        assert all(person["demo"] for person in listed)
    async with db.transaction() as session:
        await upsert_people(
            session, Role.SENIOR, [clean_person(name="Elsa Nyberg", phone="070-174 06 50")]
        )
    async with db.reading() as session:
        assert [p["name"] for p in await list_people(session, Role.SENIOR)] == ["Elsa Nyberg"]
    assert (await _count(db, Volunteer), await _count(db, Event)) == (0, 0)


async def test_removed_demo_data_is_never_seeded_again(db: Database) -> None:
    async with db.transaction() as session:
        await seed_demo(session, sms_shell(db.url, Clock()))
    async with db.transaction() as session:
        removed = await remove_demo(session, actor="cli", now=db.now())
    assert (removed.seniors, removed.volunteers, removed.events) == (4, 3, 1)
    async with db.transaction() as session:
        assert not await seed_demo(session, sms_shell(db.url, Clock()))
    assert await _count(db, Senior) == 0
