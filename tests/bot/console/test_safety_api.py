"""The safety check and close contacts over /api/: what a script may read and
change, what it is told when it asks for something wrong, and the audit rows."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy import func, select

from bot.db.database import Database
from bot.db.models import AuditEntry, CloseContact, Senior
from tests.bot.console.conftest import Desk
from tests.bot.console.people_for_tests import add_person, token_desk

SARA = {"name": "Sara Lindqvist", "phone": "070-999 12 03", "relation": "dotter", "consent": True}


@pytest.fixture
async def scripts(db: Database) -> AsyncIterator[Desk]:
    """Token holders of each role, no console login: what a script is."""
    async with token_desk(db) as made:
        yield made


async def _audited(scripts: Desk, action: str) -> list[AuditEntry]:
    async with scripts.db.reading() as session:
        return list(await session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


async def test_every_verb_on_an_unknown_senior_is_404(scripts: Desk) -> None:
    client, headers = scripts.as_role("coordinator"), scripts.api("coordinator")
    calls = [
        client.get("/api/seniors/999/safety", headers=headers),
        client.put("/api/seniors/999/safety", json={"safety_check_at": "09:30"}, headers=headers),
        client.post("/api/seniors/999/contacts", json=SARA, headers=headers),
        client.put("/api/seniors/999/contacts/1", json={"first_tier": False}, headers=headers),
        client.delete("/api/seniors/999/contacts/1", headers=headers),
    ]
    for call in calls:
        response = await call
        assert response.status_code == 404
        assert response.json()["detail"] == "no such senior"
    assert await _audited(scripts, "safety.viewed") == []


async def test_turning_the_check_on_plans_the_next_one_and_off_clears_it(scripts: Desk) -> None:
    anna = await add_person(scripts, "Anna Lindqvist", "0701234567")
    client, headers = scripts.as_role("coordinator"), scripts.api("coordinator")
    path = f"/api/seniors/{anna}/safety"
    on = (await client.put(path, json={"safety_check_at": "9.05"}, headers=headers)).json()
    assert on["safety_check_at"] == "09:05"
    assert on["reminders"] == [30, 60]
    assert on["next_check_at"] is not None
    off = (await client.put(path, json={"safety_check_at": None}, headers=headers)).json()
    assert (off["safety_check_at"], off["next_check_at"]) == (None, None)
    changed = await _audited(scripts, "safety_check.changed")
    assert [(r.details["on"], r.details["via"]) for r in changed] == [(True, "api"), (False, "api")]


async def test_a_wrong_time_or_reminder_list_is_explained_and_changes_nothing(
    scripts: Desk,
) -> None:
    anna = await add_person(scripts, "Anna Lindqvist", "0701234567")
    client, headers = scripts.as_role("coordinator"), scripts.api("coordinator")
    path = f"/api/seniors/{anna}/safety"
    wrong = [
        ({"safety_check_at": "nio"}, "inte ett klockslag"),
        ({"safety_check_at": "25:00"}, "inte ett klockslag"),
        ({"safety_check_at": "09:30", "reminders": "60,30"}, "ska stiga"),
        ({"safety_check_at": "09:30", "reminders": "en halvtimme"}, "minuter"),
    ]
    for body, why in wrong:
        response = await client.put(path, json=body, headers=headers)
        assert response.status_code == 400, body
        assert why in response.json()["detail"], body
    async with scripts.db.reading() as session:
        senior = await session.get(Senior, anna)
    assert senior is not None
    assert senior.safety_check_at is None
    assert await _audited(scripts, "safety_check.changed") == []


async def test_a_close_contact_needs_consent_and_a_number_nobody_has(scripts: Desk) -> None:
    anna = await add_person(scripts, "Anna Lindqvist", "0701234567")
    client, headers = scripts.as_role("coordinator"), scripts.api("coordinator")
    path = f"/api/seniors/{anna}/contacts"
    refused = [
        ({**SARA, "consent": False}, "consent"),
        ({**SARA, "phone": "0701234567"}, "finns redan"),
        ({**SARA, "phone": "12"}, ""),
        ({**SARA, "telegram": "@sara"}, "chat id"),
    ]
    for body, why in refused:
        response = await client.post(path, json=body, headers=headers)
        assert response.status_code == 400, body
        assert why in response.json()["detail"]
    async with scripts.db.reading() as session:
        assert await session.scalar(select(func.count()).select_from(CloseContact)) == 0
    added = await client.post(path, json={**SARA, "telegram": "123456"}, headers=headers)
    assert added.status_code == 201
    [sara] = added.json()["contacts"]
    assert (sara["phone"], sara["telegram"]) == ("+46709991203", "123456")
    assert sara["consent_by"] == "Coordinator"
    assert sara["consent_at"] is not None


async def test_a_viewer_reads_names_but_no_numbers_and_each_read_is_audited(scripts: Desk) -> None:
    anna = await add_person(scripts, "Anna Lindqvist", "0701234567")
    coordinator = scripts.api("coordinator")
    client = scripts.as_role("viewer")
    await client.post(
        f"/api/seniors/{anna}/contacts", json={**SARA, "telegram": "123456"}, headers=coordinator
    )
    seen = (await client.get(f"/api/seniors/{anna}/safety", headers=scripts.api("viewer"))).json()
    [sara] = seen["contacts"]
    assert (sara["name"], sara["relation"], sara["phone"], sara["telegram"]) == (
        "Sara Lindqvist",
        "dotter",
        None,
        None,
    )
    assert "709991203" not in str(seen)
    put = await client.put(
        f"/api/seniors/{anna}/safety",
        json={"safety_check_at": "09:30"},
        headers=scripts.api("viewer"),
    )
    assert put.status_code == 403
    viewed = await _audited(scripts, "safety.viewed")
    # The coordinator's add answers with the page (one read), the viewer read once.
    assert [(r.senior_id, r.details["via"]) for r in viewed] == [(anna, "api"), (anna, "api")]


async def test_a_contact_of_another_senior_cannot_be_changed_or_removed(scripts: Desk) -> None:
    anna = await add_person(scripts, "Anna Lindqvist", "0701234567")
    gosta = await add_person(scripts, "Gösta Berg", "0701234568")
    client, headers = scripts.as_role("coordinator"), scripts.api("coordinator")
    added = await client.post(f"/api/seniors/{anna}/contacts", json=SARA, headers=headers)
    sara = added.json()["contacts"][0]["id"]
    wrong_senior = f"/api/seniors/{gosta}/contacts/{sara}"
    moved = await client.put(wrong_senior, json={"first_tier": False}, headers=headers)
    assert moved.status_code == 404
    assert moved.json()["detail"] == "no such close contact"
    assert (await client.delete(wrong_senior, headers=headers)).status_code == 404
    mine = f"/api/seniors/{anna}/contacts/{sara}"
    still = (await client.get(f"/api/seniors/{anna}/safety", headers=headers)).json()
    assert still["contacts"][0]["first_tier"] is True
    gone = await client.delete(mine, headers=headers)
    assert gone.json()["contacts"] == []
    assert (await client.delete(mine, headers=headers)).status_code == 404
    removed = await _audited(scripts, "close_contact.removed")
    assert [(r.senior_id, r.details["contact_id"]) for r in removed] == [(anna, sara)]
