"""Seniorer: the list and one senior's page, as each role sees them, and who read what."""

from __future__ import annotations

import httpx

from bot.db.models import Senior
from tests.bot.console.conftest import Desk
from tests.bot.console.routes.desk_people import (
    account_id,
    add_senior,
    anonymous,
    console_audit,
    reply_as,
)

PHONE = "+46701234567"
MASKED = "+4670•••••67"


async def test_a_viewer_sees_neither_number_nor_words_and_reads_only_a_profile(
    desk: Desk,
) -> None:
    anna = await add_senior(desk, phone="070-123 45 67")
    await reply_as(desk, anna, "Hemligt: nyckeln ligger under mattan")
    async with desk.db.transaction() as session:
        senior = await session.get(Senior, anna)
        assert senior is not None
        senior.notes = "Dottern Lena ringer på söndagar"
    viewer = desk.as_role("viewer")
    listing = (await viewer.get("/seniors")).text
    profile = await viewer.get(f"/seniors/{anna}?remove=1")
    assert profile.status_code == 200
    for text in (listing, profile.text):
        assert PHONE not in text
        assert "0701234567" not in text
        assert MASKED in text
    assert "nyckeln ligger under mattan" not in profile.text
    assert "Dottern Lena" not in profile.text  # a coordinator's notes stay theirs
    assert "Konversationen visas bara för samordnare." in profile.text
    assert "Ja, ta bort" not in profile.text  # no removal step offered to a viewer
    [row] = await console_audit(desk, "profile.viewed")
    assert (row.senior_id, row.account_id) == (anna, await account_id(desk, "viewer"))
    assert await console_audit(desk, "conversation.viewed") == []


async def test_each_time_a_coordinator_reads_the_conversation_is_one_audit_row(
    desk: Desk,
) -> None:
    anna = await add_senior(desk)
    await reply_as(desk, anna, "Jag har ont i foten idag")
    coordinator = desk.as_role("coordinator")
    for _ in range(2):
        page = await coordinator.get(f"/seniors/{anna}")
        assert "Jag har ont i foten idag" in page.text
        assert "Från Anna" in page.text
        assert PHONE in page.text
    rows = await console_audit(desk, "conversation.viewed")
    me = await account_id(desk, "coordinator")
    assert [(r.senior_id, r.account_id) for r in rows] == [(anna, me), (anna, me)]
    assert all(r.ip for r in rows)
    assert all("foten" not in str(r.details) for r in rows)  # never the words themselves


async def test_search_finds_by_tag_area_and_number_but_a_viewer_cannot_probe_numbers(
    desk: Desk,
) -> None:
    await add_senior(desk, tags=["Soppa"], area="Centrum")
    await add_senior(desk, "Gösta Berg", "0709876543", area="Tyresö")
    coordinator = desk.as_role("coordinator")
    viewer = desk.as_role("viewer")

    async def found(client: httpx.AsyncClient, q: str) -> list[str]:
        page = (await client.get("/seniors", params={"q": q})).text
        return [name for name in ("Anna Lindqvist", "Gösta Berg") if f">{name}</a>" in page]

    assert await found(coordinator, "soppa") == ["Anna Lindqvist"]
    assert await found(viewer, "tyresö") == ["Gösta Berg"]
    assert await found(coordinator, "070-987") == ["Gösta Berg"]
    # A viewer who could search by digits could rebuild a number one digit at a time.
    assert await found(viewer, "070-987") == []
    assert await found(viewer, "9876543") == []
    assert await found(viewer, "gösta") == ["Gösta Berg"]


async def test_anonymous_goes_to_login_and_a_guessed_id_is_not_found(desk: Desk) -> None:
    anna = await add_senior(desk)
    async with anonymous(desk) as visitor:
        response = await visitor.get(f"/seniors/{anna}?remove=1")
    assert response.status_code == 303
    assert response.headers["location"] == f"/login?next=/seniors/{anna}%3Fremove%3D1"
    coordinator = desk.as_role("coordinator")
    assert (await coordinator.get(f"/seniors/{anna + 1000}")).status_code == 404
    assert (await coordinator.get("/seniors/anna")).status_code == 422
    assert (await coordinator.get("/seniors", params={"q": "x" * 201})).status_code == 422
    assert await console_audit(desk, "conversation.viewed") == []
