"""Files for Swedish Excel: BOM, semicolons, and no formula ever runs."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook

from bot.core.table_files import csv_bytes, xlsx_bytes

HOSTILE = ["=cmd|' /C calc'!A0", "+SUM(1)", "-2+3", "@SUM(A1)", "\t=1", "Anna"]


def test_csv_opens_in_swedish_excel_with_bom_and_semicolons() -> None:
    data = csv_bytes(["namn", "gäster"], [["Åsa Öberg", 1]])
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig").splitlines() == ["namn;gäster", "Åsa Öberg;1"]


def test_csv_cells_that_would_run_as_formulas_start_with_an_apostrophe() -> None:
    lines = csv_bytes(["namn"], [[name] for name in HOSTILE]).decode("utf-8-sig").splitlines()
    cells = [line.strip('"') for line in lines[1:]]
    assert all(cell.startswith("'") for cell in cells[:5])
    assert cells[5] == "Anna"


def test_xlsx_stores_formula_like_text_as_text() -> None:
    data = xlsx_bytes(["namn", "telefon"], [[name, "+46701740605"] for name in HOSTILE])
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet is not None
    cells = [row for row in sheet.iter_rows(min_row=2)]
    assert [row[0].value for row in cells] == HOSTILE
    assert {row[0].data_type for row in cells} == {"s"}
    assert cells[0][1].value == "+46701740605"


def test_a_semicolon_or_line_break_in_a_name_stays_in_its_cell() -> None:
    text = csv_bytes(("Namn", "Not"), [("Lind; Anna", "rad ett\nrad två")]).decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(text), delimiter=";"))[1] == [
        "Lind; Anna",
        "rad ett\nrad två",
    ]
