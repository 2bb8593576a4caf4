"""A paused senior hears nothing Hejsan starts: follow-ups wait for the pause to end."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from bot.core.config import load_config
from bot.core.shell import build_shell
from bot.db.database import Database
from bot.db.models import Message, Senior, Timer
from bot.people.changes import pause_person
from bot.people.directory import Role, clean_person, upsert_people
from bot.turns.timer_handlers import fire_due_timers
from conversations.actions import TIMER_CHECKIN

NOW = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)


async def test_a_follow_up_due_during_a_pause_waits_until_it_ends(db: Database) -> None:
    await db.migrate()
    config = load_config(None, {"HEJSAN_DATABASE_URL": db.url})
    shell = build_shell(config, clock=lambda: NOW)
    until = NOW + timedelta(days=10)
    async with db.transaction() as session:
        await upsert_people(session, Role.SENIOR, [clean_person(name="Anna", phone="0701740605")])
        anna = await session.scalar(select(Senior.id))
        assert anna is not None
        session.add(Timer(subject=f"senior:{anna}", kind=TIMER_CHECKIN, due_at=NOW, payload={}))
        await pause_person(session, Role.SENIOR, anna, until=until, actor="cli", now=NOW)
    assert await fire_due_timers(db, shell) == 0
    async with db.reading() as session:
        assert await session.scalar(select(func.count()).select_from(Message)) == 0
        timer = await session.scalar(select(Timer))
        assert timer is not None
        assert (timer.kind, timer.due_at) == (TIMER_CHECKIN, until)
