"""What every people form shares (apply_change): the change and its audit row land together,
an unknown id is a 404, and a refusal writes nothing."""

from __future__ import annotations

from sqlalchemy import select

from bot.db.database import Database
from bot.db.models import Senior, Volunteer
from bot.people.directory import Role, clean_person, upsert_people
from tests.bot.console.conftest import Desk
from tests.bot.console.routes.helpers import audit_rows


async def _people(db: Database) -> tuple[int, int]:
    """Anna, a senior; Gösta, a volunteer."""
    async with db.transaction() as session:
        await upsert_people(
            session, Role.SENIOR, [clean_person(name="Anna Lindqvist", phone="0701234567")]
        )
        await upsert_people(
            session, Role.VOLUNTEER, [clean_person(name="Gösta Berg", phone="0709876543")]
        )
        anna = await session.scalar(select(Senior.id))
        gosta = await session.scalar(select(Volunteer.id))
    assert anna is not None
    assert gosta is not None
    return int(anna), int(gosta)


async def _post(desk: Desk, path: str, **data: str) -> int:
    client = desk.as_role("coordinator")
    token = await desk.csrf(client, "/password")
    return (await client.post(path, data={**data, "csrf_token": token})).status_code


async def test_a_seniors_change_is_audited_under_the_senior_with_account_and_address(
    desk: Desk,
) -> None:
    anna, _gosta = await _people(desk.db)
    assert await _post(desk, f"/seniors/{anna}/pause") == 303
    [row] = await audit_rows(desk.db, "senior.paused")
    assert (row.subject_type, row.subject_id, row.senior_id) == ("senior", anna, anna)
    assert row.actor == f"account:{row.account_id}"
    assert row.ip is not None
    assert row.details == {"until": None}
    async with desk.db.reading() as session:
        senior = await session.get(Senior, anna)
    assert senior is not None
    assert senior.paused


async def test_a_volunteers_change_names_no_senior(desk: Desk) -> None:
    _anna, gosta = await _people(desk.db)
    assert await _post(desk, f"/volunteers/{gosta}/pause") == 303
    [row] = await audit_rows(desk.db, "volunteer.paused")
    assert (row.subject_type, row.subject_id, row.senior_id) == ("volunteer", gosta, None)


async def test_an_unknown_person_is_404_and_nothing_is_audited(desk: Desk) -> None:
    await _people(desk.db)
    answers = [
        await _post(desk, "/seniors/987654/resume"),
        await _post(desk, "/seniors/987654/opt-out"),
        await _post(desk, "/volunteers/987654/resume"),
    ]
    assert answers == [404, 404, 404]
    for action in ("senior.resumed", "senior.opted_out", "volunteer.resumed"):
        assert await audit_rows(desk.db, action) == []


async def test_a_refused_change_writes_no_audit_row_and_changes_nothing(desk: Desk) -> None:
    anna, _gosta = await _people(desk.db)
    form = {"name": "Anna Lind", "phone": "12", "lang": "sv", "tags": "", "area": ""}
    assert await _post(desk, f"/seniors/{anna}/edit", **form) == 400
    assert await audit_rows(desk.db, "senior.edited") == []
    async with desk.db.reading() as session:
        senior = await session.get(Senior, anna)
    assert senior is not None
    assert senior.name == "Anna Lindqvist"
