"""Logga in, logga ut, byt lösenord over HTTP: where each lands, what each says, what is kept."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx

from bot.console.auth import ANON_CSRF_COOKIE, COOKIE
from tests.bot.console.conftest import PASSWORD, Desk
from tests.bot.console.routes.helpers import anonymous, audit_rows

NEW_PASSWORD = "ett-annat-langt-losenord"


async def _log_in(
    desk: Desk, client: httpx.AsyncClient, email: str, password: str, path: str = "/login"
) -> httpx.Response:
    token = await desk.csrf(client, path)
    form = {"email": email, "password": password, "csrf_token": token}
    if "next=" in path:
        form["next"] = path.split("next=", 1)[1]
    return await client.post("/login", data=form)


@asynccontextmanager
async def _logged_in(
    desk: Desk, email: str, password: str = PASSWORD
) -> AsyncIterator[httpx.AsyncClient]:
    """A second browser, logged in as `email`."""
    async with anonymous(desk) as client:
        response = await _log_in(desk, client, email, password)
        assert response.status_code == 303, response.text
        yield client


async def test_a_logged_in_visitor_skips_the_login_page(desk: Desk) -> None:
    response = await desk.as_role("viewer").get("/login")
    assert response.status_code == 303
    assert response.headers["location"] == "/today"


async def test_login_returns_to_the_page_asked_for_but_never_off_site(desk: Desk) -> None:
    landings = []
    for target in ("/cases?status=resolved", "//evil.example/x", "https://evil.example/"):
        async with anonymous(desk) as client:
            path = f"/login?next={target}"
            response = await _log_in(desk, client, "viewer@kommun.se", PASSWORD, path)
            landings.append(response.headers["location"])
    assert landings == ["/cases?status=resolved", "/today", "/today"]


async def test_a_wrong_password_keeps_the_email_and_is_audited_without_a_session(
    desk: Desk,
) -> None:
    async with anonymous(desk) as client:
        response = await _log_in(desk, client, "viewer@kommun.se", "fel-losenord-helt")
        unknown = await _log_in(desk, client, "ingen@kommun.se", "fel-losenord-helt")
        assert COOKIE not in client.cookies
    assert response.status_code == unknown.status_code == 401
    assert "Fel e-postadress eller lösenord." in response.text
    assert 'value="viewer@kommun.se"' in response.text
    [refused] = await audit_rows(desk.db, "login.bad_credentials")  # the known account's
    assert refused.ip is not None


async def test_a_good_login_is_audited_and_drops_the_login_form_token(desk: Desk) -> None:
    async with anonymous(desk) as client:
        response = await _log_in(desk, client, "Coordinator@Kommun.se", PASSWORD)
        assert response.status_code == 303
        assert ANON_CSRF_COOKIE not in client.cookies
        assert (await client.get("/today")).status_code == 200
    rows = await audit_rows(desk.db, "login")
    assert len(rows) == 4  # the desk's three accounts, then this one


async def test_logout_needs_the_form_token_then_ends_only_that_session(desk: Desk) -> None:
    async with _logged_in(desk, "viewer@kommun.se") as other:
        viewer = desk.as_role("viewer")
        assert (await viewer.post("/logout", data={})).status_code == 403
        assert (await viewer.get("/today")).status_code == 200
        token = await desk.csrf(viewer, "/today")
        response = await viewer.post("/logout", data={"csrf_token": token})
        assert response.headers["location"] == "/login"
        assert COOKIE not in viewer.cookies
        assert (await viewer.get("/today")).headers["location"] == "/login?next=/today"
        assert (await other.get("/today")).status_code == 200
    assert len(await audit_rows(desk.db, "logout")) == 1


async def test_a_stolen_cookie_is_useless_after_logout(desk: Desk) -> None:
    viewer = desk.as_role("viewer")
    stolen = viewer.cookies[COOKIE]
    token = await desk.csrf(viewer, "/today")
    await viewer.post("/logout", data={"csrf_token": token})
    async with anonymous(desk) as thief:
        thief.cookies.set(COOKIE, stolen)
        assert (await thief.get("/today")).status_code == 303


async def test_each_refused_new_password_says_why_and_the_old_one_still_works(
    desk: Desk,
) -> None:
    viewer = desk.as_role("viewer")
    token = await desk.csrf(viewer, "/password")
    cases = [
        ({"current": "inte-mitt-losenord"}, "Det nuvarande lösenordet stämmer inte."),
        ({"repeat": NEW_PASSWORD + "x"}, "De två nya lösenorden är inte lika."),
        ({"new": "kort", "repeat": "kort"}, "Lösenordet måste ha minst 10 tecken."),
    ]
    good = {"current": PASSWORD, "new": NEW_PASSWORD, "repeat": NEW_PASSWORD, "csrf_token": token}
    for change, reason in cases:
        response = await viewer.post("/password", data={**good, **change})
        assert response.status_code == 400, change
        assert reason in response.text, change
    assert await audit_rows(desk.db, "password.changed") == []
    async with _logged_in(desk, "viewer@kommun.se", PASSWORD):
        pass


async def test_a_new_password_logs_out_the_other_browsers_but_not_this_one(desk: Desk) -> None:
    async with _logged_in(desk, "coordinator@kommun.se") as other:
        coordinator = desk.as_role("coordinator")
        token = await desk.csrf(coordinator, "/password")
        form = {"current": PASSWORD, "new": NEW_PASSWORD, "repeat": NEW_PASSWORD}
        response = await coordinator.post("/password", data={**form, "csrf_token": token})
        assert response.headers["location"] == "/today?ok=password"
        assert (await coordinator.get("/today")).status_code == 200
        assert (await other.get("/today")).status_code == 303
    async with anonymous(desk) as client:
        old = await _log_in(desk, client, "coordinator@kommun.se", PASSWORD)
        new = await _log_in(desk, client, "coordinator@kommun.se", NEW_PASSWORD)
    assert (old.status_code, new.status_code) == (401, 303)
    assert len(await audit_rows(desk.db, "password.changed")) == 1


async def test_without_a_session_or_token_no_password_is_changed(desk: Desk) -> None:
    form = {"current": PASSWORD, "new": NEW_PASSWORD, "repeat": NEW_PASSWORD}
    async with anonymous(desk) as visitor:
        assert (await visitor.get("/password")).headers["location"] == "/login?next=/password"
        assert (await visitor.post("/password", data=form)).status_code == 401
    forged = await desk.as_role("admin").post("/password", data={**form, "csrf_token": "x"})
    assert forged.status_code == 403
    assert await audit_rows(desk.db, "password.changed") == []
    async with _logged_in(desk, "admin@kommun.se", PASSWORD):
        pass
