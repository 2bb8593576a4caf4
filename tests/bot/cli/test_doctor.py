"""`hejsan doctor` says what is wrong in plain words (fake Telegram and Twilio servers)."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from bot.cli.main import app
from tests.fakes.telegram_api import FakeTelegramApi
from tests.fakes.twilio_api import FakeTwilioApi


def test_doctor_names_a_wrong_twilio_token_and_a_missing_webhook(
    config_file: Path, fake_telegram: FakeTelegramApi, fake_twilio: FakeTwilioApi
) -> None:
    with config_file.open("a", encoding="utf-8") as config:
        config.write(
            f'[service]\npublic_url = "https://hejsan.example.se"\n'
            f'[telegram]\ntoken = "{fake_telegram.token}"\n'
            f'api_base_url = "{fake_telegram.base_url}"\n'
            f'[twilio]\naccount_sid = "{fake_twilio.account_sid}"\nauth_token = "wrong"\n'
            f'from_number = "+46766860000"\napi_base_url = "{fake_twilio.url}"\n'
        )
    result = CliRunner().invoke(app, ["doctor", "--config", str(config_file)])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert any(line.startswith("ok  Databas") for line in lines)
    assert any(line.startswith("ok  Telegram-token") for line in lines)
    assert any("FEL Telegram-webhook" in line and "no webhook set" in line for line in lines)
    assert any("FEL Twilio-konto" in line and "HEJSAN_TWILIO_AUTH_TOKEN" in line for line in lines)
    assert "2 saker att åtgärda" in result.stderr


def test_doctor_says_when_a_cry_for_help_would_reach_nobody(config_file: Path) -> None:
    def run(*args: str) -> tuple[int, str]:
        result = CliRunner().invoke(app, [*args, "--config", str(config_file)])
        return result.exit_code, result.stdout

    assert run("seniors", "add", "--name", "Anna Lind", "--phone", "0701740605")[0] == 0
    code, shown = run("doctor")
    assert code == 1
    assert any(
        line.startswith("FEL Eskalering") and "hejsan volunteers add" in line
        for line in shown.replace("\n ", " ").splitlines()
    ), shown
    assert run("volunteers", "add", "--name", "Karin Ek", "--phone", "0701740620")[0] == 0
    code, shown = run("doctor")
    assert any(line.startswith("ok  Eskalering") for line in shown.splitlines()), shown
    assert code == 0, shown
