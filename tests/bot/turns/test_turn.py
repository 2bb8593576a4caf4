"""One turn of a senior's conversation: what the engine says becomes rows."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.core.config import Config
from bot.core.shell import Shell, build_shell
from bot.db.database import Database
from bot.db.models import AuditEntry, CheckInResult, Senior, Timer
from bot.db.timers import senior_subject
from bot.people.directory import Role
from bot.turns.turn import load_state, run_turn
from conversations.actions import TIMER_CHECKIN
from conversations.events import CheckInPrompt, Reply
from conversations.state import Awaiting
from tests.bot.builders import ANNA, add_person, sms_shell, texts_to
from tests.fakes.clock import Clock

PROMPT = CheckInPrompt(campaign="morgonkoll", occurrence="2026-12-02T10:00")


@pytest.fixture
def shell(db_url: str) -> Shell:
    return sms_shell(db_url, Clock())


async def turn(db: Database, shell: Shell, senior_id: int, event: object) -> None:
    async with db.transaction() as session:
        senior = await session.get(Senior, senior_id)
        assert senior is not None
        await run_turn(session, shell, senior, event)  # type: ignore[arg-type]


async def timers_of(db: Database, senior_id: int) -> list[str]:
    async with db.reading() as session:
        rows = await session.scalars(
            select(Timer.kind).where(Timer.subject == senior_subject(senior_id))
        )
        return list(rows)


async def test_a_check_in_asks_once_and_waits_for_the_answer(db: Database, shell: Shell) -> None:
    anna = await add_person(db, Role.SENIOR, "Anna Lindqvist", ANNA)
    await turn(db, shell, anna.id, PROMPT)
    texts = await texts_to(db, ANNA)
    assert len(texts) == 1
    assert "Anna" in texts[0]
    assert await timers_of(db, anna.id) == [TIMER_CHECKIN]
    async with db.reading() as session:
        senior = await session.get(Senior, anna.id)
        assert senior is not None
        assert (await load_state(session, senior)).awaiting is Awaiting.CHECKIN


async def test_an_answer_is_recorded_and_the_reply_window_closes(
    db: Database, shell: Shell
) -> None:
    anna = await add_person(db, Role.SENIOR, "Anna Lindqvist", ANNA)
    await turn(db, shell, anna.id, PROMPT)
    await turn(db, shell, anna.id, Reply("bra tack"))
    async with db.reading() as session:
        result = await session.scalar(select(CheckInResult))
    assert result is not None
    assert (result.campaign, result.mood) == ("morgonkoll", "good")
    assert result.answered_at == shell.now()
    assert await timers_of(db, anna.id) == []
    assert len(await texts_to(db, ANNA)) == 2  # the question and a short thank-you


async def test_stop_opts_the_senior_out_and_is_audited(db: Database, shell: Shell) -> None:
    anna = await add_person(db, Role.SENIOR, "Anna Lindqvist", ANNA)
    await turn(db, shell, anna.id, Reply("STOPP"))
    async with db.reading() as session:
        senior = await session.get(Senior, anna.id)
        audit = await session.scalar(
            select(AuditEntry.action).where(AuditEntry.subject_id == anna.id)
        )
    assert senior is not None
    assert senior.opted_out_at == shell.now()
    assert audit == "senior.opted_out"
    await turn(db, shell, anna.id, PROMPT)
    assert len(await texts_to(db, ANNA)) == 1, "only the goodbye; no check-in after STOPP"


async def test_a_senior_with_no_usable_address_is_logged_as_unreachable(
    db: Database, db_url: str
) -> None:
    config = Config.model_validate(
        {"database": {"url": db_url}, "telegram": {"token": "123456:" + "A" * 35}}
    )
    telegram_only = build_shell(config, Clock())  # Anna has only a phone number
    anna = await add_person(db, Role.SENIOR, "Anna Lindqvist", ANNA)
    await turn(db, telegram_only, anna.id, PROMPT)
    assert await texts_to(db, ANNA) == []
    async with db.reading() as session:
        actions = list(await session.scalars(select(AuditEntry.action)))
    assert "senior.unreachable" in actions
