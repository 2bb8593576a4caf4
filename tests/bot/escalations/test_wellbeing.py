"""Silence and a run of bad days open a case; never a second one while one is open."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.core.shell import Shell
from bot.db.database import Database
from bot.db.models import Escalation, Senior
from bot.people.directory import Role
from bot.turns.planning import plan
from bot.turns.timer_handlers import fire_due_timers
from bot.turns.turn import run_turn
from conversations.events import CheckInPrompt, Reply
from tests.bot.builders import ANNA, add_person, sms_shell
from tests.fakes.clock import Clock


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def shell(db_url: str, clock: Clock) -> Shell:
    return sms_shell(db_url, clock)


async def ask(db: Database, shell: Shell, senior_id: int, day: int) -> None:
    """The morning check-in campaign asks, as its occurrence does."""
    occurrence = f"2026-12-{day:02d}T10:00"
    prompt = CheckInPrompt(campaign="morgonkoll", occurrence=occurrence)
    await plan(
        db,
        shell,
        name="morgonkoll",
        occurrence=occurrence,
        scheduled=shell.now(),
        senior_ids=[senior_id],
        make_event=lambda senior: prompt,
        record_checkin=True,
    )


async def let_the_day_pass(db: Database, shell: Shell, clock: Clock) -> None:
    """The reply window and the gentle follow-up's window run out unanswered."""
    for _ in range(4):
        clock.advance(hours=6)
        await fire_due_timers(db, shell)


async def answer(db: Database, shell: Shell, senior_id: int, text: str) -> None:
    async with db.transaction() as session:
        senior = await session.get(Senior, senior_id)
        assert senior is not None
        await run_turn(session, shell, senior, Reply(text))


async def cases(db: Database) -> list[str]:
    async with db.reading() as session:
        return list(await session.scalars(select(Escalation.reason).order_by(Escalation.id)))


async def test_two_missed_check_ins_in_a_row_open_a_no_reply_case(
    db: Database, shell: Shell, clock: Clock
) -> None:
    anna = await add_person(db, Role.SENIOR, "Anna Lindqvist", ANNA)
    for day in (2, 3, 4):
        await ask(db, shell, anna.id, day)
        await let_the_day_pass(db, shell, clock)
        if day == 2:
            assert await cases(db) == [], "one silent day is not yet a worry"
    assert await cases(db) == ["no_reply"], "and never a second case while one is open"


async def test_an_answered_check_in_breaks_the_silence(
    db: Database, shell: Shell, clock: Clock
) -> None:
    anna = await add_person(db, Role.SENIOR, "Anna Lindqvist", ANNA)
    await ask(db, shell, anna.id, 2)
    await let_the_day_pass(db, shell, clock)
    await ask(db, shell, anna.id, 3)
    await answer(db, shell, anna.id, "bra")
    await let_the_day_pass(db, shell, clock)
    await ask(db, shell, anna.id, 4)
    await let_the_day_pass(db, shell, clock)
    assert await cases(db) == [], "missed, answered, missed: not two in a row"


async def test_three_bad_days_in_a_row_open_a_low_mood_case(
    db: Database, shell: Shell, clock: Clock
) -> None:
    anna = await add_person(db, Role.SENIOR, "Anna Lindqvist", ANNA)
    for day, mood in ((2, "dåligt"), (3, "inte bra"), (4, "dåligt")):
        await ask(db, shell, anna.id, day)
        await answer(db, shell, anna.id, mood)
        clock.advance(days=1)
        if day < 4:
            assert await cases(db) == []
    assert await cases(db) == ["low_mood"]
