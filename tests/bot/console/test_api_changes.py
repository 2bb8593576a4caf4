"""The JSON API's writes for people and events: the pages' changes, for scripts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from bot.db.models import AuditEntry, Event, Senior, Volunteer
from bot.events.gatherings import NewEvent, add_events
from tests.bot.console.conftest import Desk


async def _audit_rows(desk: Desk, action: str) -> int:
    async with desk.db.reading() as session:
        count = await session.scalar(
            select(func.count()).where(
                AuditEntry.action == action, AuditEntry.account_id.is_not(None)
            )
        )
    return int(count or 0)


async def test_a_senior_is_added_paused_edited_and_removed_over_the_api(desk: Desk) -> None:
    api = desk.as_role("coordinator")
    headers = desk.api("coordinator")
    added = await api.post(
        "/api/seniors",
        json={"name": "Berit Ny", "phone": "070-111 22 33", "tags": ["Haninge"]},
        headers=headers,
    )
    assert added.status_code == 201, added.text
    berit = added.json()["id"]
    until = (datetime.now(UTC) + timedelta(days=7)).date().isoformat()
    paused = await api.post(f"/api/seniors/{berit}/pause", json={"until": until}, headers=headers)
    assert paused.status_code == 200
    assert paused.json()["paused"] is True
    assert paused.json()["paused_until"] is not None
    edited = await api.patch(f"/api/seniors/{berit}", json={"area": "Centrum"}, headers=headers)
    assert edited.json()["area"] == "Centrum"
    bad = await api.patch(f"/api/seniors/{berit}", json={"phone": "12"}, headers=headers)
    assert bad.status_code == 422
    assert bad.json()["detail"]["field"] == "phone"
    removed = await api.post(f"/api/seniors/{berit}/remove", headers=headers)
    assert removed.json()["removed"] is True
    async with desk.db.reading() as session:
        senior = await session.get(Senior, berit)
    assert senior is not None
    assert senior.removed_at is not None
    assert senior.area == "Centrum"
    for action in ("senior.added", "senior.paused", "senior.edited", "senior.removed"):
        assert await _audit_rows(desk, action) == 1, action


async def test_a_volunteer_is_paused_and_resumed_over_the_api(desk: Desk) -> None:
    api = desk.as_role("coordinator")
    headers = desk.api("coordinator")
    added = await api.post(
        "/api/volunteers",
        json={"name": "Karin Ek", "phone": "0701234599", "org": "Väntjänsten"},
        headers=headers,
    )
    karin = added.json()["id"]
    assert (await api.post(f"/api/volunteers/{karin}/pause", json={}, headers=headers)).json()[
        "active"
    ] is False
    assert (await api.post(f"/api/volunteers/{karin}/resume", headers=headers)).json()["active"]
    async with desk.db.reading() as session:
        volunteer = await session.get(Volunteer, karin)
    assert volunteer is not None
    assert volunteer.active


async def test_a_viewer_token_changes_nothing(desk: Desk) -> None:
    api = desk.as_role("viewer")
    added = await api.post(
        "/api/seniors",
        json={"name": "Berit Ny", "phone": "070-111 22 33"},
        headers=desk.api("viewer"),
    )
    anonymous = await api.post("/api/seniors", json={"name": "X", "phone": "0701112234"})
    assert (added.status_code, anonymous.status_code) == (403, 401)
    async with desk.db.reading() as session:
        assert await session.scalar(select(func.count()).select_from(Senior)) == 0


async def test_an_unknown_id_is_404(desk: Desk) -> None:
    api = desk.as_role("coordinator")
    headers = desk.api("coordinator")
    assert (await api.post("/api/seniors/4242/remove", headers=headers)).status_code == 404
    assert (await api.post("/api/events/4242/cancel", json={}, headers=headers)).status_code == 404


async def test_an_event_is_moved_and_cancelled_over_the_api(desk: Desk) -> None:
    starts = datetime.now(UTC) + timedelta(days=20)
    async with desk.db.transaction() as session:
        new = NewEvent(title="Sopplunch", venue="Kyrkans sal", starts_at=starts)
        (event,) = await add_events(session, desk.shell, new, every_weeks=None, count=None)
    api = desk.as_role("coordinator")
    headers = desk.api("coordinator")
    moved = await api.patch(
        f"/api/events/{event.id}", json={"venue": "Biblioteket", "capacity": 0}, headers=headers
    )
    assert moved.status_code == 422
    moved = await api.patch(
        f"/api/events/{event.id}", json={"venue": "Biblioteket"}, headers=headers
    )
    assert moved.status_code == 200
    cancelled = await api.post(f"/api/events/{event.id}/cancel", json={}, headers=headers)
    assert cancelled.json()["events"] == [event.id]
    async with desk.db.reading() as session:
        stored = await session.get(Event, event.id)
    assert stored is not None
    assert (stored.venue, stored.cancelled) == ("Biblioteket", True)
    assert await _audit_rows(desk, "event.cancelled") == 1


async def test_the_list_says_who_is_paused_until_when_and_who_is_removed(desk: Desk) -> None:
    api = desk.as_role("viewer")
    coordinator = desk.as_role("coordinator")
    headers = desk.api("coordinator")
    added = await coordinator.post(
        "/api/seniors", json={"name": "Berit Ny", "phone": "0701112233"}, headers=headers
    )
    berit = added.json()["id"]
    until = (datetime.now(UTC) + timedelta(days=7)).date().isoformat()
    await coordinator.post(f"/api/seniors/{berit}/pause", json={"until": until}, headers=headers)
    (row,) = (await api.get("/api/seniors", headers=desk.api("viewer"))).json()
    assert row["paused"] is True
    assert row["paused_until"] is not None
    assert row["removed"] is False
