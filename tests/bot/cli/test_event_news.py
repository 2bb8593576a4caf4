"""`hejsan event edit|cancel` at the terminal: those who said yes are told once,
in their language; a mistake is an error naming the option, and nothing changes."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from sqlalchemy import select

from bot.db.database import Database
from bot.db.models import Message, Senior
from tests.bot.cli.lunches import add_event, add_seniors, answer, database_url, hejsan, in_days

SENIORS = [
    ("Anna Lindqvist", "070-174 06 05", "sv"),
    ("John Smith", "070-174 06 08", "en"),
    ("Gösta Berg", "070-174 06 06", "sv"),
]
ANSWERS = {"Anna Lindqvist": ("yes", 0), "John Smith": ("yes", 0), "Gösta Berg": ("no", 0)}


def _lunch(config: Path, *options: str) -> list[int]:
    """Three seniors and a lunch (or a series) 20 days ahead; two said yes to each."""
    add_seniors(config, SENIORS)
    ids = add_event(config, *options)
    for event_id in ids:
        answer(config, event_id, ANSWERS)
    return ids


def _texts(config: Path) -> dict[str, list[str]]:
    """What each senior was sent, oldest first."""
    return asyncio.run(_sent(database_url(config)))


async def _sent(url: str) -> dict[str, list[str]]:
    database = Database(url)
    try:
        async with database.reading() as session:
            rows = await session.execute(
                select(Senior.name, Message.body)
                .join(Message, Message.senior_id == Senior.id)
                .where(Message.direction == "out")
                .order_by(Message.id)
            )
            found: dict[str, list[str]] = {}
            for name, body in rows:
                found.setdefault(name, []).append(body)
            return found
    finally:
        await database.close()


def _events(config: Path) -> dict[int, dict[str, object]]:
    code, out, err = hejsan(config, "event", "list", "--json")
    assert code == 0, err
    return {row["id"]: row for row in json.loads(out)}


def test_cancel_tells_those_coming_once_each_in_their_own_language(config_file: Path) -> None:
    (lunch,) = _lunch(config_file)
    code, out, err = hejsan(config_file, "event", "cancel", str(lunch))
    assert code == 0, err
    assert f"#{lunch} Sopplunch, Utsikten" in out
    assert "inställd / cancelled" in out
    assert "2 som kommer får besked / people coming are told" in out
    code, out, _ = hejsan(config_file, "event", "cancel", str(lunch))
    assert code == 0
    assert "0 som kommer får besked" in out
    texts = _texts(config_file)
    assert set(texts) == {"Anna Lindqvist", "John Smith"}  # Gösta said no
    (anna,) = texts["Anna Lindqvist"]
    (john,) = texts["John Smith"]
    assert anna.startswith("Hej Anna!")
    assert "inställd" in anna
    assert "cancelled" in john
    assert _events(config_file)[lunch]["cancelled"] is True


def test_cancel_rest_of_series_leaves_the_earlier_lunches(config_file: Path) -> None:
    first, second, third = _lunch(config_file, "--every", "2w", "--count", "3")
    code, out, err = hejsan(config_file, "event", "cancel", str(second), "--rest-of-series")
    assert code == 0, err
    assert f"#{second} " in out
    assert f"#{third} " in out
    assert f"#{first} " not in out
    assert "4 som kommer får besked" in out  # two people, two lunches
    cancelled = {event_id: row["cancelled"] for event_id, row in _events(config_file).items()}
    assert cancelled == {first: False, second: True, third: True}


def test_a_new_time_is_told_but_a_new_price_is_not(config_file: Path) -> None:
    (lunch,) = _lunch(config_file)
    code, out, err = hejsan(config_file, "event", "edit", str(lunch), "--price", "60 kr")
    assert code == 0, err
    assert "0 som kommer får besked" in out
    assert _texts(config_file) == {}
    code, out, err = hejsan(config_file, "event", "edit", str(lunch), "--at", in_days(27))
    assert code == 0, err
    assert "ändrad / changed" in out
    assert "2 som kommer får besked" in out
    texts = _texts(config_file)
    assert [len(texts[name]) for name in ("Anna Lindqvist", "John Smith")] == [1, 1]
    event = _events(config_file)[lunch]
    assert (event["price"], str(event["starts_at"])[:16]) == ("60 kr", in_days(27))


def test_a_mistake_names_the_option_and_changes_nothing(config_file: Path) -> None:
    (lunch,) = _lunch(config_file)
    before = _events(config_file)
    mistakes = [
        (["--at", in_days(27)[:10]], "--at"),  # a date without a time
        (["--at", "i morgon 12"], "--at"),
        (["--at", in_days(-1)], "--at"),  # already passed
        (["--capacity", "0"], "--capacity"),
        (["--venue", " "], "--venue"),
    ]
    for options, named in mistakes:
        code, out, err = hejsan(config_file, "event", "edit", str(lunch), *options)
        assert code != 0, options
        assert named in err, (options, err)
        assert "Traceback" not in out + err
    assert _events(config_file) == before
    assert _texts(config_file) == {}


def test_an_unknown_or_cancelled_event_is_a_clear_error(config_file: Path) -> None:
    (lunch,) = _lunch(config_file)
    code, _, err = hejsan(config_file, "event", "cancel", "999")
    assert code != 0
    assert "no event 999" in err
    assert hejsan(config_file, "event", "cancel", str(lunch))[0] == 0
    code, _, err = hejsan(config_file, "event", "edit", str(lunch), "--venue", "Folkets hus")
    assert code != 0
    assert "cancelled" in err
