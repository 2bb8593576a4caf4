"""The "Att läsa" list: replies Hejsan cannot read with confidence are stored
for a person, listed, corrected and exported as labelled replies (issue 13),
on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select
from typer.testing import CliRunner

from bot.cli.main import app
from bot.core.config import Config
from bot.core.shell import build_shell
from bot.db.database import Database
from bot.db.models import Address, Message, Senior
from bot.people.directory import Role, clean_person, upsert_people
from bot.turns.turn import run_turn
from conversations.events import Reply

NOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
ANNA = "+46701234567"


def reply(db_url: str, text: str) -> None:
    """Anna texts `text` through the real turn (the CLI then runs its own loop)."""
    asyncio.run(_reply(db_url, text))


async def _reply(db_url: str, text: str) -> None:
    db = Database(db_url)
    try:
        await db.migrate()
        await _turn(db, db_url, text)
    finally:
        await db.close()


async def _turn(db: Database, db_url: str, text: str) -> None:
    shell = build_shell(Config.model_validate({"database": {"url": db_url}}), lambda: NOW)
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
    reply(db_url, "tog visst mina tabletter två gånger i morse")
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
            "context": "none", "lang": "sv", "text": "tog visst mina tabletter två gånger i morse",
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
