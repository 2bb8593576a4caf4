"""Timer rows and the firing loop, with a handler table the test writes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.config import Config
from bot.core.shell import Shell, build_shell
from bot.db.database import Database
from bot.db.models import Timer
from bot.db.timers import (
    RETRY_BROKEN_TIMER,
    TimerHandlers,
    cancel_timer,
    fire_due,
    next_due,
    set_timer,
    subject_id,
)
from tests.fakes.clock import Clock


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def shell(db_url: str, clock: Clock) -> Shell:
    return build_shell(Config.model_validate({"database": {"url": db_url}}), clock)


async def timers(db: Database) -> list[tuple[str, str]]:
    async with db.reading() as session:
        rows = await session.scalars(select(Timer).order_by(Timer.id))
        return [(row.subject, row.kind) for row in rows]


async def test_a_due_timer_fires_once_and_is_gone(db: Database, shell: Shell) -> None:
    fired: list[int] = []

    async def reply_window(session: AsyncSession, shell: Shell, timer: Timer) -> int:
        fired.append(subject_id(timer))
        return 2

    async with db.transaction() as session:
        await set_timer(session, "senior:7", "reply", shell.now(), shell.now())
    table = TimerHandlers(by_subject={"senior": reply_window})
    assert await fire_due(db, shell, table) == 2
    assert await fire_due(db, shell, table) == 0
    assert fired == [7]
    assert await timers(db) == []


async def test_a_timer_not_yet_due_waits(db: Database, shell: Shell, clock: Clock) -> None:
    fired: list[str] = []

    async def handler(session: AsyncSession, shell: Shell, timer: Timer) -> int:
        fired.append(timer.kind)
        return 0

    later = shell.now() + timedelta(hours=1)
    async with db.transaction() as session:
        await set_timer(session, "senior:1", "reply", later, shell.now())
    table = TimerHandlers(by_subject={"senior": handler})
    await fire_due(db, shell, table)
    assert fired == []
    assert await next_due(db) == later
    clock.advance(hours=1)
    await fire_due(db, shell, table)
    assert fired == ["reply"]


async def test_setting_a_running_timer_moves_it_and_cancel_removes_it(
    db: Database, shell: Shell
) -> None:
    now = shell.now()
    async with db.transaction() as session:
        await set_timer(session, "senior:1", "reply", now + timedelta(hours=5), now)
        await set_timer(session, "senior:1", "reply", now + timedelta(hours=1), now)
        await set_timer(session, "senior:1", "reminder", now + timedelta(hours=2), now)
    assert await timers(db) == [("senior:1", "reply"), ("senior:1", "reminder")]
    assert await next_due(db) == now + timedelta(hours=1)
    async with db.transaction() as session:
        await cancel_timer(session, "senior:1", "reply")
    assert await timers(db) == [("senior:1", "reminder")]


async def test_a_broken_handler_is_retried_later_and_does_not_stop_the_others(
    db: Database, shell: Shell
) -> None:
    done: list[str] = []

    async def broken(session: AsyncSession, shell: Shell, timer: Timer) -> int:
        raise RuntimeError("bug")

    async def fine(session: AsyncSession, shell: Shell, timer: Timer) -> int:
        done.append(timer.subject)
        return 1

    async with db.transaction() as session:
        await set_timer(session, "event:1", "seat_check", shell.now(), shell.now())
        await set_timer(session, "senior:2", "reply", shell.now(), shell.now())
    table = TimerHandlers(by_subject={"event": broken, "senior": fine})
    assert await fire_due(db, shell, table) == 1
    assert done == ["senior:2"]
    async with db.reading() as session:
        kept = await session.scalar(select(Timer).where(Timer.subject == "event:1"))
    assert kept is not None
    assert kept.due_at == shell.now() + RETRY_BROKEN_TIMER


async def test_a_timer_nobody_handles_is_dropped(db: Database, shell: Shell) -> None:
    async with db.transaction() as session:
        await set_timer(session, "mystery:1", "x", shell.now(), shell.now())
    assert await fire_due(db, shell, TimerHandlers(by_subject={})) == 0
    assert await timers(db) == []


async def test_a_batch_handler_runs_in_its_own_transactions_then_the_timer_goes(
    db: Database, shell: Shell
) -> None:
    planned: list[tuple[int, str]] = []

    async def invite(database: Database, shell: Shell, event_id: int, kind: str) -> int:
        # Runs outside the firing transaction: it can write on its own.
        async with database.transaction() as session:
            await set_timer(session, "senior:9", "invitation", shell.now(), shell.now())
        planned.append((event_id, kind))
        return 40

    async with db.transaction() as session:
        await set_timer(session, "event:3", "invite", shell.now(), shell.now())
    table = TimerHandlers(by_subject={}, batches={("event", "invite"): invite})
    assert await fire_due(db, shell, table, limit=1) == 40
    assert planned == [(3, "invite")]
    assert await timers(db) == [("senior:9", "invitation")]
