"""Pacing applied where proactive texts get their time: at most N a day, never
two within the gap, deferred never dropped, replies never held back."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.core.shell import Shell
from bot.db.database import Database
from bot.db.models import Message, Senior
from bot.db.outbox import SqlOutboxStore
from bot.people.directory import Role
from bot.turns.planning import plan
from bot.turns.turn import run_turn
from conversations.inputs import Input, MessagePrompt, Reply
from scheduler.dispatcher import Sent
from tests.bot.builders import ANNA, add_person, sms_shell
from tests.fakes.clock import Clock


@pytest.fixture
def clock() -> Clock:
    return Clock()  # Wednesday 2 December, 11:00 in Stockholm


@pytest.fixture
def shell(db_url: str, clock: Clock) -> Shell:
    return sms_shell(db_url, clock)


async def plan_for(db: Database, shell: Shell, senior_id: int, name: str, prompt: Input) -> None:
    await plan(
        db,
        shell,
        name=name,
        occurrence="2026-12-02T11:00",
        scheduled=shell.now(),
        senior_ids=[senior_id],
        make_prompt=lambda senior: prompt,
    )


async def send_due(db: Database, shell: Shell) -> list[str]:
    """What the dispatcher sends now, the provider accepting each text."""
    store = SqlOutboxStore(db)
    items = await store.claim_due(shell.now(), {}, other_channels=100)
    for item in items:
        await store.mark_sent(item, Sent(f"SM{item.id}", "sent"), shell.now())
    return [item.text for item in items]


async def due_times(db: Database, senior_id: int, kind: str = "proactive") -> list[datetime]:
    async with db.reading() as session:
        rows = await session.scalars(
            select(Message.next_attempt_at)
            .where(Message.senior_id == senior_id, Message.kind == kind)
            .order_by(Message.id)
        )
        return list(rows)


async def test_a_second_text_within_half_an_hour_waits_for_the_gap(
    db: Database, shell: Shell, clock: Clock
) -> None:
    anna = await add_person(db, Role.SENIOR, "Anna Lindqvist", ANNA)
    await plan_for(db, shell, anna.id, "info-1", MessagePrompt("Första"))
    assert await send_due(db, shell) == ["Första"]
    clock.advance(minutes=10)
    await plan_for(db, shell, anna.id, "info-2", MessagePrompt("Andra"))
    assert await send_due(db, shell) == [], "not ten minutes after the first"
    assert (await due_times(db, anna.id))[-1] == clock.now + timedelta(minutes=20)
    clock.advance(minutes=20)
    assert await send_due(db, shell) == ["Andra"]


async def test_a_third_text_the_same_day_waits_for_the_next_morning(
    db: Database, shell: Shell, clock: Clock
) -> None:
    anna = await add_person(db, Role.SENIOR, "Anna Lindqvist", ANNA)
    for n in range(3):
        await plan_for(db, shell, anna.id, f"info-{n}", MessagePrompt(f"Text {n}"))
        await send_due(db, shell)
        clock.advance(hours=1)
    due = await due_times(db, anna.id)
    assert due[2] == datetime(2026, 12, 3, 8, 0, tzinfo=UTC), "09:00 the next day: deferred"
    clock.now = datetime(2026, 12, 3, 8, 0, tzinfo=UTC)
    assert await send_due(db, shell) == ["Text 2"], "never dropped"


async def test_the_daily_cap_is_configurable(db_url: str, db: Database, clock: Clock) -> None:
    shell = sms_shell(db_url, clock, pacing={"daily_cap": 3, "min_gap_minutes": 0})
    anna = await add_person(db, Role.SENIOR, "Anna Lindqvist", ANNA)
    for n in range(3):
        await plan_for(db, shell, anna.id, f"info-{n}", MessagePrompt(f"Text {n}"))
        assert await send_due(db, shell) == [f"Text {n}"]


async def test_texts_planned_together_go_as_one(db: Database, shell: Shell, clock: Clock) -> None:
    anna = await add_person(db, Role.SENIOR, "Anna Lindqvist", ANNA)
    await plan_for(db, shell, anna.id, "info-1", MessagePrompt("Hej Anna! Första."))
    await plan_for(db, shell, anna.id, "info-2", MessagePrompt("Hej Anna! Andra."))
    assert await send_due(db, shell) == ["Hej Anna! Första.\n\nAndra."]


async def test_a_reply_is_never_paced(db: Database, shell: Shell, clock: Clock) -> None:
    anna = await add_person(db, Role.SENIOR, "Anna Lindqvist", ANNA)
    for n in range(2):
        await plan_for(db, shell, anna.id, f"info-{n}", MessagePrompt(f"Text {n}"))
        await send_due(db, shell)
        clock.advance(minutes=40)
    async with db.transaction() as session:
        senior = await session.get(Senior, anna.id)
        assert senior is not None
        await run_turn(session, shell, senior, Reply("ring mig"))
    (reply_due,) = await due_times(db, anna.id, kind="reply")
    assert reply_due == clock.now
