"""Who is asking: pages send a stranger to log in (and back), form posts and the
API refuse with 401/403 before anything changes, roles rank viewer < coordinator
< admin, and a `next` link never leads off the site."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import select

from bot.console.accounts import AccountRole
from bot.console.auth import COOKIE, has_role, safe_next
from bot.db.models import Account, Escalation
from tests.bot.console.conftest import BASE, Desk
from tests.bot.console.people_for_tests import add_person, texts


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/cases?status=open", "/cases?status=open"),
        ("//evil.example/login", "/today"),
        ("https://evil.example/", "/today"),
        ("javascript:alert(1)", "/today"),
        ("", "/today"),
        (None, "/today"),
    ],
)
def test_next_stays_on_this_site(target: str | None, expected: str) -> None:
    assert safe_next(target) == expected


def test_roles_rank_viewer_below_coordinator_below_admin() -> None:
    ranks = list(AccountRole)
    allowed = {
        (role.value, least.value)
        for role in ranks
        for least in ranks
        if has_role(Account(role=role.value), least)
    }
    assert allowed == {
        ("viewer", "viewer"),
        ("coordinator", "viewer"),
        ("coordinator", "coordinator"),
        ("admin", "viewer"),
        ("admin", "coordinator"),
        ("admin", "admin"),
    }


async def test_a_stranger_is_sent_to_log_in_and_keeps_the_page_asked_for(desk: Desk) -> None:
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=desk.app), base_url=BASE
    ) as stranger:
        page = await stranger.get("/cases?status=open")
        assert page.status_code == 303
        assert page.headers["location"] == "/login?next=/cases%3Fstatus%3Dopen"
        stranger.cookies.set(COOKIE, "a-session-that-never-was")
        assert (await stranger.get("/today")).headers["location"] == "/login?next=/today"
        post = await stranger.post("/cases/1/resolve", data={"csrf_token": "x"})
        assert post.status_code == 401
        assert "not logged in" in post.json()["detail"]


async def test_pages_need_their_least_role(desk: Desk) -> None:
    expected = {
        "viewer": {"/today": 200, "/review": 403, "/accounts": 403, "/audit": 403},
        "coordinator": {"/today": 200, "/review": 200, "/accounts": 403, "/audit": 403},
        "admin": {"/today": 200, "/review": 200, "/accounts": 200, "/audit": 200},
    }
    for role, pages in expected.items():
        for path, status in pages.items():
            response = await desk.as_role(role).get(path)
            assert response.status_code == status, (role, path)
            if status == 403:
                assert "not allowed" in response.text


async def test_a_form_post_needs_the_role_and_this_session_s_token(desk: Desk) -> None:
    await add_person(desk, "Anna Lindqvist", "0701234567")
    [case] = (await texts(desk, "+46701234567", "Kan någon ringa mig?")).escalation_ids
    path = f"/cases/{case}/resolve"
    coordinator, viewer = desk.as_role("coordinator"), desk.as_role("viewer")
    viewer_token = await desk.csrf(viewer, "/today")
    mine = await desk.csrf(coordinator, f"/cases/{case}")
    assert viewer_token != mine
    refused = [
        (viewer, {"csrf_token": viewer_token}),
        (coordinator, {}),
        (coordinator, {"csrf_token": ""}),
        (coordinator, {"csrf_token": viewer_token}),
    ]
    for client, form in refused:
        response = await client.post(path, data=form)
        assert response.status_code == 403, form
    async with desk.db.reading() as session:
        assert await session.scalar(select(Escalation.status)) == "open"
    done = await coordinator.post(path, data={"csrf_token": mine})
    assert done.status_code == 303
    async with desk.db.reading() as session:
        assert await session.scalar(select(Escalation.status)) == "resolved"


async def test_disabling_an_account_shuts_out_its_token_at_once(desk: Desk) -> None:
    client = desk.as_role("admin")
    assert (await client.get("/api/seniors", headers=desk.api("coordinator"))).status_code == 200
    async with desk.db.transaction() as session:
        account = await session.scalar(select(Account).where(Account.role == "coordinator"))
        assert account is not None
        account.disabled = True
    shut = await client.get("/api/seniors", headers=desk.api("coordinator"))
    assert shut.status_code == 401
    assert shut.json()["detail"] == "ogiltig token / invalid token"
    wrong_role = await client.get("/api/review", headers=desk.api("viewer"))
    assert wrong_role.status_code == 403


async def test_a_console_login_is_no_api_credential(desk: Desk) -> None:
    """A script must show a token: the admin's session cookie alone gets a 401."""
    logged_in = desk.as_role("admin")
    assert (await logged_in.get("/today")).status_code == 200
    for path in ("/api/seniors", "/api/cases", "/api/seniors/1/safety"):
        refused = await logged_in.get(path)
        assert refused.status_code == 401, path
        assert refused.headers["www-authenticate"] == "Bearer"
