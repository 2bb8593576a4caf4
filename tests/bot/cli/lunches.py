"""What the `event` command tests share: a lunch ahead of the real clock
(the CLI reads it), seniors added the way a coordinator adds them, and their
answers stored as the engine stores them."""

from __future__ import annotations

import asyncio
import re
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select
from typer.testing import CliRunner

from bot.cli.main import app
from bot.db.database import Database
from bot.db.models import Rsvp, Senior

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def hejsan(config: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, [*args, "--config", str(config)])
    return result.exit_code, result.stdout, result.stderr


def in_days(days: int) -> str:
    """The local date and time `days` ahead at noon, as a coordinator types it."""
    day = datetime.now(STOCKHOLM).date() + timedelta(days=days)
    return f"{day.isoformat()}T12:00"


def database_url(config: Path) -> str:
    match = re.search(r'url = "(.+)"', config.read_text())
    assert match is not None
    return match.group(1)


def add_seniors(config: Path, people: list[tuple[str, str, str]]) -> None:
    """(name, phone, lang) each, through `hejsan seniors add`."""
    for name, phone, lang in people:
        code, _, err = hejsan(
            config, "seniors", "add", "--name", name, "--phone", phone, "--lang", lang
        )
        assert code == 0, err


def add_event(config: Path, *options: str) -> list[int]:
    """`hejsan event add` a soup lunch 20 days ahead; the ids it prints."""
    code, out, err = hejsan(
        config, "event", "add", "--title", "Sopplunch", "--venue", "Utsikten",
        "--at", in_days(20), *options,
    )  # fmt: skip
    assert code == 0, err
    return [int(found) for found in re.findall(r"^#(\d+) ", out, re.MULTILINE)]


def answer(config: Path, event_id: int, answers: dict[str, tuple[str, int]]) -> None:
    """Store each named senior's (answer, guests) to the event."""
    asyncio.run(_answer(database_url(config), event_id, answers))


async def _answer(url: str, event_id: int, answers: dict[str, tuple[str, int]]) -> None:
    database = Database(url)
    try:
        async with database.transaction() as session:
            ids = {name: id_ for name, id_ in await session.execute(select(Senior.name, Senior.id))}
            for name, (reply, guests) in answers.items():
                session.add(
                    Rsvp(event_id=event_id, senior_id=ids[name], answer=reply, guests=guests)
                )
    finally:
        await database.close()
