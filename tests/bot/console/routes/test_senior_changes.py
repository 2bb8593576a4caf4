"""Changing a senior from the console, beyond the happy path: resuming, a guessed
id, a number already known, a day that is not a day, a removed senior, and who
may add anyone at all."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from bot.db.models import AuditEntry, Senior
from tests.bot.console.conftest import Desk
from tests.bot.console.routes.desk_people import add_senior, anonymous, console_audit

ACTIONS = ("edit", "pause", "resume", "opt-out", "opt-in", "remove")


async def _senior(desk: Desk, senior_id: int) -> Senior:
    async with desk.db.reading() as session:
        senior = await session.get(Senior, senior_id)
    assert senior is not None
    return senior


async def _count(desk: Desk) -> int:
    async with desk.db.reading() as session:
        return int(await session.scalar(select(func.count()).select_from(Senior)) or 0)


async def test_a_pause_until_further_notice_is_lifted_by_resume(desk: Desk) -> None:
    anna = await add_senior(desk)
    client = desk.as_role("coordinator")
    token = await desk.csrf(client, f"/seniors/{anna}")
    paused = await client.post(f"/seniors/{anna}/pause", data={"until": "", "csrf_token": token})
    assert paused.headers["location"] == f"/seniors/{anna}?ok=person_paused"
    assert "Ja, tills vidare" in (await client.get(f"/seniors/{anna}")).text
    resumed = await client.post(f"/seniors/{anna}/resume", data={"csrf_token": token})
    assert resumed.headers["location"] == f"/seniors/{anna}?ok=person_resumed"
    senior = await _senior(desk, anna)
    assert (senior.paused, senior.paused_until) == (False, None)
    page = (await client.get(f"/seniors/{anna}")).text
    assert "Ja, tills vidare" not in page
    assert f'action="/seniors/{anna}/pause"' in page
    [pause_row] = await console_audit(desk, "senior.paused")
    assert pause_row.details["until"] is None
    [resume_row] = await console_audit(desk, "senior.resumed")
    assert resume_row.senior_id == anna


async def test_every_change_to_a_guessed_id_is_not_found_and_audits_nothing(
    desk: Desk,
) -> None:
    anna = await add_senior(desk)
    client = desk.as_role("coordinator")
    token = await desk.csrf(client, f"/seniors/{anna}")
    guessed = anna + 1000
    for action in ACTIONS:
        response = await client.post(
            f"/seniors/{guessed}/{action}",
            data={"csrf_token": token, "confirm": "yes", "name": "X"},
        )
        assert response.status_code == 404, action
    async with desk.db.reading() as session:
        rows = await session.scalar(select(func.count()).where(AuditEntry.senior_id == guessed))
    assert rows == 0


async def test_a_known_number_updates_that_senior_and_a_bad_day_is_explained(
    desk: Desk,
) -> None:
    anna = await add_senior(desk)
    client = desk.as_role("coordinator")
    token = await desk.csrf(client, "/seniors")
    again = await client.post(
        "/seniors", data={"name": "Anna L", "phone": "070-123 45 67", "csrf_token": token}
    )
    assert again.headers["location"] == f"/seniors/{anna}?ok=person_saved"
    assert await _count(desk) == 1
    assert (await _senior(desk, anna)).name == "Anna L"
    [edited] = await console_audit(desk, "senior.edited")
    assert edited.senior_id == anna
    nameless = await client.post(
        "/seniors", data={"name": " ", "phone": "0709876543", "csrf_token": token}
    )
    assert nameless.status_code == 400
    assert 'id="e-name"' in nameless.text
    assert 'value="0709876543"' in nameless.text
    assert await _count(desk) == 1
    not_a_day = await client.post(
        f"/seniors/{anna}/pause", data={"until": "imorgon", "csrf_token": token}
    )
    assert not_a_day.status_code == 400
    assert 'id="e-until"' in not_a_day.text
    assert 'value="imorgon"' in not_a_day.text
    assert not (await _senior(desk, anna)).paused


async def test_a_removed_senior_is_not_paused_or_resumed_by_a_forged_post(desk: Desk) -> None:
    anna = await add_senior(desk)
    client = desk.as_role("coordinator")
    token = await desk.csrf(client, f"/seniors/{anna}")
    await client.post(f"/seniors/{anna}/remove", data={"csrf_token": token, "confirm": "yes"})
    day = (datetime.now(UTC) + timedelta(days=3)).date().isoformat()
    for action in ("pause", "resume"):
        response = await client.post(
            f"/seniors/{anna}/{action}", data={"until": day, "csrf_token": token}
        )
        assert response.status_code == 400, action
        assert "personen är borttagen" in response.text
    senior = await _senior(desk, anna)
    assert senior.removed_at is not None
    assert senior.paused_until is None  # no day on which the pause would lapse
    assert await console_audit(desk, "senior.paused") == []


async def test_only_a_coordinator_adds_a_senior(desk: Desk) -> None:
    form = {"name": "Berit Ny", "phone": "070-111 22 33"}
    viewer = desk.as_role("viewer")
    own_token = await desk.csrf(viewer, "/seniors")
    assert (
        await viewer.post("/seniors", data={**form, "csrf_token": own_token})
    ).status_code == 403
    async with anonymous(desk) as visitor:
        assert (await visitor.post("/seniors", data=form)).status_code == 401
    coordinator = desk.as_role("coordinator")
    assert (await coordinator.post("/seniors", data=form)).status_code == 403
    assert await _count(desk) == 0
    assert await console_audit(desk, "senior.added") == []
