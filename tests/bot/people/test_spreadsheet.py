"""Hostile and broken files: never a traceback, never the good rows lost."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from bot.people.spreadsheet import SheetError, cell_problem, read_sheet

GOOD = "Namn;Telefon\nAnna Lindqvist;070-174 06 05\nGösta Berg;070-174 06 06\n"


def _names(data: bytes) -> list[str]:
    return [row.cells[0] for row in read_sheet(data).rows[1:] if cell_problem(row.cells) is None]


def test_a_one_megabyte_name_is_a_row_problem_and_the_rest_are_read() -> None:
    data = (GOOD + "X" * 1_000_000 + ";070-174 06 07\nMargit Holm;070-174 06 08\n").encode()
    sheet = read_sheet(data)
    problems = [(row.number, cell_problem(row.cells)) for row in sheet.rows]
    assert [number for number, problem in problems if problem] == [4]
    assert _names(data) == ["Anna Lindqvist", "Gösta Berg", "Margit Holm"]


def test_a_200_kb_tag_field_does_not_hit_the_csv_field_limit() -> None:
    data = ("Namn;Telefon;Taggar\n" + "Anna;070-174 06 05;" + "t," * 100_000 + "\n").encode()
    sheet = read_sheet(data)
    assert "too long" in (cell_problem(sheet.rows[1].cells) or "")


def test_a_carriage_return_in_an_unquoted_field_splits_the_row_not_the_file() -> None:
    data = b"Namn;Telefon\nAnna\rLindqvist;070-174 06 05\nG\xc3\xb6sta Berg;070-174 06 06\n"
    assert "Gösta Berg" in _names(data)


def test_random_bytes_are_a_clear_file_error() -> None:
    with pytest.raises(SheetError, match="neither CSV nor Excel"):
        read_sheet(bytes(range(256)) * 40)


def test_binary_garbage_in_one_row_only_costs_that_row() -> None:
    data = GOOD.encode() + b"\x00\x01\x02\xff\xfe;\x07\x08\n" + b"Margit Holm;070-174 06 08\n"
    assert _names(data) == ["Anna Lindqvist", "Gösta Berg", "Margit Holm"]


def test_a_bom_followed_by_invalid_utf8_marks_only_the_bad_row() -> None:
    data = b"\xef\xbb\xbf" + GOOD.encode() + b"Kalle \xe5berg;070-174 06 09\n"
    sheet = read_sheet(data)
    assert "unreadable characters" in (cell_problem(sheet.rows[-1].cells) or "")
    assert _names(data) == ["Anna Lindqvist", "Gösta Berg"]


def test_an_old_xls_file_is_told_to_be_saved_as_xlsx() -> None:
    with pytest.raises(SheetError, match=r"\.xlsx"):
        read_sheet(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500)


def test_a_broken_zip_is_a_clear_file_error() -> None:
    with pytest.raises(SheetError, match="Excel"):
        read_sheet(b"PK\x03\x04" + b"garbage" * 100)


def test_xlsx_rows_come_with_their_excel_row_numbers_and_numbers_as_text() -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Namn", "Telefon"])
    sheet.append([None, None])
    sheet.append(["Anna Lindqvist", 701740605])
    buffer = io.BytesIO()
    book.save(buffer)
    rows = read_sheet(buffer.getvalue()).rows
    assert [(row.number, row.cells) for row in rows] == [
        (1, ("Namn", "Telefon")),
        (3, ("Anna Lindqvist", "701740605")),
    ]


def test_cp1252_export_is_read_as_swedish_text() -> None:
    data = "Namn;Telefon\nGösta Åberg;070-174 06 06\n".encode("cp1252")
    assert _names(data) == ["Gösta Åberg"]
