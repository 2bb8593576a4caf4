"""`hejsan interpret`, `hejsan templates check` and `hejsan link` as scripts use them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli.main import app
from tests.fakes.telegram_api import FakeTelegramApi

CONTRACT_KEYS = {"mood", "rsvp", "guests", "contact", "urgent", "stop", "review"}


def hejsan(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), input=stdin)
    return result.exit_code, result.stdout, result.stderr


def test_interpret_prints_the_contract_for_one_text() -> None:
    code, out, _ = hejsan("interpret", "--context", "checkin", "3 RING")
    assert code == 0
    reading = json.loads(out)
    assert set(reading) == CONTRACT_KEYS
    assert reading["mood"] == "bad"
    assert reading["contact"] is True


def test_interpret_jsonl_answers_every_line_in_order() -> None:
    lines = [
        {"context": "invitation", "text": "Ja vi blir två"},
        {"context": "none", "text": "har ramlat"},
        {"context": "checkin", "text": "STOPP"},
    ]
    stdin = "\n".join(json.dumps(line, ensure_ascii=False) for line in lines) + "\nnot json\n"
    code, out, _ = hejsan("interpret", "--jsonl", stdin=stdin)
    assert code == 0
    results = [json.loads(line) for line in out.splitlines()]
    assert len(results) == 4
    assert (results[0]["rsvp"], results[0]["guests"]) == ("yes", 1)
    assert results[1]["urgent"] is True
    assert results[2]["stop"] is True
    assert "error" in results[3]
    assert all(set(r) >= CONTRACT_KEYS for r in results)


def test_interpret_rejects_unknown_context() -> None:
    code, _, err = hejsan("interpret", "--context", "lunch", "ja")
    assert code != 0
    assert "checkin" in err


def test_templates_check_lists_every_text_with_its_sms_cost() -> None:
    code, out, _ = hejsan("templates", "check", "--json")
    assert code == 0
    rows = json.loads(out)
    keys = {(r["lang"], r["key"]) for r in rows}
    assert ("sv", "checkin.question") in keys
    assert ("en", "checkin.question") in keys
    assert all(r["segments"] >= 1 for r in rows)


def test_templates_check_warns_about_an_emoji_override(tmp_path: Path) -> None:
    config = tmp_path / "hejsan.toml"
    config.write_text(
        '[templates.sv]\n"checkin.good" = "Vad roligt att höra, {name}! 😊"\n', encoding="utf-8"
    )
    code, out, _ = hejsan("templates", "check", "--json", "--config", str(config))
    assert code == 0
    row = next(r for r in json.loads(out) if r["key"] == "checkin.good" and r["lang"] == "sv")
    assert row["encoding"] == "UCS-2"
    assert row["warnings"]


def test_template_override_with_unknown_key_is_a_config_error(tmp_path: Path) -> None:
    config = tmp_path / "hejsan.toml"
    config.write_text('[templates.sv]\n"checkin.gdo" = "Hej"\n', encoding="utf-8")
    code, _, err = hejsan("templates", "check", "--config", str(config))
    assert code == 2
    assert "checkin.gdo" in err


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_link_prints_deep_link_and_writes_qr_png(
    tmp_path: Path, db_url: str, fake_telegram: FakeTelegramApi
) -> None:
    config = tmp_path / "hejsan.toml"
    config.write_text(
        f'[database]\nurl = "{db_url}"\n[logging]\nformat = "text"\n'
        f'[telegram]\ntoken = "{fake_telegram.token}"\napi_base_url = "{fake_telegram.base_url}"\n'
    )
    code, _, _ = hejsan(
        "seniors",
        "add",
        "--name",
        "Anna Lindqvist",
        "--phone",
        "0701740605",
        "--config",
        str(config),
    )
    assert code == 0
    qr = tmp_path / "anna.png"
    code, out, err = hejsan("link", "0701740605", "--qr", str(qr), "--config", str(config))
    assert code == 0, err
    assert f"https://t.me/{fake_telegram.bot_username}?start=" in out
    assert qr.read_bytes().startswith(b"\x89PNG")
    code, _, err = hejsan("link", "0709999999", "--config", str(config))
    assert code != 0
    assert "ingen senior" in err


def test_link_without_telegram_says_how_to_configure() -> None:
    code, _, err = hejsan("link", "1")
    assert code != 0
    assert "HEJSAN_TELEGRAM_TOKEN" in err
