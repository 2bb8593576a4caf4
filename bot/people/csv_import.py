"""CSV import of seniors and volunteers as coordinators really have the lists.

Swedish Excel exports use `;`, come as UTF-8 with a BOM or as Windows-1252,
and have Swedish or English headers. Invalid rows are reported with their row
number and reason; valid rows are imported; re-importing changes nothing.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.errors import HejsanError
from bot.people.directory import PersonError, PersonInput, Role, clean_person, upsert_people

# Canonical column -> the header names we accept (already folded: lower case, no å/ä/ö).
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "name": ("namn", "name", "fullstandigt namn", "full name", "fornamn efternamn"),
    "first_name": ("fornamn", "first name", "firstname", "given name"),
    "last_name": ("efternamn", "last name", "lastname", "surname", "family name"),
    "phone": (
        "telefon",
        "phone",
        "telefonnummer",
        "mobil",
        "mobilnummer",
        "mobiltelefon",
        "tel",
        "tel nr",
        "telnr",
        "phone number",
        "mobile",
        "nummer",
        "sms",
    ),
    "telegram": ("telegram", "telegram id", "telegram chat", "chat id"),
    "lang": ("sprak", "lang", "language", "sprakval"),
    "tags": ("taggar", "tags", "tagg", "tag", "grupp", "grupper", "group", "groups"),
    "area": ("omrade", "area", "stadsdel", "district", "ort"),
    "org": ("organisation", "org", "organization", "forening", "association"),
    "availability": ("tillganglighet", "availability", "tider", "hours", "available"),
    "max_open_cases": ("max arenden", "max_arenden", "max cases", "max_open_cases", "max open"),
}


class CsvImportError(HejsanError):
    """The file as a whole cannot be read (no name or phone column, not a CSV)."""


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)

    @property
    def imported(self) -> int:
        return self.created + self.updated + self.unchanged


def fold(text: str) -> str:
    """Lower case, å/ä/ö folded, punctuation to spaces: how headers are compared."""
    decomposed = unicodedata.normalize("NFKD", text.strip().lower())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[^a-z0-9_]+", " ", plain).split())


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252 as Excel writes it."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _delimiter(header_line: str) -> str:
    counts = {sep: header_line.count(sep) for sep in (";", ",", "\t")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ";"


def _columns(header: list[str]) -> dict[str, int]:
    lookup = {alias: canon for canon, aliases in HEADER_ALIASES.items() for alias in aliases}
    columns: dict[str, int] = {}
    for index, raw in enumerate(header):
        canon = lookup.get(fold(raw))
        if canon and canon not in columns:
            columns[canon] = index
    has_name = "name" in columns or "first_name" in columns
    if not has_name or "phone" not in columns:
        missing = [
            n
            for n, ok in (("namn/name", has_name), ("telefon/phone", "phone" in columns))
            if not ok
        ]
        raise CsvImportError(
            f"kolumn saknas / missing column: {', '.join(missing)} "
            f"(fann / found: {', '.join(h.strip() for h in header) or 'nothing'})"
        )
    return columns


def _cell(row: list[str], columns: dict[str, int], name: str) -> str:
    index = columns.get(name)
    return row[index].strip() if index is not None and index < len(row) else ""


def _row_to_person(row: list[str], columns: dict[str, int], default_lang: str) -> PersonInput:
    name = _cell(row, columns, "name") or " ".join(
        part
        for part in (_cell(row, columns, "first_name"), _cell(row, columns, "last_name"))
        if part
    )
    max_cases = _cell(row, columns, "max_open_cases")
    if max_cases and not max_cases.isdigit():
        raise PersonError(f"max ärenden {max_cases!r} är inte ett heltal / not a whole number")
    return clean_person(
        name=name,
        phone=_cell(row, columns, "phone"),
        telegram=_cell(row, columns, "telegram") or None,
        lang=_cell(row, columns, "lang") or None,
        tags=re.split(r"[,|/]", _cell(row, columns, "tags")),
        area=_cell(row, columns, "area") or None,
        org=_cell(row, columns, "org") or None,
        availability=_cell(row, columns, "availability"),
        max_open_cases=int(max_cases) if max_cases else None,
        default_lang=default_lang,
    )


@dataclass(frozen=True)
class ParsedFile:
    people: list[PersonInput]
    row_numbers: list[int]  # the spreadsheet row of each person (header is row 1)
    errors: list[tuple[int, str]]
    rows: int


def parse_csv(
    data: bytes, default_lang: str = "sv", progress: Callable[[int], None] | None = None
) -> ParsedFile:
    """Read a whole file into valid people and per-row errors; no database."""
    text = decode(data)
    lines = text.splitlines()
    first = next((line for line in lines if line.strip()), "")
    if not first:
        raise CsvImportError("filen är tom / the file is empty")
    reader: Iterator[list[str]] = csv.reader(io.StringIO(text), delimiter=_delimiter(first))
    header: list[str] = []
    for header in reader:
        if any(cell.strip() for cell in header):
            break
    columns = _columns(header)
    people: list[PersonInput] = []
    numbers: list[int] = []
    errors: list[tuple[int, str]] = []
    seen: dict[str, int] = {}
    rows = 0
    for row in reader:
        row_number = reader.line_num  # type: ignore[attr-defined]
        if not any(cell.strip() for cell in row):
            continue
        rows += 1
        if progress:
            progress(1)
        try:
            person = _row_to_person(row, columns, default_lang)
        except PersonError as exc:
            errors.append((row_number, str(exc)))
            continue
        if person.phone in seen:
            errors.append((row_number, f"samma nummer som rad {seen[person.phone]} / duplicate"))
            continue
        seen[person.phone] = row_number
        people.append(person)
        numbers.append(row_number)
    return ParsedFile(people=people, row_numbers=numbers, errors=errors, rows=rows)


def read_file(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise CsvImportError(f"{path}: filen finns inte / file not found") from None
    except IsADirectoryError:
        raise CsvImportError(f"{path}: är en mapp / is a directory") from None


async def import_people(
    session: AsyncSession,
    role: Role,
    data: bytes,
    *,
    default_lang: str = "sv",
    progress: Callable[[int], None] | None = None,
    now: datetime | None = None,
) -> ImportReport:
    """Parse and upsert in the caller's transaction; return what happened."""
    parsed = parse_csv(data, default_lang, progress)
    counts = await upsert_people(session, role, parsed.people, actor="import", now=now)
    errors = parsed.errors + [(parsed.row_numbers[i - 1], why) for i, why in counts.errors]
    return ImportReport(
        rows=parsed.rows,
        created=counts.created,
        updated=counts.updated,
        unchanged=counts.unchanged,
        errors=sorted(errors),
    )
