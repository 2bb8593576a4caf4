"""Planning many seniors at once writes exactly what one senior's turn writes.

The planner writes batches in set-based statements (bot.turns.plan_writes) instead
of going through the ORM turn by turn; these tests hold the two paths to the
same rows, on both databases, and drive several batches through the parallel
writers.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select, update

from bot.core.config import load_config
from bot.core.shell import Shell, build_shell
from bot.db.database import Database
from bot.db.models import CampaignRun, CheckInResult, Message, Senior, Timer
from bot.db.models import ConversationState as StateRow
from bot.db.timers import senior_subject
from bot.people.directory import Role, clean_person, upsert_people
from bot.turns.planning import PlanReport, plan
from bot.turns.turn import run_turn
from conversations.actions import TIMER_CHECKIN
from conversations.inputs import CheckInPrompt, EventInfo, Input, InvitationPrompt
from tests.fakes.clock import Clock

# Wednesday 2 December 2026, 22:00 in Stockholm: quiet hours until 09:00.
LATE = datetime(2026, 12, 2, 21, 0, tzinfo=UTC)
MORNING = datetime(2026, 12, 3, 8, 0, tzinfo=UTC)
PROMPT = CheckInPrompt(campaign="morgonkoll", occurrence="2026-12-03T10:00")


@pytest.fixture
async def database(db: Database) -> Database:
    await db.migrate()
    return db


def make_shell(database: Database, now: datetime) -> Shell:
    config = load_config(
        None,
        {
            "HEJSAN_DATABASE_URL": database.url,
            "HEJSAN_TWILIO_ACCOUNT_SID": "AC" + "0" * 32,
            "HEJSAN_TWILIO_AUTH_TOKEN": "not-used-here",
            "HEJSAN_TWILIO_FROM_NUMBER": "+46766860000",
        },
    )
    return build_shell(config, clock=Clock(now))


async def add_seniors(database: Database, *names: str) -> dict[str, int]:
    people = [
        clean_person(name=name, phone=f"070-174 {i // 100:02d} {i % 100:02d}")
        for i, name in enumerate(names, start=1)
    ]
    async with database.transaction() as session:
        await upsert_people(session, Role.SENIOR, people)
        rows = await session.execute(select(Senior.name, Senior.id))
        return {row.name: row.id for row in rows}


async def run_plan(
    database: Database,
    shell: Shell,
    ids: list[int] | None,
    event: Input = PROMPT,
    *,
    occurrence: str = PROMPT.occurrence,
    batch_size: int = 5000,
) -> PlanReport:
    return await plan(
        database,
        shell,
        name="morgonkoll",
        occurrence=occurrence,
        scheduled=shell.now(),
        senior_ids=ids,
        make_prompt=lambda senior: event,
        batch_size=batch_size,
    )


async def rows_of(database: Database, senior_id: int) -> dict[str, Any]:
    """What a senior's conversation left in the database, minus ids and keys."""
    async with database.sessions() as session:
        messages = [
            (
                m.direction,
                m.channel,
                m.body,
                m.buttons,
                m.kind,
                m.template,
                m.status,
                m.attempts,
                m.next_attempt_at,
                m.created_at,
            )
            for m in await session.scalars(select(Message).where(Message.senior_id == senior_id))
        ]
        state = await session.get(StateRow, senior_id)
        timers = [
            (t.kind, t.due_at, t.payload)
            for t in await session.scalars(
                select(Timer).where(Timer.subject == senior_subject(senior_id))
            )
        ]
    assert state is not None
    return {"messages": messages, "state": state.state, "timers": timers}


async def test_a_planned_senior_gets_the_rows_a_single_turn_writes(database: Database) -> None:
    ids = await add_seniors(database, "Anna Lindqvist", "Anna Berg")
    shell = make_shell(database, LATE)
    report = await run_plan(database, shell, [ids["Anna Lindqvist"]])
    async with database.transaction() as session:
        other = await session.get(Senior, ids["Anna Berg"])
        assert other is not None
        key = f"campaign:morgonkoll:{PROMPT.occurrence}:{other.id}"
        await run_turn(session, shell, other, PROMPT, idempotency_key=key)

    planned = await rows_of(database, ids["Anna Lindqvist"])
    single = await rows_of(database, ids["Anna Berg"])
    assert report.planned == 1
    assert planned == single
    (message,) = planned["messages"]
    assert message[2].startswith("Hej Anna")
    assert message[8] == MORNING  # asked at 22:00: waits for the end of quiet hours
    assert planned["timers"] == [(TIMER_CHECKIN, LATE + timedelta(hours=4), {})]
    async with database.sessions() as session:
        asked = await session.scalar(
            select(CheckInResult).where(CheckInResult.senior_id == ids["Anna Lindqvist"])
        )
    assert asked is not None
    assert (asked.occurrence, asked.asked_at, asked.answered_at) == (PROMPT.occurrence, LATE, None)


async def test_many_batches_plan_everyone_exactly_once(database: Database) -> None:
    names = [f"{first} Nilsson" for first in ("Anna", "Karl", "Eva", "Nils", "Siv")] + [
        f"Person{i} Berg" for i in range(18)
    ]
    ids = await add_seniors(database, *names)
    shell = make_shell(database, MORNING)
    report = await run_plan(database, shell, None, batch_size=4)
    async with database.sessions() as session:
        keys = sorted(await session.scalars(select(Message.idempotency_key)))
        states = set(await session.scalars(select(StateRow.senior_id)))
        bodies = {m.senior_id: m.body for m in await session.scalars(select(Message))}
    assert report.planned == len(names) == len(keys) == len(set(keys))
    assert keys == sorted(
        f"campaign:morgonkoll:{PROMPT.occurrence}:{senior_id}:0" for senior_id in ids.values()
    )
    assert states == set(ids.values())
    assert bodies[ids["Siv Nilsson"]].startswith("Hej Siv")
    assert bodies[ids["Person7 Berg"]].startswith("Hej Person7")

    # As if the process died before marking the run finished: nobody twice.
    async with database.transaction() as session:
        await session.execute(update(CampaignRun).values(finished_at=None))
    again = await run_plan(database, shell, None, batch_size=4)
    assert again.planned == 0
    assert again.skipped["already_planned"] == len(names)
    async with database.sessions() as session:
        assert len(list(await session.scalars(select(Message.id)))) == len(names)


async def test_the_next_occurrence_replaces_the_open_question(database: Database) -> None:
    ids = await add_seniors(database, "Anna Lindqvist", "Karl Holm")
    await run_plan(database, make_shell(database, MORNING), None)
    monday = MORNING + timedelta(days=4)
    next_prompt = CheckInPrompt(campaign="morgonkoll", occurrence="2026-12-07T10:00")
    report = await run_plan(
        database, make_shell(database, monday), None, next_prompt, occurrence="2026-12-07T10:00"
    )
    assert report.planned == 2
    for senior_id in ids.values():
        rows = await rows_of(database, senior_id)
        assert len(rows["messages"]) == 2
        assert rows["timers"] == [(TIMER_CHECKIN, monday + timedelta(hours=4), {})]
        [question] = rows["state"]["questions"]
        assert question["occurrence"] == "2026-12-07T10:00"


async def test_an_invitation_keeps_the_open_checkin_and_its_timer(database: Database) -> None:
    ids = await add_seniors(database, "Anna Lindqvist", "Karl Holm")
    shell = make_shell(database, MORNING)
    await run_plan(database, shell, None)
    lunch = EventInfo(
        id="1",
        title="Sopplunch",
        venue="Restaurang Utsikten",
        starts_at=datetime(2026, 12, 9, 12, 0, tzinfo=shell.tz),
    )
    report = await run_plan(
        database, shell, None, InvitationPrompt(lunch), occurrence="2026-12-09T12:00"
    )
    assert report.planned == 2
    for senior_id in ids.values():
        rows = await rows_of(database, senior_id)
        assert rows["timers"] == [(TIMER_CHECKIN, MORNING + timedelta(hours=4), {})]
        kinds = [question["kind"] for question in rows["state"]["questions"]]
        assert kinds == ["checkin", "invitation"]
        assert "Sopplunch" in rows["messages"][-1][2]


async def test_two_processes_planning_one_occurrence_at_once_each_say_what_they_queued(
    database: Database,
) -> None:
    """Two `campaign run --now` at the same moment (two processes: two engines)
    queue each senior once, and their reports add up to what was queued: on
    PostgreSQL the second waits for the first and finds it done."""
    ids = await add_seniors(database, *(f"Person{i} Berg" for i in range(300)))
    other_process = Database(database.url)
    try:
        shell = make_shell(database, MORNING)
        first, second = await asyncio.gather(
            run_plan(database, shell, None, batch_size=50),
            run_plan(other_process, shell, None, batch_size=50),
        )
    finally:
        await other_process.close()
    async with database.sessions() as session:
        queued = len(list(await session.scalars(select(Message.id))))
    assert queued == len(ids)
    assert first.planned + second.planned == queued, (first.planned, second.planned)
    if database.engine.dialect.name == "postgresql":
        assert sorted((first.planned, second.planned)) == [0, len(ids)]
        assert first.already_ran or second.already_ran
