"""Exports a coordinator opens in Excel: Swedish Excel reads the CSV right, a
name that looks like a formula stays text, and the file name is safe."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from bot.console.exports import csv_bytes, download_name, neutralise, xlsx_bytes

HEADER = ("Namn", "Område", "Svar")
ROWS = [
    ("Åsa Öberg", "Västra Haninge", 12),
    ("=cmd|' /C calc'!A0", None, -3),
    ("+46701234567", "@hem", 0.5),
]


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_cell_starting_like_a_formula_is_made_text(start: str) -> None:
    assert neutralise(f"{start}SUM(A1)") == f"'{start}SUM(A1)"


def test_ordinary_cells_and_numbers_pass_unchanged() -> None:
    assert neutralise("Anna = glad") == "Anna = glad"
    assert neutralise(-3) == -3
    assert neutralise(None) is None


def test_csv_has_a_bom_semicolons_crlf_and_no_live_formula() -> None:
    data = csv_bytes(HEADER, ROWS)
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert text.splitlines(keepends=True)[0] == "Namn;Område;Svar\r\n"
    read = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert read == [
        ["Namn", "Område", "Svar"],
        ["Åsa Öberg", "Västra Haninge", "12"],
        ["'=cmd|' /C calc'!A0", "", "-3"],
        ["'+46701234567", "'@hem", "0.5"],
    ]


def test_a_semicolon_or_line_break_in_a_name_stays_in_its_cell() -> None:
    text = csv_bytes(("Namn", "Not"), [("Lind; Anna", "rad ett\nrad två")]).decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(text), delimiter=";"))[1] == [
        "Lind; Anna",
        "rad ett\nrad två",
    ]


def test_xlsx_holds_the_same_rows_as_text_and_numbers() -> None:
    title = "Rapport december 2026 för Haninge kommun"
    book = load_workbook(io.BytesIO(xlsx_bytes(title, HEADER, ROWS)))
    sheet = book.active
    assert sheet is not None
    assert sheet.title == title[:31]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == HEADER
    assert rows[1] == ("Åsa Öberg", "Västra Haninge", 12)
    assert rows[2] == ("'=cmd|' /C calc'!A0", None, -3)
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


@pytest.mark.parametrize(
    ("stem", "expected"),
    [
        ("rapport-2026-12", "rapport-2026-12.csv"),
        ("Åsa Öberg", "sa--berg.csv"),
        ('x"; filename=evil.exe', "x---filename-evil-exe.csv"),
        ("../../etc/passwd", "etc-passwd.csv"),
        ("Ärende", "rende.csv"),
        ("åäö", "hejsan.csv"),
    ],
)
def test_download_names_are_plain_ascii(stem: str, expected: str) -> None:
    assert download_name(stem, "csv") == expected
