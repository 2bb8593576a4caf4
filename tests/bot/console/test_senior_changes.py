"""Changing a senior from the console's pages: every form, its protections, its audit row."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from bot.db.database import Database
from bot.db.models import AuditEntry, Senior
from bot.people.directory import Role, clean_person, upsert_people
from tests.bot.console.conftest import Desk


async def _senior(db: Database, name: str = "Anna Lindqvist", phone: str = "0701234567") -> int:
    async with db.transaction() as session:
        await upsert_people(
            session, Role.SENIOR, [clean_person(name=name, phone=phone, tags=["Tyresö"])]
        )
        found = await session.scalar(select(Senior.id).where(Senior.name == name))
    assert found is not None
    return int(found)


async def _get(db: Database, senior_id: int) -> Senior:
    async with db.reading() as session:
        senior = await session.get(Senior, senior_id)
    assert senior is not None
    return senior


async def _console_rows(db: Database, action: str, senior_id: int) -> int:
    async with db.reading() as session:
        count = await session.scalar(
            select(func.count()).where(
                AuditEntry.action == action,
                AuditEntry.senior_id == senior_id,
                AuditEntry.account_id.is_not(None),
            )
        )
    return int(count or 0)


async def test_coordinator_pauses_until_a_day_and_the_page_says_so(desk: Desk) -> None:
    anna = await _senior(desk.db)
    client = desk.as_role("coordinator")
    day = (datetime.now(UTC) + timedelta(days=10)).date().isoformat()
    token = await desk.csrf(client, f"/seniors/{anna}")
    response = await client.post(f"/seniors/{anna}/pause", data={"until": day, "csrf_token": token})
    assert response.status_code == 303
    page = (await client.get(response.headers["location"])).text
    assert f"Ja, till {day}" in page
    assert "Återuppta nu" in page
    senior = await _get(desk.db, anna)
    assert senior.paused
    assert senior.paused_until is not None
    assert await _console_rows(desk.db, "senior.paused", anna) == 1


async def test_a_day_in_the_past_is_refused_next_to_the_field(desk: Desk) -> None:
    anna = await _senior(desk.db)
    client = desk.as_role("coordinator")
    token = await desk.csrf(client, f"/seniors/{anna}")
    response = await client.post(
        f"/seniors/{anna}/pause", data={"until": "2020-01-01", "csrf_token": token}
    )
    assert response.status_code == 400
    assert 'id="e-until"' in response.text
    assert "Välj en dag efter idag" in response.text
    assert 'value="2020-01-01"' in response.text
    assert not (await _get(desk.db, anna)).paused


async def test_edit_changes_only_what_was_changed_and_audits_the_fields(desk: Desk) -> None:
    anna = await _senior(desk.db)
    client = desk.as_role("coordinator")
    token = await desk.csrf(client, f"/seniors/{anna}")
    form = {
        "name": "Anna Lind",
        "phone": "+46701234567",
        "telegram": "",
        "lang": "sv",
        "tags": "Tyresö, Soppa",
        "area": "Centrum",
        "notes": "",
        "csrf_token": token,
    }
    response = await client.post(f"/seniors/{anna}/edit", data=form)
    assert response.status_code == 303
    senior = await _get(desk.db, anna)
    assert (senior.name, senior.area, sorted(senior.tags)) == (
        "Anna Lind",
        "Centrum",
        ["Soppa", "Tyresö"],
    )
    async with desk.db.reading() as session:
        row = await session.scalar(
            select(AuditEntry).where(
                AuditEntry.action == "senior.edited", AuditEntry.account_id.is_not(None)
            )
        )
    assert row is not None
    assert row.senior_id == anna
    assert sorted(row.details["fields"]) == ["area", "name", "tags"]


async def test_a_bad_phone_keeps_what_was_typed_and_changes_nothing(desk: Desk) -> None:
    anna = await _senior(desk.db)
    await _senior(desk.db, "Gösta Berg", "0709876543")
    client = desk.as_role("coordinator")
    token = await desk.csrf(client, f"/seniors/{anna}")
    form = {"name": "Anna Ny", "phone": "+46709876543", "csrf_token": token}
    response = await client.post(f"/seniors/{anna}/edit", data=form)
    assert response.status_code == 400
    assert 'id="e-phone"' in response.text
    assert "Numret tillhör någon annan" in response.text
    assert 'value="Anna Ny"' in response.text
    assert (await _get(desk.db, anna)).name == "Anna Lindqvist"


async def test_remove_needs_the_confirmation_step(desk: Desk) -> None:
    anna = await _senior(desk.db)
    client = desk.as_role("coordinator")
    step = (await client.get(f"/seniors/{anna}?remove=1")).text
    assert "Ja, ta bort" in step
    token = await desk.csrf(client, f"/seniors/{anna}")
    unconfirmed = await client.post(f"/seniors/{anna}/remove", data={"csrf_token": token})
    assert unconfirmed.status_code == 400
    assert "Ja, ta bort" in unconfirmed.text
    assert (await _get(desk.db, anna)).removed_at is None
    confirmed = await client.post(
        f"/seniors/{anna}/remove", data={"csrf_token": token, "confirm": "yes"}
    )
    assert confirmed.status_code == 303
    assert (await _get(desk.db, anna)).removed_at is not None
    page = (await client.get(f"/seniors/{anna}")).text
    assert "Borttagen" in page
    assert f"/seniors/{anna}/pause" not in page
    assert await _console_rows(desk.db, "senior.removed", anna) == 1


async def test_opt_out_on_their_behalf_is_recorded_as_the_coordinators(desk: Desk) -> None:
    anna = await _senior(desk.db)
    client = desk.as_role("coordinator")
    token = await desk.csrf(client, f"/seniors/{anna}")
    response = await client.post(f"/seniors/{anna}/opt-out", data={"csrf_token": token})
    assert response.status_code == 303
    senior = await _get(desk.db, anna)
    assert senior.opted_out_at is not None
    assert senior.opted_out_by is not None
    assert senior.opted_out_by.startswith("account:")
    page = (await client.get(f"/seniors/{anna}")).text
    assert "av en samordnare" in page
    back = await client.post(f"/seniors/{anna}/opt-in", data={"csrf_token": token})
    assert back.status_code == 303
    assert (await _get(desk.db, anna)).opted_out_at is None
    assert await _console_rows(desk.db, "senior.opted_out", anna) == 1
    assert await _console_rows(desk.db, "senior.opted_in", anna) == 1


async def test_viewer_sees_no_buttons_and_a_forged_post_changes_nothing(desk: Desk) -> None:
    anna = await _senior(desk.db)
    viewer = desk.as_role("viewer")
    page = await viewer.get(f"/seniors/{anna}")
    assert page.status_code == 200
    assert '<button type="submit">' not in page.text.split("</header>")[1]
    assert f"/seniors/{anna}/pause" not in page.text
    token = await desk.csrf(viewer, "/seniors")  # the logout form's token is theirs
    for path in ("pause", "opt-out", "edit", "remove"):
        forged = await viewer.post(
            f"/seniors/{anna}/{path}",
            data={"csrf_token": token, "confirm": "yes", "name": "X"},
        )
        assert forged.status_code == 403, path
    senior = await _get(desk.db, anna)
    assert (senior.paused, senior.opted_out_at, senior.removed_at, senior.name) == (
        False,
        None,
        None,
        "Anna Lindqvist",
    )


async def test_a_post_without_the_token_is_refused_and_changes_nothing(desk: Desk) -> None:
    anna = await _senior(desk.db)
    client = desk.as_role("coordinator")
    missing = await client.post(f"/seniors/{anna}/pause", data={})
    wrong = await client.post(f"/seniors/{anna}/remove", data={"csrf_token": "x", "confirm": "yes"})
    assert (missing.status_code, wrong.status_code) == (403, 403)
    senior = await _get(desk.db, anna)
    assert not senior.paused
    assert senior.removed_at is None


async def test_coordinator_adds_a_senior_and_lands_on_their_page(desk: Desk) -> None:
    client = desk.as_role("coordinator")
    token = await desk.csrf(client, "/seniors")
    form = {"name": "Berit Ny", "phone": "070-111 22 33", "lang": "fi", "tags": "Haninge"}
    response = await client.post("/seniors", data={**form, "csrf_token": token})
    assert response.status_code == 303
    page = (await client.get(response.headers["location"])).text
    assert "Berit Ny" in page
    assert "finska" in page
    bad = await client.post("/seniors", data={**form, "phone": "12", "csrf_token": token})
    assert bad.status_code == 400
    assert 'id="e-phone"' in bad.text
    assert 'value="Berit Ny"' in bad.text
