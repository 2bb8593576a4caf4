"""Replies arriving while a campaign is being planned are never lost.

Planning reads a batch, steps it in memory and writes it later; a STOPP that
lands in between used to be overwritten by the check-in state computed before
it (the senior kept getting check-ins). Here seniors send STOPP one after
another while the planner walks through small batches: without the lock and
recheck (`bot.turns.plan_recheck`) some of the STOPPs are lost.
"""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import select

from bot.channels.types import Channel, InboundMessage
from bot.db.database import Database
from bot.db.models import ConversationState as StateRow
from bot.db.models import Message, Senior
from bot.people.directory import Role, clean_person, upsert_people
from bot.turns.inbound import receive
from tests.bot.turns.test_planning import MORNING, make_shell, run_plan

SENIORS = 120


@pytest.fixture
async def database(db: Database) -> Database:
    await db.migrate()
    return db


async def test_a_stop_during_planning_is_kept(database: Database) -> None:
    phones = [f"+4670174{i:04d}" for i in range(SENIORS)]
    people = [clean_person(name=f"Senior{i} Berg", phone=p) for i, p in enumerate(phones)]
    async with database.transaction() as session:
        await upsert_people(session, Role.SENIOR, people)
    shell = make_shell(database, MORNING)

    async def stop_one_after_another() -> None:
        for i, phone in enumerate(phones):
            inbound = InboundMessage(Channel.SMS, phone, "STOPP", f"SM-race-{i}", MORNING)
            await receive(database, shell, inbound)
            await asyncio.sleep(0.01)  # about the pace of one planned batch

    await asyncio.gather(run_plan(database, shell, None, batch_size=4), stop_one_after_another())

    async with database.reading() as session:
        rows = (
            await session.execute(
                select(Senior.id, Senior.opted_out_at, StateRow.state).join(
                    StateRow, StateRow.senior_id == Senior.id
                )
            )
        ).all()
        checkins = set(
            await session.scalars(
                select(Message.senior_id).where(Message.idempotency_key.like("campaign:%"))
            )
        )
    assert len(rows) == SENIORS
    assert all(row.opted_out_at is not None for row in rows)
    # A lost STOPP leaves the conversation open, and the check-ins would go on.
    assert [row.id for row in rows if not row.state["opted_out"]] == []
    assert checkins  # the planner did run beside the replies
