"""CSV import as coordinators really have the lists (runs on SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest

from bot.db.database import Database
from bot.people.changes import remove_person, restore_person
from bot.people.directory import PersonError, Role, list_people
from bot.people.list_import import ListImportError, import_people

SWEDISH_EXCEL = (
    "Namn;Telefon;Språk;Taggar\r\n"
    "Anna Lindqvist;070-123 45 67;svenska;Tyresö, sopplunch\r\n"
    "Gösta Berg;0701234568;;tyresö\r\n"
    "Åsa Öberg;+46 70 123 45 69;sv;\r\n"
)


async def run_import(db: Database, data: bytes, role: Role = Role.SENIOR):  # type: ignore[no-untyped-def]
    async with db.transaction() as session:
        return await import_people(session, role, data)


async def people(db: Database, role: Role = Role.SENIOR) -> list[dict[str, object]]:
    async with db.transaction() as session:
        return await list_people(session, role)


async def test_utf8_bom_semicolon_swedish_headers(db: Database) -> None:
    report = await run_import(db, b"\xef\xbb\xbf" + SWEDISH_EXCEL.encode("utf-8"))
    assert (report.created, report.errors) == (3, [])
    rows = await people(db)
    assert [p["name"] for p in rows] == ["Anna Lindqvist", "Gösta Berg", "Åsa Öberg"]
    assert [p["phone"] for p in rows] == ["+46701234567", "+46701234568", "+46701234569"]
    assert rows[0]["tags"] == ["sopplunch", "Tyresö"]  # the coordinator's spelling
    assert rows[0]["lang"] == "sv"


async def test_windows_1252_export_keeps_swedish_letters(db: Database) -> None:
    report = await run_import(db, SWEDISH_EXCEL.encode("cp1252"))
    assert report.created == 3
    assert [p["name"] for p in await people(db)][1:] == ["Gösta Berg", "Åsa Öberg"]


async def test_english_headers_and_commas(db: Database) -> None:
    data = b"name,phone,language,tags\nJohn Smith,0701234570,en,pro\n"
    report = await run_import(db, data)
    assert report.created == 1
    assert (await people(db))[0]["lang"] == "en"


async def test_reimporting_the_same_file_changes_nothing(db: Database) -> None:
    data = SWEDISH_EXCEL.encode("utf-8")
    await run_import(db, data)
    before = await people(db)
    again = await run_import(db, data)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert await people(db) == before


async def test_changed_row_updates_the_person_found_by_phone(db: Database) -> None:
    await run_import(db, SWEDISH_EXCEL.encode("utf-8"))
    changed = SWEDISH_EXCEL.replace("Gösta Berg;0701234568", "Gösta Bergström;070 123 45 68")
    report = await run_import(db, changed.encode("utf-8"))
    assert (report.created, report.updated, report.unchanged) == (0, 1, 2)
    names = [p["name"] for p in await people(db)]
    assert "Gösta Bergström" in names
    assert len(names) == 3


async def test_bad_rows_are_reported_with_row_number_and_the_rest_imported(db: Database) -> None:
    data = (
        b"namn;telefon\n"
        b"Anna;070-123 45 67\n"
        b";070-123 45 68\n"  # row 3: no name
        b"Bertil;12345\n"  # row 4: not a number
        b"Cecilia;070-123 45 67\n"  # row 5: same number as row 2
        b"\n"
        b"Doris;hej\n"  # row 7
        b"Erik;0701234599\n"
    )
    report = await run_import(db, data)
    assert report.created == 2
    assert [row for row, _ in report.errors] == [3, 4, 5, 7]
    reasons = dict(report.errors)
    assert "namn saknas" in reasons[3]
    assert "ogiltigt" in reasons[4]
    assert "rad 2" in reasons[5]
    assert [p["name"] for p in await people(db)] == ["Anna", "Erik"]


async def test_first_and_last_name_columns_are_joined(db: Database) -> None:
    data = "Förnamn;Efternamn;Mobilnummer\nKarin;Ek;0701234567\n".encode()
    await run_import(db, data)
    assert (await people(db))[0]["name"] == "Karin Ek"


async def test_volunteers_get_organisation(db: Database) -> None:
    data = "Namn;Telefon;Organisation;Max ärenden\nKarin Ek;0701234567;Väntjänsten;2\n".encode()
    report = await run_import(db, data, Role.VOLUNTEER)
    assert report.created == 1
    volunteer = (await people(db, Role.VOLUNTEER))[0]
    assert volunteer["org"] == "Väntjänsten"
    assert volunteer["max_open_cases"] == 2


async def test_number_of_a_volunteer_is_not_taken_by_a_senior(db: Database) -> None:
    await run_import(db, b"namn;telefon\nKarin;0701234567\n", Role.VOLUNTEER)
    report = await run_import(db, b"namn;telefon\nAnna;0701234567\n", Role.SENIOR)
    assert report.created == 0
    assert report.errors[0][0] == 2
    assert await people(db, Role.SENIOR) == []


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "tom"),
        (b"\n\n", "tom"),
        (b"foo;bar\n1;2\n", "namn/name, telefon/phone"),
        (b"namn;adress\nAnna;Storgatan 1\n", "telefon/phone"),
    ],
)
async def test_file_without_name_or_phone_column_is_refused(
    db: Database, data: bytes, message: str
) -> None:
    with pytest.raises(ListImportError, match=message):
        await run_import(db, data)
    assert await people(db) == []


async def test_a_removed_person_in_the_next_import_stays_removed_with_a_hint(
    db: Database,
) -> None:
    """The municipality's list still has Anna after a coordinator removed her:
    the routine re-import must not start texting her again, and says how to
    undo the removal if that is what the coordinator wants."""
    data = SWEDISH_EXCEL.encode("utf-8")
    await run_import(db, data)
    anna_id = next(p["id"] for p in await people(db) if p["name"] == "Anna Lindqvist")
    async with db.transaction() as session:
        await remove_person(session, Role.SENIOR, int(str(anna_id)), actor="cli", now=db.now())
    again = await run_import(db, data)
    assert (again.created, again.updated, again.unchanged, again.removed) == (0, 0, 2, 1)
    assert again.errors == []
    (warning,) = [(row, why) for row, why in again.warnings if "Anna" in why]
    assert warning[0] == 2
    assert "removed earlier, not re-added" in warning[1]
    assert f"hejsan seniors restore {anna_id}" in warning[1]
    assert "Anna Lindqvist" not in [p["name"] for p in await people(db)]


async def test_a_restored_person_is_listed_and_reachable_again(db: Database) -> None:
    await run_import(db, SWEDISH_EXCEL.encode("utf-8"))
    anna_id = int(str(next(p["id"] for p in await people(db) if p["name"] == "Anna Lindqvist")))
    async with db.transaction() as session:
        await remove_person(session, Role.SENIOR, anna_id, actor="cli", now=db.now())
    async with db.transaction() as session:
        await restore_person(session, Role.SENIOR, anna_id, actor="cli", now=db.now())
    anna = next(p for p in await people(db) if p["id"] == anna_id)
    assert (anna["removed"], anna["paused"]) == (False, False)
    again = await run_import(db, SWEDISH_EXCEL.encode("utf-8"))
    assert (again.removed, again.unchanged) == (0, 3)
    async with db.transaction() as session:
        with pytest.raises(PersonError, match="not removed"):
            await restore_person(session, Role.SENIOR, anna_id, actor="cli", now=db.now())
