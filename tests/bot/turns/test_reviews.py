"""The "Att läsa" list: replies Hejsan cannot read with confidence are stored
for a person, listed, corrected and exported as labelled replies (issue 13),
on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select
from typer.testing import CliRunner

from bot.cli.main import app
from bot.core.config import Config
from bot.core.shell import build_shell
from bot.db.database import Database
from bot.db.models import Address, Escalation, Message, Senior
from bot.people.directory import Role, clean_person, upsert_people
from bot.turns.timer_handlers import fire_due_timers
from bot.turns.turn import run_turn
from conversations.inputs import Reply

NOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
ANNA = "+46701234567"


def reply(db_url: str, text: str, at: datetime = NOW) -> None:
    """Anna texts `text` through the real turn (the CLI then runs its own loop)."""
    asyncio.run(_reply(db_url, text, at))


async def _reply(db_url: str, text: str, at: datetime) -> None:
    db = Database(db_url)
    try:
        await db.migrate()
        await _turn(db, db_url, text, at)
    finally:
        await db.close()


async def _turn(db: Database, db_url: str, text: str, at: datetime) -> None:
    shell = build_shell(Config.model_validate({"database": {"url": db_url}}), lambda: at)
    async with db.transaction() as session:
        await upsert_people(session, Role.SENIOR, [clean_person(name="Anna", phone=ANNA)])
    async with db.transaction() as session:
        senior = await session.scalar(select(Senior).where(Senior.name == "Anna"))
        address = await session.scalar(select(Address).where(Address.value == ANNA))
        assert senior is not None
        assert address is not None
        message = Message(
            direction="in", channel="sms", address_id=address.id, senior_id=senior.id,
            body=text, kind="inbound",
        )  # fmt: skip
        session.add(message)
        await session.flush()
        await run_turn(session, shell, senior, Reply(text), reply_to=address, inbound=message)


def fire_timers_at(db_url: str, moment: datetime) -> list[tuple[str, str]]:
    """Fire the timers due at `moment`; the cases that exist then (reason, quote)."""
    return asyncio.run(_fire(db_url, moment))


async def _fire(db_url: str, moment: datetime) -> list[tuple[str, str]]:
    db = Database(db_url)
    try:
        shell = build_shell(Config.model_validate({"database": {"url": db_url}}), lambda: moment)
        await fire_due_timers(db, shell)
        async with db.transaction() as session:
            cases = await session.execute(select(Escalation.reason, Escalation.quote))
            return [(reason, quote) for reason, quote in cases]
    finally:
        await db.close()


def hejsan(config_file: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, [*args, "--config", str(config_file)])
    return result.exit_code, result.stdout + result.stderr


def test_an_unreadable_reply_is_listed_for_a_person(db_url: str, config_file: Path) -> None:
    reply(db_url, "Hyvin menee, kiitos")
    reply(db_url, "bra")
    code, out = hejsan(config_file, "review", "list", "--json")
    assert code == 0, out
    items = json.loads(out)
    assert [(item["text"], item["reason"]) for item in items] == [
        ("Hyvin menee, kiitos", "language")
    ]
    assert items[0]["senior"] == "Anna"
    assert items[0]["reading"]["mood"] == "good"


def test_a_correction_takes_the_reply_off_the_list_and_is_exported(
    db_url: str, config_file: Path
) -> None:
    reply(db_url, "har fått nya tabletter och ser suddigt sen dess")
    _, out = hejsan(config_file, "review", "list", "--json")
    reading_id = json.loads(out)[0]["id"]
    code, out = hejsan(
        config_file, "review", "label", str(reading_id), "--urgent", "--mood", "bad", "--by", "KE"
    )
    assert code == 0, out
    _, out = hejsan(config_file, "review", "list", "--json")
    assert json.loads(out) == []
    code, out = hejsan(config_file, "readings", "export", "--jsonl")
    assert code == 0, out
    exported = [json.loads(line) for line in out.splitlines()]
    assert exported == [
        {
            "context": "none", "lang": "sv",
            "text": "har fått nya tabletter och ser suddigt sen dess",
            "mood": "bad", "rsvp": None, "guests": None, "contact": True, "urgent": True,
            "stop": False,
        }
    ]  # fmt: skip


def test_labelling_an_unknown_reading_is_a_clear_error(config_file: Path) -> None:
    code, out = hejsan(config_file, "review", "label", "999", "--mood", "ok")
    assert code != 0
    assert "999" in out


def test_labelling_refuses_a_mood_that_does_not_exist(config_file: Path) -> None:
    code, out = hejsan(config_file, "review", "label", "1", "--mood", "happy")
    assert code != 0
    assert "good" in out


WEAK = "har fått nya tabletter och ser suddigt sen dess"


def test_a_reply_nobody_reads_in_two_daytime_hours_becomes_a_case(db_url: str) -> None:
    reply(db_url, WEAK)
    assert fire_timers_at(db_url, NOW + timedelta(minutes=119)) == []
    assert fire_timers_at(db_url, NOW + timedelta(minutes=121)) == [("not_understood", WEAK)]
    assert fire_timers_at(db_url, NOW + timedelta(hours=5)) == [("not_understood", WEAK)]


def test_a_reply_read_in_time_does_not_become_a_case(db_url: str, config_file: Path) -> None:
    reply(db_url, WEAK)
    _, out = hejsan(config_file, "review", "list", "--json")
    hejsan(config_file, "review", "label", str(json.loads(out)[0]["id"]), "--mood", "ok")
    assert fire_timers_at(db_url, NOW + timedelta(hours=3)) == []


def test_a_reply_in_the_evening_waits_for_daytime_hours(db_url: str) -> None:
    evening = datetime(2026, 12, 2, 21, 30, tzinfo=UTC)  # 22.30 in Stockholm, quiet hours
    reply(db_url, WEAK, at=evening)
    next_morning = datetime(2026, 12, 3, 8, 0, tzinfo=UTC)  # 09.00, quiet hours end
    assert fire_timers_at(db_url, next_morning + timedelta(minutes=119)) == []
    assert fire_timers_at(db_url, next_morning + timedelta(minutes=121)) != []
