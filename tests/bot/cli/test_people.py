"""`hejsan seniors|volunteers ...` as a coordinator uses them, on both databases."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest
from alembic import command
from openpyxl import Workbook, load_workbook
from typer.testing import CliRunner

from bot.cli.main import app
from bot.db.migrate import alembic_config
from bot.people.languages import supported_langs

HEADER = ["Förnamn", "Efternamn", "Mobil", "Språk", "Taggar", "Område"]
MUNICIPAL_ROWS = [
    ["Anna", "Lindqvist", "070-174 06 05", "Svenska", "Tyresö, Sopplunch", "Bollmora"],
    ["Gösta", "Berg", "08-712 34 28", "svenska", "tyreso", "Trollbäcken"],  # a landline
    ["Aino", "Virtanen", "070-174 06 07", "finska", "TYRESÖ", "Bollmora"],
    ["Anna", "Lindqvist", "070-174 06 05", "Svenska", "Tyresö, Sopplunch", "Bollmora"],
    ["Karl", "Öst", "12345", "sv", "", ""],
]


def hejsan(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), input=stdin)
    return result.exit_code, result.stdout, result.stderr


def _xlsx(path: Path) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Seniorer i Tyresö kommun, november 2026"])  # a title row above the header
    sheet.append([])
    for row in [HEADER, *MUNICIPAL_ROWS]:
        sheet.append(row)
    book.save(path)
    return path


def _cp1252(path: Path) -> Path:
    lines = [";".join(row) for row in [HEADER, *MUNICIPAL_ROWS]]
    path.write_bytes("\r\n".join(lines).encode("cp1252"))
    return path


@pytest.fixture(params=["xlsx", "cp1252"])
def municipal_file(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    if request.param == "xlsx":
        return _xlsx(tmp_path / "seniorer.xlsx")
    return _cp1252(tmp_path / "seniorer.csv")


def _list(config: Path) -> list[dict[str, object]]:
    code, out, err = hejsan("seniors", "list", "--json", "--config", str(config))
    assert code == 0, err
    people: list[dict[str, object]] = json.loads(out)
    return people


def test_a_municipal_list_imports_with_the_right_warnings(
    municipal_file: Path, config_file: Path
) -> None:
    code, out, err = hejsan("seniors", "import", str(municipal_file), "--config", str(config_file))
    assert code == 0, err
    assert "3 nya / new" in out
    people = {p["name"]: p for p in _list(config_file)}
    assert set(people) == {"Anna Lindqvist", "Gösta Berg", "Aino Virtanen"}
    # The landline is imported, marked, and the coordinator is told.
    assert people["Gösta Berg"]["sms_usable"] is False
    assert "(Gösta Berg)" in err
    assert "landline" in err
    # The Finnish speaker is never dropped.
    aino = people["Aino Virtanen"]
    if "fi" in supported_langs():
        assert aino["lang"] == "fi"
    else:
        assert aino["lang"] == "sv"
        assert "(Aino Virtanen) språket 'finska' stöds inte" in err
    # The duplicate row is a warning, the bad number an error naming the person.
    assert "samma som rad" in err
    assert "(Karl Öst)" in err
    # Tags keep the coordinator's spelling and match as one.
    assert people["Anna Lindqvist"]["tags"] == ["Sopplunch", "Tyresö"]
    assert people["Gösta Berg"]["tags"] == ["tyreso"]
    assert people["Anna Lindqvist"]["area"] == "Bollmora"


def test_dry_run_shows_what_would_change_and_keeps_nothing(
    municipal_file: Path, config_file: Path
) -> None:
    code, out, _ = hejsan(
        "seniors", "import", str(municipal_file), "--dry-run", "--config", str(config_file)
    )
    assert code == 0
    assert "dry run" in out
    assert "3 nya / new" in out
    assert _list(config_file) == []


def test_hostile_csv_keeps_the_good_rows(tmp_path: Path, config_file: Path) -> None:
    data = (
        b"\xef\xbb\xbfNamn;Telefon;Taggar\n"
        + b"Anna Lindqvist;070-174 06 05;a\n"
        + b"X" * 1_000_000
        + b";070-174 06 06;\n"
        + b"Margit Holm;070-174 06 07;"
        + b"t," * 100_000
        + b"\nBo \xe5berg;070-174 06 08;\n\x00\x01\xff;\x02\n"
        + "Åsa Öberg;070-174 06 09;\n".encode()
    )
    path = tmp_path / "fientlig.csv"
    path.write_bytes(data)
    code, out, err = hejsan("seniors", "import", str(path), "--config", str(config_file))
    assert code == 0, err
    assert "Traceback" not in out + err
    assert [p["name"] for p in _list(config_file)] == ["Anna Lindqvist", "Åsa Öberg"]
    assert err.count("rad / row") == 4


def test_garbage_is_a_clear_file_error(tmp_path: Path, config_file: Path) -> None:
    path = tmp_path / "bild.xlsx"
    path.write_bytes(bytes(range(256)) * 64)
    code, _, err = hejsan("seniors", "import", str(path), "--config", str(config_file))
    assert code != 0
    assert "neither CSV nor Excel" in err


def _add(config: Path, name: str, phone: str) -> int:
    code, _, err = hejsan("seniors", "add", "--name", name, "--phone", phone, "-c", str(config))
    assert code == 0, err
    return int(next(p["id"] for p in _list(config) if p["name"] == name))  # type: ignore[call-overload]


def test_edit_pause_opt_out_and_the_table_shows_it_in_80_columns(config_file: Path) -> None:
    anna = _add(config_file, "Anna Lindqvist-Åkerström von Essen", "070-174 06 05")
    gosta = _add(config_file, "Gösta Berg", "070-174 06 06")
    c = str(config_file)
    assert (
        hejsan("seniors", "edit", str(anna), "--tag", "Tyresö", "--area", "Bollmora", "-c", c)[0]
        == 0
    )
    assert hejsan("seniors", "pause", str(anna), "--until", "2027-01-15", "-c", c)[0] == 0
    assert hejsan("seniors", "opt-out", str(gosta), "-c", c)[0] == 0
    code, out, _ = hejsan("seniors", "list", "-c", c)
    assert code == 0
    assert max(len(line) for line in out.splitlines()) <= 80
    assert "pausad till 2027-01-15" in out
    assert "STOPP" in out
    assert "+46701740605" in out  # a phone number is never cut
    code, _, err = hejsan("seniors", "pause", str(anna), "--until", "15/1", "-c", c)
    assert code != 0
    assert "--until" in err
    assert hejsan("seniors", "resume", str(anna), "-c", c)[0] == 0
    assert hejsan("seniors", "opt-in", str(gosta), "-c", c)[0] == 0
    statuses = {p["name"]: (p["paused"], p["opted_out"]) for p in _list(config_file)}
    assert set(statuses.values()) == {(False, False)}


def test_list_as_csv_for_excel_and_as_xlsx(config_file: Path, tmp_path: Path) -> None:
    _add(config_file, "=cmd|' /C calc'!A0", "070-174 06 05")
    code, out, _ = hejsan("seniors", "list", "--csv", "-c", str(config_file))
    assert code == 0
    assert out.startswith("\ufeffid;namn;telefon")
    assert ";'=cmd|" in out
    target = tmp_path / "seniorer.xlsx"
    assert hejsan("seniors", "list", "--xlsx", str(target), "-c", str(config_file))[0] == 0
    sheet = load_workbook(io.BytesIO(target.read_bytes())).active
    assert sheet is not None
    assert sheet["B2"].value == "=cmd|' /C calc'!A0"
    assert sheet["B2"].data_type == "s"


def test_export_then_erase_after_confirming(config_file: Path) -> None:
    anna = _add(config_file, "Anna Lindqvist", "070-174 06 05")
    c = str(config_file)
    code, out, _ = hejsan("seniors", "export", str(anna), "-c", c)
    assert code == 0
    assert json.loads(out)["profile"]["name"] == "Anna Lindqvist"
    code, _, _ = hejsan("seniors", "erase", str(anna), "-c", c, stdin="n\n")
    assert code != 0
    assert [p["name"] for p in _list(config_file)] == ["Anna Lindqvist"]
    assert hejsan("seniors", "erase", str(anna), "--yes", "-c", c)[0] == 0
    assert _list(config_file) == []


def test_remove_takes_a_volunteer_off_the_list(config_file: Path) -> None:
    c = str(config_file)
    code, _, _ = hejsan("volunteers", "add", "--name", "Karin Ek", "--phone", "0701740620", "-c", c)
    assert code == 0
    code, out, _ = hejsan("volunteers", "list", "--json", "-c", c)
    karin = json.loads(out)[0]["id"]
    code, out, _ = hejsan("volunteers", "remove", str(karin), "-c", c)
    assert code == 0
    assert "30" in out  # the retention days are said
    assert json.loads(hejsan("volunteers", "list", "--json", "-c", c)[1]) == []


def test_adding_a_removed_person_says_how_to_restore_and_restore_does(
    config_file: Path,
) -> None:
    c = str(config_file)
    anna = _add(config_file, "Anna Lindqvist", "070-174 06 05")
    assert hejsan("seniors", "remove", str(anna), "-c", c)[0] == 0
    args = ("seniors", "add", "--name", "Anna Lindqvist", "--phone", "070-174 06 05", "-c", c)
    code, _, err = hejsan(*args)
    assert code != 0
    assert f"hejsan seniors restore {anna}" in err
    assert _list(config_file) == []
    code, out, err = hejsan("seniors", "restore", str(anna), "-c", c)
    assert code == 0, err
    assert "restored" in out
    assert [p["name"] for p in _list(config_file)] == ["Anna Lindqvist"]


def test_hejsan_toml_in_the_current_folder_is_found(
    config_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _add(config_file, "Anna Lindqvist", "070-174 06 05")
    monkeypatch.delenv("HEJSAN_CONFIG", raising=False)
    monkeypatch.chdir(config_file.parent)
    code, out, _ = hejsan("seniors", "list", "--json")
    assert code == 0
    assert json.loads(out)[0]["name"] == "Anna Lindqvist"


def test_a_missing_database_is_named_not_created(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("HEJSAN_CONFIG", raising=False)
    code, _, err = hejsan("seniors", "list")
    assert code != 0
    assert str(tmp_path / "hejsan.db") in err.replace("\n", "")
    assert "hejsan init" in err
    assert not os.path.exists(tmp_path / "hejsan.db")


def test_listing_an_older_database_says_to_run_init(tmp_path: Path) -> None:
    path = tmp_path / "gammal.db"
    command.upgrade(alembic_config(f"sqlite:///{path}"), "0003")
    config = tmp_path / "hejsan.toml"
    config.write_text(f'[database]\nurl = "sqlite:///{path}"\n')
    code, _, err = hejsan("seniors", "list", "--json", "--config", str(config))
    assert code != 0
    assert "hejsan init" in err
    assert hejsan("init", "--config", str(config))[0] == 0
    assert hejsan("seniors", "list", "--json", "--config", str(config))[1].strip() == "[]"
