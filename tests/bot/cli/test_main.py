"""The `hejsan` CLI as scripts use it: exit codes, stderr, stable --json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli.main import app


def hejsan(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_seniors_add_then_list_json_has_stable_keys(config_file: Path) -> None:
    code, out, _ = hejsan(
        "seniors",
        "add",
        "--name",
        "Anna Lindqvist",
        "--phone",
        "070-123 45 67",
        "--telegram",
        "5551234",
        "--lang",
        "sv",
        "--tag",
        "Tyresö",
        "--tag",
        "sopplunch",
        "--config",
        str(config_file),
    )
    assert code == 0, out
    assert "+46701234567" in out
    code, out, _ = hejsan("seniors", "list", "--json", "--config", str(config_file))
    assert code == 0
    people = json.loads(out)
    assert people == [
        {
            "id": people[0]["id"],
            "name": "Anna Lindqvist",
            "phone": "+46701234567",
            "telegram": "5551234",
            "lang": "sv",
            "tags": ["sopplunch", "Tyresö"],
            "sms_usable": True,
            "paused_until": None,
            "removed": False,
            "demo": False,
            "area": None,
            "opted_out": False,
            "paused": False,
            "safety_check_at": None,
            "safety_reminders": "30,60",
        }
    ]


def test_volunteer_with_organisation(config_file: Path) -> None:
    code, _, _ = hejsan(
        "volunteers",
        "add",
        "--name",
        "Karin Ek",
        "--phone",
        "0701234599",
        "--org",
        "Väntjänsten",
        "--config",
        str(config_file),
    )
    assert code == 0
    code, out, _ = hejsan("volunteers", "list", "--json", "--config", str(config_file))
    (volunteer,) = json.loads(out)
    assert volunteer["org"] == "Väntjänsten"
    assert volunteer["phone"] == "+46701234599"
    assert set(volunteer) >= {"id", "name", "phone", "telegram", "lang", "tags", "org"}


def test_invalid_phone_fails_on_stderr_with_nonzero_exit(config_file: Path) -> None:
    code, out, err = hejsan(
        "seniors", "add", "--name", "Anna", "--phone", "12", "--config", str(config_file)
    )
    assert code != 0
    assert "ogiltigt telefonnummer" in err or "not a phone number" in err
    assert out == ""
    _, listed, _ = hejsan("seniors", "list", "--json", "--config", str(config_file))
    assert json.loads(listed) == []


def test_import_reports_rows_and_errors(config_file: Path, tmp_path: Path) -> None:
    csv_path = tmp_path / "seniorer.csv"
    csv_path.write_bytes("Namn;Telefon\nAnna;070-123 45 67\nBo;nej\n".encode("cp1252"))
    code, out, err = hejsan("seniors", "import", str(csv_path), "--config", str(config_file))
    assert code == 0
    assert "1 nya / new" in out
    assert "rad / row 3" in err
    code, out, _ = hejsan("seniors", "import", str(csv_path), "--config", str(config_file))
    assert "0 nya / new" in out
    assert "1 oförändrade / unchanged" in out


def test_import_of_missing_file_is_a_clear_error(config_file: Path, tmp_path: Path) -> None:
    code, _, err = hejsan(
        "seniors", "import", str(tmp_path / "finns-inte.csv"), "--config", str(config_file)
    )
    assert code != 0
    assert "file not found" in err


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_bad_config_exits_2_naming_the_key(tmp_path: Path, db_url: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text('[service]\nshedule = "x"\n')
    code, out, err = hejsan("seniors", "list", "--config", str(path))
    assert code == 2
    assert "shedule: unknown key" in err
    assert out == ""


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_every_command_takes_config(db_url: str) -> None:
    for command in (
        ["init"],
        ["serve"],
        ["seniors", "add"],
        ["seniors", "import"],
        ["seniors", "list"],
        ["volunteers", "add"],
        ["volunteers", "import"],
        ["volunteers", "list"],
    ):
        code, out, _ = hejsan(*command, "--help")
        assert code == 0
        assert "--config" in out, command
