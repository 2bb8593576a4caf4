"""Volontärer in the console beyond the happy path: resume, refusals that keep
what was typed, a removed volunteer, guessed ids and forged posts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from bot.db.models import Volunteer
from tests.bot.console.conftest import Desk
from tests.bot.console.routes.desk_people import add_volunteer, anonymous, console_audit

ACTIONS = ("edit", "pause", "resume", "remove")


async def _volunteer(desk: Desk, volunteer_id: int) -> Volunteer:
    async with desk.db.reading() as session:
        volunteer = await session.get(Volunteer, volunteer_id)
    assert volunteer is not None
    return volunteer


def _row(page: str, name: str) -> str:
    """The list's table row of `name`."""
    return page.split(f">{name}</a>")[1].split("</tr>")[0]


async def test_a_paused_volunteer_is_resumed_and_the_list_says_so(desk: Desk) -> None:
    karin = await add_volunteer(desk, org="Väntjänsten")
    client = desk.as_role("coordinator")
    token = await desk.csrf(client, f"/volunteers/{karin}")
    paused = await client.post(f"/volunteers/{karin}/pause", data={"csrf_token": token})
    assert paused.headers["location"] == f"/volunteers/{karin}?ok=person_paused"
    assert "Pausad" in _row((await client.get("/volunteers")).text, "Karin Ek")
    assert not (await _volunteer(desk, karin)).active
    resumed = await client.post(f"/volunteers/{karin}/resume", data={"csrf_token": token})
    assert resumed.headers["location"] == f"/volunteers/{karin}?ok=person_resumed"
    assert "Aktiv" in _row((await client.get("/volunteers")).text, "Karin Ek")
    assert (await _volunteer(desk, karin)).active
    for action in ("volunteer.paused", "volunteer.resumed"):
        [row] = await console_audit(desk, action)
        assert (row.subject_type, row.subject_id, row.senior_id) == ("volunteer", karin, None)


async def test_a_refusal_keeps_what_was_typed_and_changes_nothing(desk: Desk) -> None:
    karin = await add_volunteer(desk)
    client = desk.as_role("coordinator")
    token = await desk.csrf(client, "/volunteers")
    bad_phone = await client.post(
        "/volunteers", data={"name": "Lena Ny", "phone": "12", "csrf_token": token}
    )
    assert bad_phone.status_code == 400
    assert 'id="e-phone"' in bad_phone.text
    assert 'value="Lena Ny"' in bad_phone.text
    assert ">Karin Ek</a>" in bad_phone.text  # the list is still there
    not_a_day = await client.post(
        f"/volunteers/{karin}/pause", data={"until": "i morgon", "csrf_token": token}
    )
    assert not_a_day.status_code == 400
    assert 'id="e-until"' in not_a_day.text
    assert 'value="i morgon"' in not_a_day.text
    assert (await _volunteer(desk, karin)).active
    async with desk.db.reading() as session:
        assert await session.scalar(select(func.count()).select_from(Volunteer)) == 1
    removed = await client.post(
        f"/volunteers/{karin}/remove", data={"confirm": "yes", "csrf_token": token}
    )
    assert removed.status_code == 303
    day = (datetime.now(UTC) + timedelta(days=3)).date().isoformat()
    late = await client.post(f"/volunteers/{karin}/pause", data={"until": day, "csrf_token": token})
    assert late.status_code == 400
    assert "personen är borttagen" in late.text
    assert (await _volunteer(desk, karin)).paused_until is None
    assert await console_audit(desk, "volunteer.paused") == []


async def test_guessed_ids_forged_posts_and_a_viewer_change_nothing(desk: Desk) -> None:
    karin = await add_volunteer(desk)
    coordinator = desk.as_role("coordinator")
    token = await desk.csrf(coordinator, "/volunteers")
    guessed = karin + 1000
    assert (await coordinator.get(f"/volunteers/{guessed}")).status_code == 404
    for action in ACTIONS:
        response = await coordinator.post(
            f"/volunteers/{guessed}/{action}",
            data={"csrf_token": token, "confirm": "yes", "name": "X"},
        )
        assert response.status_code == 404, action
        forged = await coordinator.post(
            f"/volunteers/{karin}/{action}", data={"confirm": "yes", "name": "X"}
        )
        assert forged.status_code == 403, action
    async with anonymous(desk) as visitor:
        refused = await visitor.post(f"/volunteers/{karin}/remove", data={"confirm": "yes"})
    assert refused.status_code == 401
    volunteer = await _volunteer(desk, karin)
    assert (volunteer.name, volunteer.active, volunteer.removed_at) == ("Karin Ek", True, None)
    listing = (await desk.as_role("viewer").get("/volunteers")).text
    assert ">Karin Ek</a>" in listing
    assert 'action="/volunteers#new"' not in listing
    assert "1234599" not in listing
