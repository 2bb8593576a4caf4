"""Trygghetskoll in the console: who sees a close contact's number, what a
wrong form says, and that an id from another senior's page changes nothing."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select

from bot.db.models import CloseContact, Senior
from bot.people.close_contacts import add_close_contact
from tests.bot.console.conftest import Desk
from tests.bot.console.routes.desk_people import add_senior, anonymous, console_audit

PER_PHONE = "+46709991202"
PER_CHAT = "5550001289"


async def _contact(desk: Desk, senior_id: int) -> int:
    """Per, a neighbour, added as the CLI adds him (consent recorded by Eva)."""
    async with desk.db.transaction() as session:
        contact = await add_close_contact(
            session,
            senior_id,
            name="Per Granne",
            phone="070-999 12 02",
            relation="granne",
            has_key=True,
            first_tier=True,
            consent_by="Eva",
            now=datetime.now(UTC),
            telegram=PER_CHAT,
        )
        return contact.id


async def _senior(desk: Desk, senior_id: int) -> Senior:
    async with desk.db.reading() as session:
        senior = await session.get(Senior, senior_id)
    assert senior is not None
    return senior


async def _contacts(desk: Desk) -> list[tuple[int, bool]]:
    async with desk.db.reading() as session:
        rows = await session.execute(
            select(CloseContact.senior_id, CloseContact.first_tier).order_by(CloseContact.id)
        )
        return [(int(s), bool(f)) for s, f in rows]


async def test_each_view_is_audited_and_only_a_coordinator_sees_number_and_chat(
    desk: Desk,
) -> None:
    anna = await add_senior(desk)
    await _contact(desk, anna)
    viewer = (await desk.as_role("viewer").get(f"/seniors/{anna}/safety")).text
    assert "Per Granne" in viewer
    assert PER_PHONE not in viewer
    assert PER_CHAT not in viewer
    assert "••••••••89" in viewer
    coordinator = (await desk.as_role("coordinator").get(f"/seniors/{anna}/safety")).text
    assert PER_PHONE in coordinator
    assert PER_CHAT in coordinator
    rows = await console_audit(desk, "safety.viewed")
    assert [r.senior_id for r in rows] == [anna, anna]
    assert len({r.account_id for r in rows}) == 2


async def test_a_check_without_a_time_or_with_falling_reminders_is_explained(
    desk: Desk,
) -> None:
    anna = await add_senior(desk)
    client = desk.as_role("coordinator")
    token = await desk.csrf(client, f"/seniors/{anna}/safety")
    path = f"/seniors/{anna}/safety"
    no_time = await client.post(path, data={"enabled": "1", "at": " ", "csrf_token": token})
    assert no_time.status_code == 400
    assert "Skriv ett klockslag (TT:MM) för trygghetskollen." in no_time.text
    falling = await client.post(
        path, data={"enabled": "1", "at": "9.30", "reminders": "60,30", "csrf_token": token}
    )
    assert falling.status_code == 400
    assert "påminnelserna ska stiga" in falling.text
    assert (await _senior(desk, anna)).safety_check_at is None
    assert await console_audit(desk, "safety_check.changed") == []
    on = await client.post(
        path, data={"enabled": "1", "at": "9.30", "reminders": "30,60", "csrf_token": token}
    )
    assert (on.status_code, on.headers["location"]) == (303, f"{path}?ok=saved")
    off = await client.post(path, data={"at": "9.30", "reminders": "", "csrf_token": token})
    assert off.status_code == 303
    senior = await _senior(desk, anna)
    assert (senior.safety_check_at, senior.safety_reminders) == (None, "30,60")
    changes = await console_audit(desk, "safety_check.changed")
    assert [(r.senior_id, r.details["on"]) for r in changes] == [(anna, True), (anna, False)]


async def test_a_contact_cannot_be_changed_through_another_senior_s_page(desk: Desk) -> None:
    anna = await add_senior(desk)
    gosta = await add_senior(desk, "Gösta Berg", "0709876543")
    per = await _contact(desk, anna)
    client = desk.as_role("coordinator")
    token = await desk.csrf(client, f"/seniors/{gosta}/safety")
    removed = await client.post(
        f"/seniors/{gosta}/safety/contacts/{per}/remove", data={"csrf_token": token}
    )
    moved = await client.post(
        f"/seniors/{gosta}/safety/contacts/{per}/first-tier", data={"csrf_token": token}
    )
    assert removed.headers["location"] == f"/seniors/{gosta}/safety?ok=not_changed"
    assert moved.headers["location"] == f"/seniors/{gosta}/safety?ok=not_changed"
    assert await _contacts(desk) == [(anna, True)]
    assert "Per Granne" in (await client.get(f"/seniors/{anna}/safety")).text
    for action in ("close_contact.removed", "close_contact.first_tier"):
        assert await console_audit(desk, action) == []
    unknown = anna + gosta + 1000
    for path in (f"/seniors/{unknown}/safety", f"/seniors/{unknown}/safety/contacts/{per}/remove"):
        assert (await client.post(path, data={"csrf_token": token})).status_code == 404
    assert await _contacts(desk) == [(anna, True)]


async def test_the_senior_s_own_number_or_a_missing_token_adds_no_contact(desk: Desk) -> None:
    anna = await add_senior(desk)
    client = desk.as_role("coordinator")
    token = await desk.csrf(client, f"/seniors/{anna}/safety")
    form = {"name": "Anna Själv", "phone": "0701234567", "consent": "1", "csrf_token": token}
    own = await client.post(f"/seniors/{anna}/safety/contacts", data=form)
    assert own.status_code == 400
    assert "finns redan i Hejsan" in own.text
    bad = await client.post(f"/seniors/{anna}/safety/contacts", data={**form, "phone": "12"})
    assert bad.status_code == 400
    assert "ogiltigt telefonnummer" in bad.text
    for sent in ({}, {"csrf_token": "gissad"}):
        fresh = {**form, "phone": "070-999 12 09", **sent}
        if not sent:
            fresh.pop("csrf_token")
        refused = await client.post(f"/seniors/{anna}/safety/contacts", data=fresh)
        assert refused.status_code == 403
    async with anonymous(desk) as visitor:
        response = await visitor.post(
            f"/seniors/{anna}/safety/contacts", data={**form, "phone": "070-999 12 09"}
        )
    assert response.status_code == 401
    async with desk.db.reading() as session:
        assert await session.scalar(select(func.count()).select_from(CloseContact)) == 0
    assert await console_audit(desk, "close_contact.added") == []


async def test_a_coordinator_corrects_a_contact_and_a_viewer_or_another_page_cannot(
    desk: Desk,
) -> None:
    anna = await add_senior(desk)
    gosta = await add_senior(desk, "Gösta Berg", "0709876543")
    per = await _contact(desk, anna)
    client = desk.as_role("coordinator")
    token = await desk.csrf(client, f"/seniors/{anna}/safety")
    fixed = {
        "name": "Per Persson",
        "phone": "070-999 12 03",
        "telegram": "",
        "relation": "svåger",
        "csrf_token": token,
    }
    elsewhere = await client.post(f"/seniors/{gosta}/safety/contacts/{per}/edit", data=fixed)
    assert elsewhere.headers["location"] == f"/seniors/{gosta}/safety?ok=not_changed"
    own = await client.post(
        f"/seniors/{anna}/safety/contacts/{per}/edit", data={**fixed, "phone": "0709876543"}
    )
    assert own.status_code == 400
    assert "finns redan i Hejsan" in own.text, "Gösta's number is his"
    saved = await client.post(f"/seniors/{anna}/safety/contacts/{per}/edit", data=fixed)
    assert saved.headers["location"] == f"/seniors/{anna}/safety?ok=saved"
    page = (await client.get(f"/seniors/{anna}/safety")).text
    assert "Per Persson" in page
    assert "+46709991203" in page
    assert PER_PHONE not in page
    assert PER_CHAT not in page, "an emptied chat id takes the Telegram address away"
    assert "svåger" in page
    [row] = await console_audit(desk, "close_contact.edited")
    assert (row.senior_id, row.details["contact_id"]) == (anna, per)
    viewer = desk.as_role("viewer")
    viewer_token = await desk.csrf(viewer, "/password")
    refused = await viewer.post(
        f"/seniors/{anna}/safety/contacts/{per}/edit",
        data={**fixed, "name": "Ingen", "csrf_token": viewer_token},
    )
    assert refused.status_code == 403
    assert "Ingen" not in (await client.get(f"/seniors/{anna}/safety")).text
    assert "Ändra uppgifter" not in (await viewer.get(f"/seniors/{anna}/safety")).text
