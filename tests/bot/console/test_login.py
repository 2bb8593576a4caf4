"""The login over HTTP on both databases: cookie flags, a new session id, the lock."""

from __future__ import annotations

import re

import httpx

from bot.console.accounts import AccountRole, add_account
from bot.core.config import load_config
from bot.db.database import Database
from bot.web.app import create_app

PASSWORD = "ett-langt-losenord"


async def _client(db: Database, public_url: str) -> httpx.AsyncClient:
    config = load_config(None, {"HEJSAN_SERVICE_PUBLIC_URL": public_url})
    async with db.transaction() as session:
        await add_account(
            session,
            email="anna@kommun.se",
            name="Anna",
            role=AccountRole.ADMIN,
            password=PASSWORD,
            now=db.now(),
        )
    app = create_app(config, db)
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=public_url)


async def _login(client: httpx.AsyncClient, password: str = PASSWORD) -> httpx.Response:
    form = (await client.get("/login")).text
    token = re.search(r'name="csrf_token" value="([^"]+)"', form)
    assert token
    return await client.post(
        "/login",
        data={"email": "anna@kommun.se", "password": password, "csrf_token": token[1]},
    )


async def test_https_login_sets_a_secure_strict_httponly_cookie(db: Database) -> None:
    async with await _client(db, "https://hejsan.example.org") as client:
        response = await _login(client)
    assert response.status_code == 303
    cookie = next(
        v for k, v in response.headers.multi_items() if k == "set-cookie" and "session" in v
    )
    assert "Secure" in cookie
    assert "HttpOnly" in cookie
    assert "SameSite=strict" in cookie


async def test_each_login_gets_a_new_session_id(db: Database) -> None:
    async with await _client(db, "http://127.0.0.1:8080") as client:
        first = (await _login(client)).cookies["hejsan_session"]
        client.cookies.clear()
        second = (await _login(client)).cookies["hejsan_session"]
    assert first != second


async def test_login_without_its_token_is_refused(db: Database) -> None:
    async with await _client(db, "http://127.0.0.1:8080") as client:
        response = await client.post(
            "/login", data={"email": "anna@kommun.se", "password": PASSWORD}
        )
    assert response.status_code == 403
    assert "hejsan_session" not in response.cookies


async def test_fifth_wrong_password_locks_and_says_so(db: Database) -> None:
    async with await _client(db, "http://127.0.0.1:8080") as client:
        codes = [(await _login(client, f"fel-{i}")).status_code for i in range(5)]
        right = await _login(client)
    assert codes == [401, 401, 401, 401, 429]
    assert right.status_code == 429
    assert "15 minuter" in right.text
