"""`hejsan outbox status`: a give-up and a stuck urgent message are counted."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select, update
from typer.testing import CliRunner

from bot.cli.main import app
from bot.db.database import Database
from bot.db.models import Address, Message
from bot.db.outbox import enqueue
from bot.people.directory import Role, clean_person, upsert_people


async def _outbox(db_url: str) -> None:
    now = datetime.now(UTC)
    db = Database(db_url)
    try:
        async with db.transaction() as session:
            await upsert_people(
                session, Role.SENIOR, [clean_person(name="Anna", phone="070-174 06 05")]
            )
            anna = await session.scalar(select(Address))
            assert anna is not None
            checkin = await enqueue(session, anna, "Hur mår du?", kind="proactive", now=now)
            urgent = await enqueue(
                session, anna, "Ring 112", kind="reply", template="urgent.reply", now=now
            )
            await enqueue(session, anna, "Tack!", kind="reply", now=now)
            assert checkin is not None
            assert urgent is not None
            await session.execute(
                update(Message).where(Message.id == checkin.id).values(status="gave_up")
            )
            await session.execute(
                update(Message).where(Message.id == urgent.id).values(overdue_at=now)
            )
    finally:
        await db.close()


def test_outbox_status_counts_give_ups_and_urgent_messages_not_out(
    config_file: Path, db_url: str
) -> None:
    asyncio.run(_outbox(db_url))
    result = CliRunner().invoke(app, ["outbox", "status", "--json", "--config", str(config_file)])
    assert result.exit_code == 0, result.output
    counts = json.loads(result.stdout)
    assert counts["gave_up"] == 1
    assert counts["queued"] == 2
    assert (counts["urgent_unsent"], counts["urgent_overdue"]) == (1, 1)
    result = CliRunner().invoke(app, ["outbox", "status", "--config", str(config_file)])
    assert "uppgivna / given up" in result.stdout


def test_doctor_counts_give_ups_and_fails_on_an_urgent_message_not_out(
    config_file: Path, db_url: str
) -> None:
    asyncio.run(_outbox(db_url))
    result = CliRunner().invoke(app, ["doctor", "--config", str(config_file)])
    assert result.exit_code == 1
    (line,) = [line for line in result.stdout.splitlines() if "Utkorg" in line]
    assert line.startswith("FEL Utkorg")
    assert "1 uppgivna / given up, 1 brådskande" in line
