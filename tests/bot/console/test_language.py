"""Svenska or English: the reader's choice, logged out and logged in, by a POST with its token."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import httpx

from bot.console.accounts import AccountRole, add_account
from bot.core.config import load_config
from bot.db.database import Database
from bot.web.app import create_app

PUBLIC = "http://127.0.0.1:8080"


def _client(db: Database) -> httpx.AsyncClient:
    app = create_app(load_config(None, {"HEJSAN_SERVICE_PUBLIC_URL": PUBLIC}), db)
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=PUBLIC)


def _token(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found
    return found[1]


async def _choose(client: httpx.AsyncClient, page: str, lang: str) -> httpx.Response:
    token = _token((await client.get(page)).text)
    return await client.post("/language", data={"csrf_token": token, "lang": lang, "next": page})


async def test_login_page_is_swedish_until_english_is_chosen(db: Database) -> None:
    async with _client(db) as client:
        swedish = (await client.get("/login")).text
        assert '<html lang="sv">' in swedish
        assert "<h1>Logga in</h1>" in swedish
        chosen = await _choose(client, "/login", "en")
        assert chosen.status_code == 303
        assert chosen.headers["location"] == "/login"
        english = (await client.get("/login")).text
        assert '<html lang="en">' in english
        assert "<h1>Log in</h1>" in english
        assert "E-mail address" in english
        wrong = await client.post(
            "/login",
            data={"email": "x@kommun.se", "password": "fel", "csrf_token": _token(english)},
        )
        assert "Wrong e-mail address or password." in wrong.text
        await _choose(client, "/login", "sv")
        assert "<h1>Logga in</h1>" in (await client.get("/login")).text


async def test_logged_in_navigation_roles_and_notices_follow_the_choice(db: Database) -> None:
    async with db.transaction() as session:
        await add_account(
            session,
            email="anna@kommun.se",
            name="Anna",
            role=AccountRole.ADMIN,
            password="ett-langt-losenord",
            now=datetime.now(UTC),
        )
    async with _client(db) as client:
        token = _token((await client.get("/login")).text)
        await client.post(
            "/login",
            data={"email": "anna@kommun.se", "password": "ett-langt-losenord", "csrf_token": token},
        )
        assert (await _choose(client, "/accounts?ok=saved", "en")).status_code == 303
        page = (await client.get("/accounts?ok=saved")).text
    assert '<html lang="en">' in page
    for english in ("Today", "Campaigns", "Audit log", "(Administrator)", "The change is saved."):
        assert english in page
    assert ">Konton<" not in page


async def test_language_form_without_its_token_is_refused(db: Database) -> None:
    async with _client(db) as client:
        await client.get("/login")
        refused = await client.post("/language", data={"lang": "en", "next": "/login"})
        assert refused.status_code == 403
        assert "hejsan_lang" not in refused.headers.get("set-cookie", "")
        assert '<html lang="sv">' in (await client.get("/login")).text


async def test_language_change_never_redirects_off_site(db: Database) -> None:
    async with _client(db) as client:
        token = _token((await client.get("/login")).text)
        moved = await client.post(
            "/language", data={"csrf_token": token, "lang": "en", "next": "//evil.example"}
        )
    assert moved.headers["location"] == "/today"
