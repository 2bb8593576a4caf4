"""What every `hejsan` command shares, as a coordinator at the terminal meets
it: which config is read, a missing database named instead of silently
created, and broken config files answered with one clear line."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli.main import app
from bot.cli.support import find_config, sqlite_file
from bot.core.logs import reset_logging


@pytest.fixture(autouse=True)
def _no_config_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv("HEJSAN_CONFIG", raising=False)
    monkeypatch.delenv("HEJSAN_DATABASE_URL", raising=False)
    yield
    reset_logging()


def hejsan(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def _names(*config: str) -> list[str]:
    code, out, err = hejsan("seniors", "list", "--json", *config)
    assert code == 0, err
    return [person["name"] for person in json.loads(out)]


def _config(path: Path, db_url: str) -> Path:
    path.write_text(f'[database]\nurl = "{db_url}"\n[logging]\nformat = "text"\n')
    return path


def test_hejsan_toml_in_the_current_folder_is_read(
    tmp_path: Path, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _config(tmp_path / "hejsan.toml", db_url)
    monkeypatch.chdir(tmp_path)
    code, _, err = hejsan("seniors", "add", "--name", "Anna Lindqvist", "--phone", "0701740605")
    assert code == 0, err
    assert _names() == ["Anna Lindqvist"]


def test_config_and_hejsan_config_win_over_the_local_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    local = _config(tmp_path / "hejsan.toml", "sqlite:///lokal.db")
    other = tmp_path / "annan.toml"
    assert find_config(None, {}) == Path("hejsan.toml")
    assert find_config(None, {"HEJSAN_CONFIG": str(other)}) is None  # load_config reads it
    assert find_config(other, {"HEJSAN_CONFIG": str(local)}) == other
    (tmp_path / "hejsan.toml").unlink()
    assert find_config(None, {}) is None  # the built-in defaults


def test_a_missing_database_is_named_and_not_created(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = tmp_path / "tom mapp"
    empty.mkdir()
    monkeypatch.chdir(empty)  # the wrong folder: no hejsan.toml, no hejsan.db
    code, out, err = hejsan("seniors", "list")
    assert code != 0
    assert str(empty / "hejsan.db") in err.replace("\n", "")
    assert "hejsan init" in err
    assert out == ""
    assert list(empty.iterdir()) == []  # an empty database would look as if everyone were gone
    code, _, err = hejsan("seniors", "add", "--name", "Anna", "--phone", "0701740605")
    assert code != 0
    assert list(empty.iterdir()) == []
    assert hejsan("init")[0] == 0
    assert _names() == []


def test_a_database_with_an_old_schema_says_to_run_init(tmp_path: Path) -> None:
    old = tmp_path / "gammal.db"
    sqlite3.connect(old).close()  # a file, but no tables
    config = _config(tmp_path / "hejsan.toml", f"sqlite:///{old}")
    code, out, err = hejsan("seniors", "list", "--config", str(config))
    assert code != 0
    assert "hejsan init" in err
    assert "Traceback" not in out + err
    assert hejsan("init", "--config", str(config))[0] == 0
    assert _names("--config", str(config)) == []


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (b"[database\nurl = 'x'\n", "not valid TOML"),
        ("[service]\nname = 'Hejsan i Tyresö'\n".encode("cp1252"), "not UTF-8"),
        (b"[service]\ndemo_data = 'kanske'\n", "[service] demo_data:"),
        (b"[database]\nurl = 'mysql://localhost/hejsan'\n", "[database] url"),
    ],
)
def test_a_broken_config_is_one_line_naming_the_file_or_key(
    tmp_path: Path, content: bytes, said: str
) -> None:
    config = tmp_path / "trasig.toml"
    config.write_bytes(content)
    code, out, err = hejsan("seniors", "list", "--config", str(config))
    assert code != 0
    assert said in err
    assert "Traceback" not in out + err
    assert out == ""


def test_a_config_file_that_is_not_there_is_named(tmp_path: Path) -> None:
    code, _, err = hejsan("seniors", "list", "--config", str(tmp_path / "hejsan.tmol"))
    assert code == 2
    assert "hejsan.tmol: config file not found" in err


def test_only_a_sqlite_file_counts_as_a_file() -> None:
    assert sqlite_file("sqlite:///hejsan.db") == Path("hejsan.db")
    assert sqlite_file("sqlite+aiosqlite:////var/lib/hejsan/hejsan.db") == Path(
        "/var/lib/hejsan/hejsan.db"
    )
    assert sqlite_file("sqlite:///:memory:") is None
    assert sqlite_file("postgresql://hejsan@localhost/hejsan") is None
