"""CSV and Excel files written for people to open: people lists, attendees, reports.

Swedish Excel opens a CSV right only as UTF-8 with a BOM and `;` between
cells. A cell that starts with = + - @ would run as a formula in a
spreadsheet ("=cmd|' /C calc'!A0" as a senior's name), so CSV cells like that
get a leading apostrophe; in .xlsx every text is written as text, never as a
formula.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from bot.core.lazy import lazy_module

if TYPE_CHECKING:
    import openpyxl
else:
    openpyxl = lazy_module("openpyxl")  # only Excel files need it (bot/core/lazy.py)

Cell = str | int | float | None
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Cell) -> str:
    """The cell as CSV text that no spreadsheet runs as a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, int | float):
        return str(value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> bytes:
    """UTF-8 with BOM, `;`-separated, formulas neutralised: opens right in Swedish Excel."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([neutralise(cell) for cell in header])
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")


def xlsx_bytes(
    header: Sequence[str], rows: Iterable[Sequence[Cell]], title: str = "Hejsan"
) -> bytes:
    """One sheet with the header as its first row; every text stored as text."""
    book = openpyxl.Workbook(write_only=False)
    sheet = book.active
    assert sheet is not None
    sheet.title = title[:31]
    table: list[Sequence[Cell]] = [header, *rows]
    for number, values in enumerate(table, start=1):
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=number, column=column, value=value)
            if isinstance(value, str):
                cell.data_type = (
                    openpyxl.cell.cell.TYPE_STRING
                )  # "=..." stays text, never a formula
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
