"""A console over HTTP on both databases: one account per role, logged in.

`Desk.as_role(role)` is an httpx client with that account's session cookie;
`Desk.csrf(client, path)` reads the form token from a page, as a browser would.
"""

from __future__ import annotations

import functools
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime

import httpx
import pytest
from fastapi import FastAPI

from bot.console.accounts import AccountRole, add_account, hash_password
from bot.console.tokens import create_token
from bot.core.config import load_config
from bot.core.shell import Shell
from bot.db.database import Database
from bot.web.app import create_app

PASSWORD = "ett-langt-losenord"
BASE = "http://127.0.0.1:8080"


@dataclass
class Desk:
    db: Database
    app: FastAPI
    clients: dict[str, httpx.AsyncClient] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)

    @property
    def shell(self) -> Shell:
        shell: Shell = self.app.state.runtime.shell
        return shell

    def as_role(self, role: str) -> httpx.AsyncClient:
        return self.clients[role]

    async def csrf(self, client: httpx.AsyncClient, path: str) -> str:
        page = (await client.get(path)).text
        found = re.search(r'name="csrf_token" value="([^"]+)"', page)
        assert found, f"no form token on {path}"
        return found[1]

    def api(self, role: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[role]}"}


@functools.cache
def password_hash() -> str:
    """Argon2 is slow on purpose: hashed once per test run, not three times a test."""
    return hash_password(PASSWORD)


@pytest.fixture
async def desk(db: Database) -> AsyncIterator[Desk]:
    app = create_app(load_config(None, {"HEJSAN_SERVICE_QUIET_HOURS": ""}), db)
    made = Desk(db, app)
    for role in AccountRole:
        email = f"{role.value}@kommun.se"
        async with db.transaction() as session:
            account = await add_account(
                session,
                email=email,
                name=role.value.title(),
                role=role,
                password=None,
                now=datetime.now(UTC),
            )
            account.password_hash = password_hash()
            made.tokens[role.value] = await create_token(session, account, datetime.now(UTC))
        client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE)
        token = await made.csrf(client, "/login")
        response = await client.post(
            "/login", data={"email": email, "password": PASSWORD, "csrf_token": token}
        )
        assert response.status_code == 303, response.text
        made.clients[role.value] = client
    try:
        yield made
    finally:
        for client in made.clients.values():
            await client.aclose()
