"""`python -m bot.cli`: the full command line, run the way `hejsan` hands
engine commands over and the way tests start the service."""

from __future__ import annotations

import subprocess
import sys

EVERY_COMMAND = (
    "seniors", "volunteers", "event", "init", "doctor", "demo", "outbox", "serve",
    "interpret", "templates", "link", "campaign", "users", "tokens", "audit",
    "checkins", "escalations", "review", "readings",
)  # fmt: skip


def python_m_bot_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_help_lists_every_command_under_the_name_hejsan() -> None:
    result = python_m_bot_cli("--help")
    assert result.returncode == 0, result.stderr
    assert "Usage: hejsan " in result.stdout  # not "python -m bot.cli"
    listed = {line.strip("│ ").split(" ")[0] for line in result.stdout.splitlines()}
    assert set(EVERY_COMMAND) <= listed


def test_an_unknown_command_is_refused_on_stderr() -> None:
    result = python_m_bot_cli("sopplunch")
    assert result.returncode == 2
    assert "No such command" in result.stderr
    assert result.stdout == ""
