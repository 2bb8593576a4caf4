"""Volunteers in the console: add, pause until a day, edit, remove after confirming."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from bot.db.models import AuditEntry, Volunteer
from tests.bot.console.conftest import Desk


async def _volunteer(desk: Desk, volunteer_id: int) -> Volunteer:
    async with desk.db.reading() as session:
        volunteer = await session.get(Volunteer, volunteer_id)
    assert volunteer is not None
    return volunteer


async def test_coordinator_adds_pauses_edits_and_removes_a_volunteer(desk: Desk) -> None:
    client = desk.as_role("coordinator")
    token = await desk.csrf(client, "/volunteers")
    form = {"name": "Karin Ek", "phone": "0701234599", "org": "Väntjänsten", "csrf_token": token}
    added = await client.post("/volunteers", data=form)
    assert added.status_code == 303
    karin = int(added.headers["location"].split("/")[2].split("?")[0])
    day = (datetime.now(UTC) + timedelta(days=5)).date().isoformat()
    paused = await client.post(
        f"/volunteers/{karin}/pause", data={"until": day, "csrf_token": token}
    )
    assert paused.status_code == 303
    assert f"Pausad till {day}" in (await client.get(f"/volunteers/{karin}")).text
    bad = await client.post(
        f"/volunteers/{karin}/edit",
        data={"name": "Karin Ek", "max_open_cases": "många", "csrf_token": token},
    )
    assert bad.status_code == 400
    assert 'id="e-max_open_cases"' in bad.text
    assert 'value="många"' in bad.text
    edited = await client.post(
        f"/volunteers/{karin}/edit",
        data={"name": "Karin Ek", "max_open_cases": "5", "csrf_token": token},
    )
    assert edited.status_code == 303
    assert (await _volunteer(desk, karin)).max_open_cases == 5
    unconfirmed = await client.post(f"/volunteers/{karin}/remove", data={"csrf_token": token})
    assert unconfirmed.status_code == 400
    assert (await _volunteer(desk, karin)).removed_at is None
    removed = await client.post(
        f"/volunteers/{karin}/remove", data={"csrf_token": token, "confirm": "yes"}
    )
    assert removed.status_code == 303
    assert (await _volunteer(desk, karin)).removed_at is not None
    async with desk.db.reading() as session:
        actions = list(
            await session.scalars(
                select(AuditEntry.action)
                .where(AuditEntry.account_id.is_not(None), AuditEntry.subject_id == karin)
                .order_by(AuditEntry.id)
            )
        )
    assert actions == [
        "volunteer.added",
        "volunteer.paused",
        "volunteer.edited",
        "volunteer.removed",
    ]


async def test_viewer_cannot_change_a_volunteer(desk: Desk) -> None:
    coordinator = desk.as_role("coordinator")
    token = await desk.csrf(coordinator, "/volunteers")
    added = await coordinator.post(
        "/volunteers", data={"name": "Karin Ek", "phone": "0701234599", "csrf_token": token}
    )
    karin = int(added.headers["location"].split("/")[2].split("?")[0])
    viewer = desk.as_role("viewer")
    page = (await viewer.get(f"/volunteers/{karin}")).text
    assert f"/volunteers/{karin}/pause" not in page
    assert "+46701234599" not in page
    assert "+46701234599" in (await coordinator.get(f"/volunteers/{karin}")).text
    viewer_token = await desk.csrf(viewer, "/volunteers")
    forged = await viewer.post(f"/volunteers/{karin}/pause", data={"csrf_token": viewer_token})
    assert forged.status_code == 403
    assert (await _volunteer(desk, karin)).active
