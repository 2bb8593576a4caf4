"""`hejsan users`, `tokens` and `audit`: making the first admin and reading the audit log."""

from __future__ import annotations

import json
import re
from pathlib import Path

from typer.testing import CliRunner

from bot.cli.main import app


def hejsan(*args: str, stdin: str = "") -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), input=stdin)
    return result.exit_code, result.stdout, result.stderr


def test_first_admin_from_stdin_then_list_and_disable(config_file: Path) -> None:
    config = ("--config", str(config_file))
    code, out, _ = hejsan(
        "users",
        "add",
        "anna@kommun.se",
        "--name",
        "Anna",
        "--role",
        "admin",
        "--password-stdin",
        *config,
        stdin="ett-langt-losenord\n",
    )
    assert code == 0, out
    assert "ett-langt-losenord" not in out
    code, out, _ = hejsan("users", "list", "--json", *config)
    assert json.loads(out) == [
        {
            "email": "anna@kommun.se",
            "name": "Anna",
            "role": "admin",
            "disabled": False,
            "last_login_at": None,
        }
    ]
    assert hejsan("users", "disable", "anna@kommun.se", *config)[0] == 0
    assert json.loads(hejsan("users", "list", "--json", *config)[1])[0]["disabled"] is True
    code, _, err = hejsan("tokens", "create", "anna@kommun.se", *config)
    assert code == 1
    assert "anna@kommun.se" in err


def test_without_stdin_a_one_time_set_password_link_is_printed(config_file: Path) -> None:
    config = ("--config", str(config_file))
    code, out, _ = hejsan("users", "add", "lisa@kommun.se", "--role", "viewer", *config)
    assert code == 0
    links = re.findall(r"^(http\S+/set-password/[A-Za-z0-9_-]{40,})$", out, re.MULTILINE)
    assert len(links) == 1, out
    code, out, _ = hejsan("users", "list", "--json", *config)
    assert json.loads(out)[0]["email"] == "lisa@kommun.se"


def test_weak_password_is_refused(config_file: Path) -> None:
    code, _, err = hejsan(
        "users",
        "add",
        "x@kommun.se",
        "--password-stdin",
        "--config",
        str(config_file),
        stdin="kort\n",
    )
    assert code == 1
    assert "10" in err


def test_token_is_printed_and_audit_lists_json(config_file: Path) -> None:
    config = ("--config", str(config_file))
    hejsan("users", "add", "anna@kommun.se", *config)
    code, out, _ = hejsan("tokens", "create", "anna@kommun.se", *config)
    assert code == 0
    assert out.startswith("hejsan_")
    code, out, _ = hejsan("audit", "list", "--json", *config)
    assert code == 0
    assert json.loads(out) == []
