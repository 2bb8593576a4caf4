"""Importing seniors and volunteers from the lists coordinators really have.

Excel (.xlsx) or a CSV export of it (`;` or `,`, UTF-8 with or without BOM,
or Windows-1252), Swedish or English headers. Every row is judged on its
own: a row that cannot be used is an error naming the row and the person;
a row imported with a doubt (a landline, an unknown language, a duplicate)
is a warning. A hostile file costs only its bad rows. Re-importing the same
file changes nothing; `dry_run` shows what would change and keeps nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.errors import HejsanError
from bot.people.directory import (
    PersonError,
    PersonInput,
    Role,
    clean_person,
    removed_earlier,
    upsert_people,
)
from bot.people.labels import match_key
from bot.people.spreadsheet import Sheet, SheetError, SheetRow, cell_problem, read_sheet

# Canonical column -> the header names we accept (as `match_key` folds them).
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "name": ("namn", "name", "fullstandigt namn", "full name", "fornamn efternamn", "nimi"),
    "first_name": ("fornamn", "first name", "firstname", "given name", "etunimi"),
    "last_name": ("efternamn", "last name", "lastname", "surname", "family name", "sukunimi"),
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
        "puhelin",
    ),
    "telegram": ("telegram", "telegram id", "telegram chat", "chat id"),
    "lang": ("sprak", "lang", "language", "sprakval", "kieli"),
    "tags": ("taggar", "tags", "tagg", "tag", "grupp", "grupper", "group", "groups"),
    "area": ("omrade", "area", "stadsdel", "district", "ort", "kommundel"),
    "org": ("organisation", "org", "organization", "forening", "association"),
    "availability": ("tillganglighet", "availability", "tider", "hours", "available"),
    "max_open_cases": ("max arenden", "max_arenden", "max cases", "max_open_cases", "max open"),
}
_LOOKUP = {
    " ".join(re.sub(r"[^a-z0-9_]+", " ", alias).split()): canon
    for canon, aliases in HEADER_ALIASES.items()
    for alias in aliases
}
NAME_SHOWN = 40
HEADER_SEARCH = 10  # rows looked at for the header  # characters of a name quoted in a row message


class ListImportError(HejsanError):
    """The file as a whole cannot be read as a list (no name or phone column, not a list)."""


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0  # rows about people removed earlier, left removed
    errors: list[tuple[int, str]] = field(default_factory=list)
    warnings: list[tuple[int, str]] = field(default_factory=list)
    dry_run: bool = False

    @property
    def imported(self) -> int:
        return self.created + self.updated + self.unchanged


@dataclass(frozen=True)
class ParsedList:
    people: list[PersonInput]
    row_numbers: list[int]  # the spreadsheet row of each person (header is row 1)
    errors: list[tuple[int, str]]
    warnings: list[tuple[int, str]]
    rows: int


def _header_key(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9_]+", " ", match_key(text)).split())


def _columns(header: SheetRow) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, raw in enumerate(header.cells):
        canon = _LOOKUP.get(_header_key(raw))
        if canon and canon not in columns:
            columns[canon] = index
    has_name = "name" in columns or "first_name" in columns
    if not has_name or "phone" not in columns:
        missing = [
            n
            for n, ok in (("namn/name", has_name), ("telefon/phone", "phone" in columns))
            if not ok
        ]
        found = ", ".join(cell.strip()[:30] for cell in header.cells if cell.strip())
        raise ListImportError(
            f"kolumn saknas / missing column: {', '.join(missing)} "
            f"(fann på rad {header.number} / found on row {header.number}: {found or 'nothing'})"
        )
    return columns


def _find_header(rows: list[SheetRow]) -> tuple[int, dict[str, int]]:
    """The header row: often the first, but lists can start with a title or notes."""
    first_problem: ListImportError | None = None
    for position, row in enumerate(rows[:HEADER_SEARCH]):
        try:
            return position, _columns(row)
        except ListImportError as exc:
            first_problem = first_problem or exc
    assert first_problem is not None
    raise first_problem


def _cell(row: SheetRow, columns: dict[str, int], name: str) -> str:
    index = columns.get(name)
    return row.cells[index].strip() if index is not None and index < len(row.cells) else ""


def _name(row: SheetRow, columns: dict[str, int]) -> str:
    return _cell(row, columns, "name") or " ".join(
        part
        for part in (_cell(row, columns, "first_name"), _cell(row, columns, "last_name"))
        if part
    )


def _who(row: SheetRow, columns: dict[str, int]) -> str:
    """The person a row is about, short and safe to print: "(Anna Lindqvist) "."""
    name = " ".join(_name(row, columns).split())
    if not name or cell_problem((name,)):
        return ""
    return f"({name[:NAME_SHOWN]}{'…' if len(name) > NAME_SHOWN else ''}) "


def _row_to_person(
    row: SheetRow, columns: dict[str, int], default_lang: str, role: Role
) -> PersonInput:
    problem = cell_problem(row.cells)
    if problem:
        raise PersonError(problem)
    max_cases = _cell(row, columns, "max_open_cases")
    if max_cases and not max_cases.isdigit():
        raise PersonError(f"max ärenden {max_cases[:20]!r} är inte ett heltal / not a whole number")
    return clean_person(
        name=_name(row, columns),
        phone=_cell(row, columns, "phone"),
        telegram=_cell(row, columns, "telegram") or None,
        lang=_cell(row, columns, "lang") or None,
        tags=re.split(r"[,|/;]", _cell(row, columns, "tags")),
        area=_cell(row, columns, "area") or None,
        org=_cell(row, columns, "org") or None,
        availability=_cell(row, columns, "availability"),
        max_open_cases=int(max_cases) if max_cases else None,
        default_lang=default_lang,
        lang_fallback=True,
    )


def parse_sheet(
    sheet: Sheet,
    role: Role,
    default_lang: str = "sv",
    progress: Callable[[int], None] | None = None,
) -> ParsedList:
    """Valid people, row errors and row warnings of a whole list; no database."""
    if not sheet.rows:
        raise ListImportError("filen har inga rader / the file has no rows")
    position, columns = _find_header(sheet.rows)
    body = sheet.rows[position + 1 :]
    people: list[PersonInput] = []
    numbers: list[int] = []
    errors = list(sheet.errors)
    warnings: list[tuple[int, str]] = []
    seen: dict[str, tuple[int, PersonInput]] = {}
    for row in body:
        if progress:
            progress(1)
        who = _who(row, columns)
        try:
            person = _row_to_person(row, columns, default_lang, role)
        except PersonError as exc:
            errors.append((row.number, f"{who}{exc}"))
            continue
        earlier = seen.get(person.phone)
        if earlier is not None:
            first_row, first = earlier
            if first == person:
                warnings.append(
                    (
                        row.number,
                        f"{who}samma som rad {first_row}, hoppas över / "
                        f"same as row {first_row}, skipped",
                    )
                )
            else:
                errors.append(
                    (
                        row.number,
                        f"{who}samma nummer som rad {first_row} men andra "
                        f"uppgifter / same number as row {first_row}, other details",
                    )
                )
            continue
        seen[person.phone] = (row.number, person)
        warnings.extend((row.number, f"{who}{warning}") for warning in person.warnings)
        people.append(person)
        numbers.append(row.number)
    return ParsedList(people, numbers, sorted(errors), warnings, rows=len(body))


def read_file(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise ListImportError(f"{path}: filen finns inte / file not found") from None
    except IsADirectoryError:
        raise ListImportError(f"{path}: är en mapp / is a directory") from None


class _DryRun(Exception):
    """Raised to roll the savepoint of a dry run back."""


async def import_people(
    session: AsyncSession,
    role: Role,
    data: bytes,
    *,
    default_lang: str = "sv",
    dry_run: bool = False,
    actor: str = "import",
    progress: Callable[[int], None] | None = None,
    now: datetime | None = None,
) -> ImportReport:
    """Parse and upsert in the caller's transaction; return what happened (or would)."""
    try:
        sheet = read_sheet(data)
    except SheetError as exc:
        raise ListImportError(str(exc)) from None
    parsed = parse_sheet(sheet, role, default_lang, progress)
    report = ImportReport(rows=parsed.rows, warnings=parsed.warnings, dry_run=dry_run)
    try:
        async with session.begin_nested():
            counts = await upsert_people(session, role, parsed.people, actor=actor, now=now)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    report.created, report.updated, report.unchanged = (
        counts.created,
        counts.updated,
        counts.unchanged,
    )
    report.errors = sorted(
        parsed.errors + [(parsed.row_numbers[i - 1], why) for i, why in counts.errors]
    )
    report.removed = len(counts.removed)
    for index, person_id in counts.removed:
        who = f"({parsed.people[index - 1].name[:NAME_SHOWN]}) "
        report.warnings.append(
            (parsed.row_numbers[index - 1], who + removed_earlier(role, person_id))
        )
    report.warnings.sort()
    return report
