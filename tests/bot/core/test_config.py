"""Config: clear errors naming the key, environment secrets, documented keys."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import BaseModel

from bot.core.config import Config, load_config
from bot.core.errors import ConfigError

ROOT = Path(__file__).resolve().parents[3]


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "hejsan.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_no_file_means_embedded_defaults_sqlite_and_simulator() -> None:
    config = load_config(None, {})
    assert config.database.url == "sqlite:///hejsan.db"
    assert config.simulator_only
    assert config.service.timezone == "Europe/Stockholm"
    assert config.service.quiet_hours == "20:00-09:00"


def test_typo_is_reported_as_unknown_key_with_its_section(tmp_path: Path) -> None:
    path = write(tmp_path, '[service]\nshedule = "0 10 * * *"\n')
    with pytest.raises(ConfigError) as caught:
        load_config(path, {})
    message = str(caught.value)
    assert "[service] shedule: unknown key" in message
    assert str(path) in message


def test_unknown_section_is_reported(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"telegrm: unknown key"):
        load_config(write(tmp_path, "[telegrm]\ntoken = 'x'\n"), {})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('[service]\ntimezone = "Mars/Olympus"', r"\[service\] timezone: unknown time zone"),
        ('[service]\nquiet_hours = "8 till 9"', r"\[service\] quiet_hours: expected"),
        ('[service]\nquiet_hours = "25:00-09:00"', r"hours must be 00-23"),
        ("[telegram]\nrate_per_second = 0", r"\[telegram\] rate_per_second: .*greater than 0"),
        ('[telegram]\nwebhook_secret = "has space"', r"webhook_secret: 1-256 characters"),
        ('[database]\nurl = "mysql://x"', r"\[database\] url: must be a sqlite"),
        ('[service]\npublic_url = "example.org"', r"public_url: must start with http"),
        ('[[campaigns]]\nname = "a"\nkind = "checkin"\nschedule = "10 * *"', r"cron schedule"),
        ('[[campaigns]]\nname = "a"\nkind = "party"\nschedule = "0 10 * * *"', r"kind"),
        ('[service]\ndefault_lang = "de"', r"\[service\] default_lang: .*unknown language 'de'"),
        ("[templates.de]\n'checkin.prompt' = \"Wie geht's?\"", r"unknown language 'de'"),
    ],
)
def test_bad_values_name_the_key(tmp_path: Path, text: str, expected: str) -> None:
    with pytest.raises(ConfigError, match=expected):
        load_config(write(tmp_path, text), {})


def test_broken_toml_says_so(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(write(tmp_path, "[service\nname = "), {})


def test_missing_file_says_so(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="config file not found"):
        load_config(tmp_path / "nope.toml", {})


def test_hejsan_config_variable_points_at_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, '[service]\norganisation = "Tyresö kommun"\n')
    config = load_config(None, {"HEJSAN_CONFIG": str(path)})
    assert config.service.organisation == "Tyresö kommun"


def test_secrets_come_from_environment_and_win_over_file(tmp_path: Path) -> None:
    path = write(tmp_path, '[telegram]\ntoken = "from-file"\n')
    env = {"HEJSAN_TELEGRAM_TOKEN": "from-env", "HEJSAN_TWILIO_AUTH_TOKEN": "tw-secret"}
    config = load_config(path, env)
    assert config.telegram.token == "from-env"
    assert config.twilio.auth_token == "tw-secret"
    assert not config.simulator_only


def test_environment_values_are_validated_too() -> None:
    with pytest.raises(ConfigError, match=r"\[service\] quiet_hours"):
        load_config(None, {"HEJSAN_SERVICE_QUIET_HOURS": "always"})


def test_empty_quiet_hours_turn_them_off(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, '[service]\nquiet_hours = ""\n'), {})
    assert config.service.quiet_hours == ""


def _keys(model: type[BaseModel]) -> set[str]:
    return set(model.model_fields)


def test_example_config_is_valid_and_documents_every_key() -> None:
    example = ROOT / "config.example.toml"
    load_config(example, {})
    text = example.read_text(encoding="utf-8")
    documented = set(re.findall(r"^#?\s*([a-z_]+)\s*=", text, flags=re.MULTILINE))
    sections = {
        "service",
        "database",
        "logging",
        "telegram",
        "twilio",
        "escalation",
        "checkin",
    }
    for section in sections:
        model = Config.model_fields[section].annotation
        assert isinstance(model, type)
        assert issubclass(model, BaseModel)
        missing = _keys(model) - documented
        assert not missing, f"[{section}] keys not in config.example.toml: {missing}"
        assert f"[{section}]" in text
    campaign_keys = _keys(Config.model_fields["campaigns"].annotation.__args__[0])  # type: ignore[union-attr]
    assert not campaign_keys - documented - {"text"}
