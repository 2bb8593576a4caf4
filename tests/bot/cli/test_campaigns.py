"""`hejsan campaign ...` and `hejsan event ...` as coordinators use them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli.main import app

CAMPAIGN = """
[[campaigns]]
name = "morgonkoll"
kind = "checkin"
schedule = "0 10 * * mon-fri"
"""
TWILIO = """
[twilio]
account_sid = "AC00000000000000000000000000000000"
auth_token = "not-used-here"
from_number = "+46766860000"
price_per_segment = 0.5
"""


@pytest.fixture
def config(config_file: Path) -> str:
    config_file.write_text(config_file.read_text() + TWILIO + CAMPAIGN)
    return str(config_file)


def hejsan(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def add_seniors(config: str) -> None:
    for name, phone, lang in (
        ("Anna Lindqvist", "0701740605", "sv"),
        ("John Smith", "0701740608", "en"),
    ):
        code, _, err = hejsan(
            "seniors", "add", "--name", name, "--phone", phone, "--lang", lang, "--config", config
        )
        assert code == 0, err


def test_preview_shows_texts_segments_and_cost(config: str) -> None:
    add_seniors(config)
    code, out, _ = hejsan("campaign", "preview", "morgonkoll", "--json", "--config", config)
    assert code == 0
    preview = json.loads(out)
    assert preview["recipients"] == 2
    assert preview["skipped"] == {}
    texts = {m["name"]: m["text"] for m in preview["messages"]}
    assert texts["Anna Lindqvist"].startswith("Hej Anna!")
    assert "How are you" in texts["John Smith"]
    assert preview["sms_segments"] >= 2
    assert preview["cost"] == pytest.approx(preview["sms_segments"] * 0.5)


def test_preview_on_the_simulator_reaches_everyone(config_file: Path) -> None:
    config_file.write_text(config_file.read_text() + CAMPAIGN)
    add_seniors(str(config_file))
    code, out, _ = hejsan(
        "campaign", "preview", "morgonkoll", "--json", "--config", str(config_file)
    )
    assert code == 0
    preview = json.loads(out)
    assert (preview["recipients"], preview["skipped"]) == (2, {})
    assert {m["channel"] for m in preview["messages"]} == {"simulator"}
    assert preview["sms_segments"] == 0


def test_run_now_twice_queues_once(config: str) -> None:
    add_seniors(config)
    code, out, _ = hejsan("campaign", "run", "morgonkoll", "--now", "--config", config)
    assert code == 0
    assert "2 meddelanden" in out
    code, out, _ = hejsan("campaign", "run", "morgonkoll", "--now", "--config", config)
    assert code == 0
    assert "redan körd" in out


def test_pause_and_resume_are_kept_and_listed(config: str) -> None:
    assert hejsan("campaign", "pause", "morgonkoll", "--config", config)[0] == 0
    _code, out, _ = hejsan("campaign", "list", "--json", "--config", config)
    assert json.loads(out)[0]["paused"] is True
    assert hejsan("campaign", "resume", "morgonkoll", "--config", config)[0] == 0
    _, out, _ = hejsan("campaign", "list", "--json", "--config", config)
    (campaign,) = json.loads(out)
    assert campaign["paused"] is False
    assert campaign["next_run"].endswith("T10:00")


def test_unknown_campaign_names_the_known_ones(config: str) -> None:
    code, _, err = hejsan("campaign", "preview", "kvällskoll", "--config", config)
    assert code != 0
    assert "morgonkoll" in err


def test_event_add_list_and_attendees_csv(config: str) -> None:
    code, out, err = hejsan(
        "event",
        "add",
        "--title",
        "Sopplunch",
        "--venue",
        "Restaurang Utsikten",
        "--at",
        "2030-12-11T12:00",
        "--capacity",
        "40",
        "--price",
        "50 kr",
        "--every",
        "varannan vecka",
        "--count",
        "3",
        "--config",
        config,
    )
    assert code == 0, err
    assert out.count("Sopplunch") == 3
    code, out, _ = hejsan("event", "list", "--json", "--config", config)
    events = json.loads(out)
    assert [e["starts_at"][:16] for e in events] == [
        "2030-12-11T12:00",
        "2030-12-25T12:00",
        "2031-01-08T12:00",
    ]
    code, out, _ = hejsan("event", "attendees", str(events[0]["id"]), "--csv", "--config", config)
    assert code == 0
    assert out.splitlines() == ["namn;gäster;antal", "Totalt;;0"]


def test_event_in_the_past_is_refused(config: str) -> None:
    code, _, err = hejsan(
        "event",
        "add",
        "--title",
        "Sopplunch",
        "--venue",
        "Utsikten",
        "--at",
        "2020-01-01T12:00",
        "--config",
        config,
    )
    assert code != 0
    assert "future" in err
