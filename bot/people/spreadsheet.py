"""Reading the lists coordinators have: Excel (.xlsx) or a CSV export of it.

A hostile or broken file never ends in a traceback and never costs the good
rows: a row that cannot be read becomes a row error, and only a file that is
no list at all (an old .xls, random bytes, an empty file) is a file error.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from bot.core.errors import HejsanError
from bot.core.lazy import lazy_module

if TYPE_CHECKING:
    import openpyxl
else:
    openpyxl = lazy_module("openpyxl")  # only .xlsx files need it (bot/core/lazy.py)

MAX_CELL = 2000  # characters; a name is at most 200, a tag list rarely 500
XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # .xls from Excel 97-2003
_UNREADABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffd]")


class SheetError(HejsanError):
    """The file as a whole cannot be read as a list of people."""


@dataclass(frozen=True)
class SheetRow:
    number: int  # the row as the coordinator sees it in Excel (first row is 1)
    cells: tuple[str, ...]


@dataclass
class Sheet:
    """The rows that could be read, and why the others could not."""

    rows: list[SheetRow] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)


def read_sheet(data: bytes) -> Sheet:
    """Rows of an .xlsx or CSV file, whatever the file name says."""
    if data.startswith(XLSX_MAGIC):
        return _read_xlsx(data)
    if data.startswith(OLE_MAGIC):
        raise SheetError(
            "gammalt Excel-format (.xls): spara som .xlsx eller CSV / "
            "old Excel format (.xls): save as .xlsx or CSV"
        )
    return _read_csv(data)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # phone numbers typed as numbers: 701234567.0
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def _read_xlsx(data: bytes) -> Sheet:
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (
        zipfile.BadZipFile,
        openpyxl.utils.exceptions.InvalidFileException,
        KeyError,
        OSError,
        ValueError,
    ) as exc:
        raise SheetError(f"inte en läsbar Excel-fil / not a readable Excel file ({exc})") from None
    sheet = Sheet()
    number = 0
    try:
        worksheet = book.worksheets[0]
        for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
            _keep(sheet, number, tuple(_cell_text(value) for value in values))
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        sheet.errors.append((number + 1, f"resten av filen är oläsbar / rest unreadable ({exc})"))
    finally:
        book.close()
    return sheet


def _decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252 as Swedish Excel writes it.

    Decided line by line against the file as a whole: a UTF-8 file with one
    line of garbage stays UTF-8 (that line gets U+FFFD, which marks its row
    unreadable), so one bad line never garbles nor rejects the others.
    """
    bom = data.startswith(b"\xef\xbb\xbf")
    lines = (data[3:] if bom else data).splitlines(keepends=True)
    utf8 = bom
    for line in lines:
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            continue
        utf8 = True
        break
    if not utf8:
        return data.decode("cp1252", errors="replace")
    return "".join(line.decode("utf-8", errors="replace") for line in lines)


def _looks_binary(text: str) -> bool:
    head = text[:4096]
    if not head:
        return False
    bad = len(_UNREADABLE.findall(head))
    return bad > len(head) // 10


def _delimiter(text: str) -> str:
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {sep: first.count(sep) for sep in (";", ",", "\t")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ";"


def _records(reader: Iterator[list[str]]) -> Iterator[tuple[list[str] | None, str]]:
    """Each record, or None and why it could not be parsed; never raises."""
    while True:
        try:
            yield next(reader), ""
        except StopIteration:
            return
        except csv.Error as exc:
            yield None, str(exc)


def _read_csv(data: bytes) -> Sheet:
    text = _decode(data)
    if not text.strip():
        raise SheetError("filen är tom / the file is empty")
    if _looks_binary(text):
        raise SheetError(
            "filen är varken CSV eller Excel (.xlsx) / the file is neither CSV nor Excel (.xlsx)"
        )
    # A long field is a row error below, never a file error here.
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))
    # newline="": a stray carriage return ends a record instead of failing it.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    sheet = Sheet()
    line = 0
    for record, problem in _records(reader):
        start = line + 1
        line = reader.line_num
        if record is None:
            sheet.errors.append((start, f"oläsbar rad / unreadable row ({problem})"))
            continue
        _keep(sheet, start, tuple(record))
    return sheet


def _keep(sheet: Sheet, number: int, cells: tuple[str, ...]) -> None:
    if any(cell.strip() for cell in cells):
        sheet.rows.append(SheetRow(number, cells))


def cell_problem(cells: tuple[str, ...]) -> str | None:
    """Why a row cannot be trusted as written (a huge cell, bytes that are no text)."""
    longest = max((len(cell) for cell in cells), default=0)
    if longest > MAX_CELL:
        return f"en cell är för lång ({longest} tecken) / a cell is too long ({longest} chars)"
    if any(_UNREADABLE.search(cell) for cell in cells):
        return "oläsbara tecken (fel teckenkodning?) / unreadable characters (wrong encoding?)"
    return None
