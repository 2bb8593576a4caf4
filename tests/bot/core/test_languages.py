"""One list of supported languages, from the data files, everywhere the shell
takes a language: people, import files, config, the CLI (issue 13)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli.main import app
from bot.core.config import load_config
from bot.core.errors import ConfigError
from bot.people.directory import PersonError, clean_person


@pytest.mark.parametrize("written", ["fi", "FI", "finska", "suomi", "Finnish"])
def test_a_finnish_speaker_is_imported_not_dropped(written: str) -> None:
    assert clean_person(name="Aino", phone="+46701234567", lang=written).lang == "fi"


def test_an_unsupported_language_names_the_supported_ones() -> None:
    with pytest.raises(PersonError, match="sv, en, fi"):
        clean_person(name="Hans", phone="+46701234567", lang="de")


def test_config_accepts_finnish_and_refuses_what_has_no_texts(tmp_path: Path) -> None:
    path = tmp_path / "hejsan.toml"
    path.write_text('[service]\ndefault_lang = "fi"\n[templates.fi]\n"checkin.good" = "Hienoa!"\n')
    assert load_config(path, {}).service.default_lang == "fi"
    path.write_text('[service]\ndefault_lang = "de"\n')
    with pytest.raises(ConfigError, match="default_lang"):
        load_config(path, {})


def test_interpret_reads_finnish_and_prints_review() -> None:
    line = json.dumps({"context": "checkin", "text": "huonosti", "lang": "fi"})
    result = CliRunner().invoke(app, ["interpret", "--jsonl"], input=line + "\n")
    assert result.exit_code == 0
    reading = json.loads(result.stdout)
    assert reading["mood"] == "bad"
    assert reading["review"] is False


def test_templates_check_covers_finnish() -> None:
    result = CliRunner().invoke(app, ["templates", "check", "--json", "--lang", "fi"])
    assert result.exit_code == 0, result.stdout
    rows = json.loads(result.stdout)
    assert ("fi", "checkin.question") in {(row["lang"], row["key"]) for row in rows}
    assert ("fi", "review.holding") in {(row["lang"], row["key"]) for row in rows}
