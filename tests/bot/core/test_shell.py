"""The engine's settings built from the config."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from bot.core.config import load_config
from bot.core.shell import build_settings


def test_the_checkin_rules_of_the_config_reach_the_engine(tmp_path: Path) -> None:
    path = tmp_path / "hejsan.toml"
    path.write_text(
        "[checkin]\nreply_window_hours = 6\nbad_moods_before_escalation = 5\n", encoding="utf-8"
    )
    settings = build_settings(load_config(path, {}))
    assert settings.reply_window == timedelta(hours=6)
    assert settings.bad_moods_before_escalation == 5
