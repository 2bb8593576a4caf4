"""Writing a planned batch in a few set-based statements, on both databases:
the rows must read back exactly as a one-senior turn's, and a second run of
the same occurrence must change nothing a senior would notice."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from bot.db.database import Database
from bot.db.models import Address, CheckInResult, Message, Timer
from bot.db.models import ConversationState as StateRow
from bot.people.directory import Role
from bot.turns.plan_writes import MESSAGES, BatchRows, write_batch
from tests.bot.builders import ANNA, KARIN, add_person

NOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
PACED = NOW + timedelta(minutes=3)  # Karin's proactive text waits for the pace
PREFIX = "campaign:morgonkoll:2026-12-02T10:00:"
# Quotes, a newline, a backslash, letters beyond ASCII: passed through JSON intact.
TRICKY = 'Hej Anna! "Mår du bra?" Svara\nJA \\ NEJ – ok 👍'


async def two_seniors(db: Database) -> dict[str, tuple[int, int]]:
    """Anna and Karin as seniors: name -> (senior id, address id)."""
    found = {}
    for name, phone in (("Anna", ANNA), ("Karin", KARIN)):
        senior = await add_person(db, Role.SENIOR, f"{name} Berg", phone)
        async with db.reading() as session:
            address = await session.scalar(select(Address.id).where(Address.value == phone))
        assert address is not None
        found[name] = (senior.id, address)
    return found


def batch(people: dict[str, tuple[int, int]], state: str = '{"open": "checkin"}') -> BatchRows:
    """Anna and Karin share outcome 0: the question and a timer; Anna is
    also the only one asked (Karin's outcome counted as asked elsewhere)."""
    (anna, anna_address), (karin, karin_address) = people["Anna"], people["Karin"]
    buttons = json.dumps(["Bra\x1fbra", "Dåligt\x1fdåligt"])
    return BatchRows(
        seniors=[(anna, anna_address, "sms", 0, NOW), (karin, karin_address, "sms", 0, PACED)],
        messages=[
            (0, 0, TRICKY, buttons, "proactive", "checkin.question", NOW),
            (0, 1, "Tack!", "[]", "reply", None, NOW),
        ],
        states=[(0, state)],
        timers=[(0, "reply_window", NOW + timedelta(hours=4))],
        cancelled=[(anna, "followup")],
        asked=[anna],
    )


async def write(db: Database, rows: BatchRows) -> set[int]:
    async with db.transaction() as session:
        connection = await session.connection()
        return await write_batch(
            connection,
            rows,
            prefix=PREFIX,
            campaign="morgonkoll",
            occurrence="2026-12-02T10:00",
            now=NOW,
        )


async def test_a_batch_reads_back_like_rows_a_turn_wrote(db: Database) -> None:
    people = await two_seniors(db)
    anna, karin = people["Anna"][0], people["Karin"][0]
    assert await write(db, batch(people)) == {anna, karin}
    async with db.reading() as session:
        messages = list(await session.scalars(select(Message).order_by(Message.id)))
        states = dict((await session.execute(select(StateRow.senior_id, StateRow.state))).all())
        timers = list(await session.scalars(select(Timer)))
        asked = list(await session.scalars(select(CheckInResult)))
    by_key = {m.idempotency_key: m for m in messages}
    assert set(by_key) == {f"{PREFIX}{s}:{n}" for s in (anna, karin) for n in (0, 1)}
    question = by_key[f"{PREFIX}{anna}:0"]
    assert question.body == TRICKY
    assert question.buttons == ["Bra\x1fbra", "Dåligt\x1fdåligt"]
    assert (question.direction, question.status, question.senior_id) == ("out", "queued", anna)
    assert question.created_at == NOW
    # A proactive text goes at the senior's paced time; a reply at its own.
    assert by_key[f"{PREFIX}{karin}:0"].next_attempt_at == PACED
    assert by_key[f"{PREFIX}{karin}:1"].next_attempt_at == NOW
    assert states == {anna: {"open": "checkin"}, karin: {"open": "checkin"}}
    assert sorted((t.subject, t.kind, t.due_at) for t in timers) == sorted(
        (f"senior:{s}", "reply_window", NOW + timedelta(hours=4)) for s in (anna, karin)
    )
    assert [(a.senior_id, a.campaign, a.occurrence, a.asked_at) for a in asked] == [
        (anna, "morgonkoll", "2026-12-02T10:00", NOW)
    ]


async def test_written_times_compare_with_the_clock_like_orm_ones(db: Database) -> None:
    """SQLite stores times as text: in any other format "due now" would be
    compared as strings and the outbox would skip or resend rows."""
    people = await two_seniors(db)
    await write(db, batch(people))
    async with db.reading() as session:
        due = await session.scalar(
            select(func.count()).select_from(Message).where(Message.next_attempt_at <= NOW)
        )
        later = await session.scalar(
            select(func.count())
            .select_from(Message)
            .where(Message.next_attempt_at > NOW + timedelta(minutes=1))
        )
    assert (due, later) == (3, 1)


async def test_a_second_run_of_the_occurrence_queues_and_overwrites_nothing(
    db: Database,
) -> None:
    people = await two_seniors(db)
    await write(db, batch(people))
    async with db.transaction() as session:  # Anna answered in between
        row = await session.get_one(StateRow, people["Anna"][0])
        row.state = {"open": None}
    assert await write(db, batch(people, state='{"open": "again"}')) == set()
    async with db.reading() as session:
        count = await session.scalar(select(func.count()).select_from(Message))
        states = dict((await session.execute(select(StateRow.senior_id, StateRow.state))).all())
        asked = await session.scalar(select(func.count()).select_from(CheckInResult))
    assert count == 4
    assert states == {people["Anna"][0]: {"open": None}, people["Karin"][0]: {"open": "checkin"}}
    assert asked == 1


async def test_a_timer_the_outcome_cancels_is_gone_and_one_it_starts_is_moved(
    db: Database,
) -> None:
    people = await two_seniors(db)
    anna = people["Anna"][0]
    async with db.transaction() as session:
        for kind in ("followup", "reply_window"):
            session.add(
                Timer(subject=f"senior:{anna}", kind=kind, due_at=NOW, payload={}, created_at=NOW)
            )
    await write(db, batch(people))
    async with db.reading() as session:
        mine = dict(
            (
                await session.execute(
                    select(Timer.kind, Timer.due_at).where(Timer.subject == f"senior:{anna}")
                )
            ).all()
        )
    assert mine == {"reply_window": NOW + timedelta(hours=4)}


async def test_a_silent_outcome_stores_the_conversation_and_sends_nothing(db: Database) -> None:
    people = await two_seniors(db)
    anna, address = people["Anna"]
    rows = BatchRows([(anna, address, "sms", 0, NOW)], [], [(0, '{"paused": true}')], [], [], [])
    assert await write(db, rows) == set()
    async with db.reading() as session:
        assert await session.scalar(select(func.count()).select_from(Message)) == 0
        assert await session.scalar(select(StateRow.state)) == {"paused": True}


def test_the_same_set_is_a_json_array_for_sqlite_and_objects_for_postgresql() -> None:
    row = (0, 0, TRICKY, "[]", "reply", None, "2026-12-02 09:00:00.000000")
    sqlite = json.loads(MESSAGES.params("sqlite", [row])["m"])
    postgresql = json.loads(MESSAGES.params("postgresql", [row])["m"])
    assert sqlite == [list(row)]
    assert postgresql == [
        {
            "g": 0,
            "n": 0,
            "body": TRICKY,
            "buttons": "[]",
            "kind": "reply",
            "template": None,
            "due": "2026-12-02 09:00:00.000000",
        }
    ]
