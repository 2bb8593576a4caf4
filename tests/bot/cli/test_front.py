"""`hejsan` starts quick: lists need no channel client nor the engine's word lists."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import typer
from typer.testing import CliRunner

import bot.cli
from bot.cli import main

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


# Loaded only by the commands that need them: Excel files (openpyxl, and numpy
# which it pulls in), the provider checks (httpx, `doctor` is handed over), a schema upgrade
# (Alembic), the dispatcher, a phone number to check, a PostgreSQL database.
ONLY_WHEN_NEEDED = (
    "openpyxl.workbook",
    "numpy",
    "httpx._client",
    "alembic.runtime.migration",
    "scheduler.dispatcher",
    "phonenumbers.phonenumberutil",
    "sqlalchemy.dialects.postgresql.base",
)


def test_a_list_command_loads_no_excel_library_nor_dispatcher_until_used() -> None:
    code = (
        "import sys, bot.cli, bot.cli.front, bot.cli.people, bot.cli.outbox; "
        f"print([m for m in {ONLY_WHEN_NEEDED!r} if m in sys.modules])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def _hejsan_process(config: Path, *args: str) -> tuple[str, list[str]]:
    """`hejsan ARGS` in its own process, as a coordinator runs it: its output,
    and which of ONLY_WHEN_NEEDED it loaded."""
    code = (
        "import sys\nfrom bot.cli import app\ntry:\n    app(prog_name='hejsan')\nfinally:\n"
        f"    print([m for m in {ONLY_WHEN_NEEDED!r} if m in sys.modules], file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, *args, "--config", str(config)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    loaded: list[str] = ast.literal_eval(result.stderr.strip().splitlines()[-1])
    return result.stdout, loaded


def test_a_list_or_show_loads_the_postgresql_dialect_only_for_postgresql(
    config_file: Path, db_url: str
) -> None:
    anna = ["--name", "Anna Lindqvist", "--phone", "070-174 06 05"]
    added = CliRunner().invoke(bot.cli.app, ["seniors", "add", *anna, "-c", str(config_file)])
    assert added.exit_code == 0, added.stderr
    output, loaded = _hejsan_process(config_file, "seniors", "list", "--json")
    senior = json.loads(output)[0]
    assert senior["phone"] == "+46701740605"
    shown, loaded_by_show = _hejsan_process(config_file, "seniors", "show", str(senior["id"]))
    assert "Anna Lindqvist" in shown
    postgresql = db_url.startswith("postgresql")
    expected = ["sqlalchemy.dialects.postgresql.base"] if postgresql else []
    assert loaded == loaded_by_show == expected


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


def _names(app: typer.Typer) -> dict[str, set[str]]:
    """Each top-level command, with its subcommands for a group."""
    group: Any = typer.main.get_command(app)
    context = group.context_class(group)
    found: dict[str, set[str]] = {}
    for name in group.list_commands(context):
        command = group.get_command(context, name)
        subs = command.list_commands(context) if hasattr(command, "list_commands") else []
        found[name] = set(subs)
    return found


def test_every_command_of_the_full_command_line_starts_from_hejsan() -> None:
    full, front = _names(main.app), _names(bot.cli.app)
    assert set(front) == set(full)
    for name, subs in front.items():
        assert subs in (full[name], set()), name  # a handed-over group shows no subcommands
