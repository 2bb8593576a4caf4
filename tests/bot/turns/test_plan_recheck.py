"""A planned batch is written only over the conversations it was stepped from:
the compare, the lock that makes compare and write one step, and the rows
left out for a senior whose conversation moved on."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest
from sqlalchemy import String, cast, delete, select

from bot.db.database import Database
from bot.db.models import ConversationState as StateRow
from bot.db.models import Senior
from bot.people.directory import Role
from bot.turns.plan_recheck import had_messages, lock_and_find_changed, without
from bot.turns.plan_writes import BatchRows
from bot.turns.turn import load_locked
from tests.bot.builders import ANNA, KARIN, add_person

NOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
GOSTA = "+46701740606"


async def stored(db: Database) -> dict[int, str | None]:
    """Each senior's conversation as planning reads it (JSON text or None)."""
    async with db.reading() as session:
        ids = list(await session.scalars(select(Senior.id)))
        rows = await session.execute(select(StateRow.senior_id, cast(StateRow.state, String)))
        states: dict[int, str | None] = dict.fromkeys(ids)
        states.update({senior_id: text for senior_id, text in rows})
        return states


async def changed(db: Database, stepped: dict[int, str | None]) -> set[int]:
    async with db.transaction() as session:
        return await lock_and_find_changed(await session.connection(), stepped)


async def set_state(db: Database, senior_id: int, state: dict[str, object]) -> None:
    async with db.transaction() as session:
        row = await session.get(StateRow, senior_id)
        if row is None:
            session.add(StateRow(senior_id=senior_id, state=state, updated_at=NOW))
        else:
            row.state = state


async def test_nothing_stepped_is_nothing_changed(db: Database) -> None:
    assert await changed(db, {}) == set()


async def test_only_a_conversation_that_moved_on_is_changed(db: Database) -> None:
    anna = (await add_person(db, Role.SENIOR, "Anna Berg", ANNA)).id
    karin = (await add_person(db, Role.SENIOR, "Karin Ek", KARIN)).id
    gosta = (await add_person(db, Role.SENIOR, "Gösta Holm", GOSTA)).id
    await set_state(db, anna, {"open": "checkin"})
    stepped = await stored(db)  # Anna has a conversation, Karin and Gösta none yet
    assert await changed(db, stepped) == set()
    await set_state(db, anna, {"open": None})  # Anna answered
    await set_state(db, karin, {"stopped": True})  # Karin wrote STOPP, her first word
    assert await changed(db, stepped) == {anna, karin}
    assert gosta not in await changed(db, stepped)


async def test_a_senior_removed_since_the_read_is_changed(db: Database) -> None:
    """Their rows must not be written: the messages would have no one to go to."""
    anna = (await add_person(db, Role.SENIOR, "Anna Berg", ANNA)).id
    stepped = await stored(db)
    async with db.transaction() as session:
        await session.execute(delete(Senior).where(Senior.id == anna))
    assert await changed(db, stepped) == {anna}


async def test_the_compare_waits_for_a_turn_in_progress_and_sees_what_it_wrote(
    db: Database,
) -> None:
    """A turn holds Anna's row; the batch's compare must wait for its commit
    and then read the conversation it wrote, not the one from before the wait."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("overlapping transactions: SQLite has one writer at a time")
    anna = (await add_person(db, Role.SENIOR, "Anna Berg", ANNA)).id
    await set_state(db, anna, {"open": "checkin"})
    stepped = await stored(db)
    async with db.transaction() as turn:
        assert await load_locked(turn, anna) is not None
        row = await turn.get_one(StateRow, anna)
        row.state = {"open": None}
        await turn.flush()
        compare = asyncio.create_task(changed(db, stepped))
        await asyncio.sleep(0.5)
        assert not compare.done()  # waiting for the turn's lock
    assert await asyncio.wait_for(compare, 10) == {anna}


def rows() -> BatchRows:
    """Three seniors: 1 and 2 share outcome 0 (a text), 3 has outcome 1 (silent)."""
    return BatchRows(
        seniors=[(1, 11, "sms", 0, NOW), (2, 12, "sms", 0, NOW), (3, 13, "sms", 1, NOW)],
        messages=[(0, 0, "Hej!", "[]", "proactive", "checkin.question", NOW)],
        states=[(0, "{}"), (1, "{}")],
        timers=[(0, "reply_window", NOW)],
        cancelled=[(1, "followup"), (2, "followup")],
        asked=[1, 2],
    )


def test_without_leaves_out_everything_about_those_seniors_only() -> None:
    kept = without(rows(), {2})
    assert [s[0] for s in kept.seniors] == [1, 3]
    assert kept.cancelled == [(1, "followup")]
    assert kept.asked == [1]
    # The outcomes stay: senior 1 still shares outcome 0.
    assert (kept.messages, kept.states, kept.timers) == (
        rows().messages,
        rows().states,
        rows().timers,
    )
    assert kept.texting() == {1}


def test_without_nobody_is_the_batch_as_it_was() -> None:
    original = rows()
    assert without(original, set()) is original


def test_had_messages_counts_only_those_who_would_have_had_a_text() -> None:
    assert had_messages(rows(), {1, 2, 3}) == 2
    assert had_messages(rows(), {3}) == 0
    assert had_messages(rows(), set()) == 0
