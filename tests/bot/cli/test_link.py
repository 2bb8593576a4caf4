"""`hejsan link PERSON` at the terminal: a single-use Telegram link and a QR
code file the coordinator can print; the link, once opened, binds the chat."""

from __future__ import annotations

import asyncio
import json
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.channels.telegram import parse_update
from bot.cli.main import app
from bot.core.config import load_config
from bot.core.shell import build_shell
from bot.db.database import Database
from bot.turns.inbound import receive
from tests.fakes.telegram_api import FakeTelegramApi, text_update

KARIN = "070-174 06 20"
ANNA = "070-174 06 05"


@pytest.fixture
def config(tmp_path: Path, db_url: str, fake_telegram: FakeTelegramApi) -> Path:
    path = tmp_path / "hejsan.toml"
    path.write_text(
        f'[database]\nurl = "{db_url}"\n[logging]\nformat = "text"\n'
        f'[telegram]\ntoken = "{fake_telegram.token}"\n'
        f'api_base_url = "{fake_telegram.base_url}"\n'
    )
    return path


def hejsan(config: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, [*args, "--config", str(config)])
    return result.exit_code, result.stdout, result.stderr


def _add(config: Path, role: str, name: str, phone: str) -> int:
    code, _, err = hejsan(config, role, "add", "--name", name, "--phone", phone)
    assert code == 0, err
    code, out, _ = hejsan(config, role, "list", "--json")
    return int(next(p["id"] for p in json.loads(out) if p["name"] == name))


def _start(config: Path, chat_id: int, url: str) -> None:
    """The person opens the link: Telegram sends "/start <token>" from their chat."""
    token = url.rsplit("=", 1)[1]
    settings = load_config(config)
    inbound = parse_update(text_update(chat_id, f"/start {token}"), datetime.now(UTC))
    assert inbound is not None

    async def run() -> None:
        database = Database(settings.database.url)
        try:
            await receive(database, build_shell(settings), inbound)
        finally:
            await database.close()

    asyncio.run(run())


def _telegram_of(config: Path, role: str, name: str) -> str | None:
    _, out, _ = hejsan(config, role, "list", "--json")
    chat: str | None = next(p["telegram"] for p in json.loads(out) if p["name"] == name)
    return chat


def test_a_volunteer_found_by_phone_is_bound_to_the_chat_that_opens_the_link(
    config: Path, tmp_path: Path, fake_telegram: FakeTelegramApi
) -> None:
    _add(config, "seniors", "Anna Lindqvist", ANNA)
    _add(config, "volunteers", "Karin Ek", KARIN)
    qr = tmp_path / "utskrift" / "karin.png"
    code, out, err = hejsan(config, "link", KARIN, "--volunteer", "--qr", str(qr))
    assert code == 0, err
    (url,) = re.findall(r"https://t\.me/\S+", out)
    assert url.startswith(f"https://t.me/{fake_telegram.bot_username}?start=")
    assert qr.read_bytes().startswith(b"\x89PNG")  # the folder was made for it
    assert "valid 14 days" in out
    _start(config, 5551234, url)
    assert _telegram_of(config, "volunteers", "Karin Ek") == "5551234"
    assert _telegram_of(config, "seniors", "Anna Lindqvist") is None


def test_by_id_the_qr_code_is_named_after_the_person_in_a_qr_folder(
    config: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    anna = _add(config, "seniors", "Åsa Öberg-Ström", ANNA)
    monkeypatch.chdir(tmp_path)
    code, out, err = hejsan(config, "link", str(anna))
    assert code == 0, err
    path = Path("qr") / f"asa-oberg-strom-{anna}.png"
    assert path.read_bytes().startswith(b"\x89PNG")
    assert str(path) in out


def test_every_link_is_new_and_works_once(config: Path) -> None:
    anna = _add(config, "seniors", "Anna Lindqvist", ANNA)
    first = re.findall(r"https://t\.me/\S+", hejsan(config, "link", str(anna))[1])
    second = re.findall(r"https://t\.me/\S+", hejsan(config, "link", str(anna))[1])
    assert first != second
    _start(config, 111, first[0])
    _start(config, 222, first[0])  # someone else opens the same printed code
    assert _telegram_of(config, "seniors", "Anna Lindqvist") == "111"


def test_who_cannot_be_found_is_said_plainly(config: Path) -> None:
    _add(config, "seniors", "Anna Lindqvist", ANNA)
    code, out, err = hejsan(config, "link", "Anna")
    assert code != 0
    assert "not an id or phone" in err
    code, _, err = hejsan(config, "link", ANNA, "--volunteer")
    assert code != 0
    assert f"ingen volontär / volunteer {ANNA}" in err
    code, _, err = hejsan(config, "link", "42")
    assert code != 0
    assert "ingen senior 42" in err
    assert "Traceback" not in out + err
