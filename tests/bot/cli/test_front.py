"""`hejsan` starts quick: lists need no channel client nor the engine's word lists."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

HEAVY = ("telegram", "twilio", "conversations.lexicon")


def test_importing_the_command_line_loads_no_channel_client_nor_lexicon() -> None:
    code = (
        "import sys, bot.cli, bot.cli.people, bot.cli.events, bot.cli.doctor; "
        f"print([m for m in {HEAVY!r} if m in sys.modules])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_engine_commands_are_handed_over_and_answer_as_before() -> None:
    hejsan = Path(sys.executable).parent / "hejsan"
    result = subprocess.run(
        [str(hejsan), "interpret", "--context", "checkin", "bra tack"],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["mood"] == "good"


def test_the_front_lists_every_command() -> None:
    hejsan = Path(sys.executable).parent / "hejsan"
    result = subprocess.run(
        [str(hejsan), "--help"], capture_output=True, text=True, check=True, timeout=60
    )
    for command in ("seniors", "event", "serve", "campaign", "interpret", "doctor", "demo"):
        assert command in result.stdout
