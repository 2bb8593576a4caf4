"""Demo data: seeded on an empty database only, with a lunch next Wednesday."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from bot.db.database import Database
from bot.db.models import Event, Senior, Timer, Volunteer
from bot.events.demo_seed import DEMO_SENIORS, DEMO_VOLUNTEERS, seed_demo
from bot.people.directory import Role
from scheduler.invitation_plan import InvitationStage
from tests.bot.builders import add_person, sms_shell
from tests.fakes.clock import WEDNESDAY_11, Clock

STOCKHOLM = ZoneInfo("Europe/Stockholm")


async def count(db: Database, model: type[Senior] | type[Volunteer] | type[Event]) -> int:
    async with db.reading() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def test_an_empty_database_gets_the_demo_once(db: Database) -> None:
    async with db.transaction() as session:
        assert await seed_demo(session, sms_shell(db.url, Clock(WEDNESDAY_11)))
    async with db.transaction() as session:
        assert not await seed_demo(session, sms_shell(db.url, Clock(WEDNESDAY_11)))
    assert await count(db, Senior) == len(DEMO_SENIORS)
    assert await count(db, Volunteer) == len(DEMO_VOLUNTEERS)
    async with db.reading() as session:
        lunch = await session.scalar(select(Event))
    assert lunch is not None
    starts = lunch.starts_at.astimezone(STOCKHOLM)
    # Seeded on a Wednesday: the lunch is the Wednesday after, at noon.
    assert (starts.date().isoformat(), starts.hour) == ("2026-12-09", 12)
    async with db.reading() as session:
        stages = list(await session.scalars(select(Timer.kind).order_by(Timer.due_at)))
    # Like any event: invited now (a week ahead is today), reminded the day before.
    assert stages[0] == InvitationStage.INVITE
    assert InvitationStage.REMIND in stages


async def test_real_data_is_never_touched(db: Database) -> None:
    await add_person(db, Role.SENIOR, "Britt Nilsson", "+46701740650")
    async with db.transaction() as session:
        assert not await seed_demo(session, sms_shell(db.url, Clock()))
    assert await count(db, Senior) == 1
    assert await count(db, Event) == 0
