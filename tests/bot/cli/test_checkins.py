"""`hejsan checkins list` as coordinators and scripts use it."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from typer.testing import CliRunner

from bot.cli.main import app

CAMPAIGN = """
[[campaigns]]
name = "morgonkoll"
kind = "checkin"
schedule = "0 10 * * *"
"""


def hejsan(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_checkins_list_shows_each_senior_asked(config_file: Path) -> None:
    config_file.write_text(config_file.read_text() + '[service]\nquiet_hours = ""\n' + CAMPAIGN)
    config = str(config_file)
    for name, phone in (("Anna Lindqvist", "0701740605"), ("Gösta Berg", "0701740606")):
        assert (
            hejsan("seniors", "add", "--name", name, "--phone", phone, "--config", config)[0] == 0
        )
    assert hejsan("campaign", "run", "morgonkoll", "--now", "--config", config)[0] == 0
    today = datetime.now(ZoneInfo("Europe/Stockholm")).date().isoformat()

    code, out, _ = hejsan("checkins", "list", "--date", today, "--json", "--config", config)
    assert code == 0
    rows = json.loads(out)
    assert [(r["name"], r["status"], r["mood"]) for r in rows] == [
        ("Anna Lindqvist", "waiting", None),
        ("Gösta Berg", "waiting", None),
    ]
    assert rows[0]["asked_at"].startswith(today)
    assert rows[0]["answered_at"] is None

    code, out, _ = hejsan("checkins", "list", "--campaign", "kvällskoll", "--json", "-c", config)
    assert (code, json.loads(out)) == (0, [])
    code, out, _ = hejsan("checkins", "list", "--config", config)
    assert code == 0
    assert "Gösta Berg" in out
    assert "väntar" in out


def test_checkins_list_refuses_a_bad_date(config_file: Path) -> None:
    code, _, err = hejsan("checkins", "list", "--date", "2 dec", "--config", str(config_file))
    assert code != 0
    assert "2026-12-02" in err
