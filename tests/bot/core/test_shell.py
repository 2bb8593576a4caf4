"""The shell: engine settings from config, and the one clock everything reads."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.core.config import Config
from bot.core.errors import ConfigError
from bot.core.shell import build_settings, build_shell
from tests.fakes.clock import Clock


def config(**sections: object) -> Config:
    return Config.model_validate({"database": {"url": "sqlite:///x.db"}, **sections})


def test_the_shell_reads_time_only_from_its_clock() -> None:
    clock = Clock()
    shell = build_shell(config(), clock)
    assert shell.now() == clock.now
    clock.advance(hours=3)
    assert shell.now() == clock.now


def test_volunteer_availability_reaches_the_engine_settings() -> None:
    shell = build_shell(config(), Clock())
    later = datetime(2026, 12, 3, 8, 0, tzinfo=UTC)
    settings = shell.settings_now(help_available=False, next_available=later)
    assert (settings.help_available_now, settings.help_next_available) == (False, later)
    assert shell.settings.help_next_available is None, "the shell's own settings stay as built"


def test_a_broken_text_override_names_the_config_key() -> None:
    with pytest.raises(ConfigError, match=r"\[templates\]"):
        build_settings(config(templates={"sv": {"checkin.prompt": "Hej {nope"}}))
