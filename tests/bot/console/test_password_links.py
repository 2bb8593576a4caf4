"""One-time set-password links over HTTP, on both databases: used once, dead
after 24 h, stored only as a hash, CSRF-checked, audited and throttled."""

from __future__ import annotations

import asyncio
import re
from datetime import UTC, datetime, timedelta

import httpx
from sqlalchemy import select

from bot.console.accounts import AccountRole, add_account, find_account, password_matches
from bot.console.password_links import MAX_REFUSALS, create_link, use_link
from bot.core.config import load_config
from bot.db.database import Database
from bot.db.models import Account, AuditEntry, PasswordLink
from bot.web.app import create_app

PUBLIC = "http://127.0.0.1:8080"
NEW_PASSWORD = "mitt-eget-losenord"


async def _account(db: Database, *, created_hours_ago: float = 0) -> tuple[Account, str]:
    """A new account without a password and a link made `created_hours_ago`."""
    async with db.transaction() as session:
        account = await add_account(
            session,
            email="lisa@kommun.se",
            name="Lisa",
            role=AccountRole.COORDINATOR,
            password=None,
            now=datetime.now(UTC),
        )
        token = await create_link(
            session, account, datetime.now(UTC) - timedelta(hours=created_hours_ago)
        )
    return account, token


def _client(db: Database) -> httpx.AsyncClient:
    app = create_app(load_config(None, {"HEJSAN_SERVICE_PUBLIC_URL": PUBLIC}), db)
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=PUBLIC)


async def _submit(
    client: httpx.AsyncClient, token: str, password: str = NEW_PASSWORD, *, csrf: bool = True
) -> httpx.Response:
    form = await client.get(f"/set-password/{token}")
    found = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
    data = {"new": password, "repeat": password}
    if csrf and found:
        data["csrf_token"] = found[1]
    return await client.post(f"/set-password/{token}", data=data)


async def _password_is(db: Database, password: str) -> bool:
    async with db.reading() as session:
        account = await find_account(session, "lisa@kommun.se")
        assert account is not None
        return password_matches(account, password)


async def _actions(db: Database) -> list[str]:
    async with db.reading() as session:
        return list(await session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


async def test_link_sets_the_password_once_and_the_person_can_log_in(db: Database) -> None:
    _, token = await _account(db)
    async with _client(db) as client:
        page = await client.get(f"/set-password/{token}")
        assert page.status_code == 200
        assert "lisa@kommun.se" in page.text
        done = await _submit(client, token)
        assert done.status_code == 303
        assert done.headers["location"] == "/login?ok=password_set"
        assert "Lösenordet är sparat" in (await client.get("/login?ok=password_set")).text
    assert await _password_is(db, NEW_PASSWORD)
    assert "password.set_by_link" in await _actions(db)


async def test_a_used_link_is_refused_and_changes_nothing(db: Database) -> None:
    _, token = await _account(db)
    async with _client(db) as client:
        assert (await _submit(client, token)).status_code == 303
        again = await _submit(client, token, "ett-annat-losenord")
    assert again.status_code == 404
    assert "redan använd eller för gammal" in again.text
    assert await _password_is(db, NEW_PASSWORD)
    assert not await _password_is(db, "ett-annat-losenord")
    assert "password_link.refused" in await _actions(db)


async def test_a_link_older_than_24_hours_is_refused(db: Database) -> None:
    _, token = await _account(db, created_hours_ago=24.1)
    async with _client(db) as client:
        assert (await client.get(f"/set-password/{token}")).status_code == 404
        refused = await _submit(client, token)
    assert refused.status_code == 404
    assert not await _password_is(db, NEW_PASSWORD)


async def test_a_link_just_under_24_hours_old_still_works(db: Database) -> None:
    _, token = await _account(db, created_hours_ago=23.9)
    async with _client(db) as client:
        assert (await _submit(client, token)).status_code == 303
    assert await _password_is(db, NEW_PASSWORD)


async def test_without_the_form_token_nothing_changes(db: Database) -> None:
    _, token = await _account(db)
    async with _client(db) as client:
        refused = await _submit(client, token, csrf=False)
        assert refused.status_code == 403
        assert (await _submit(client, token)).status_code == 303  # the link was not spent


async def test_the_password_rules_are_those_of_change_password(db: Database) -> None:
    _, token = await _account(db)
    async with _client(db) as client:
        short = await _submit(client, token, "kort")
        assert short.status_code == 400
        assert "minst 10 tecken" in short.text
        assert (await _submit(client, token)).status_code == 303  # still usable after a typo


async def test_only_a_hash_of_the_token_is_stored(db: Database) -> None:
    _, token = await _account(db)
    async with db.reading() as session:
        rows = list(await session.scalars(select(PasswordLink)))
    assert len(rows) == 1
    assert token not in (rows[0].token_hash, str(rows[0].id))
    assert len(rows[0].token_hash) == 64


async def test_many_refused_links_from_one_address_are_throttled(db: Database) -> None:
    _, token = await _account(db)
    async with _client(db) as client:
        for attempt in range(MAX_REFUSALS):
            guessed = await client.get(f"/set-password/gissning{attempt}")
            assert guessed.status_code == 404
        blocked = await client.get(f"/set-password/{token}")
    assert blocked.status_code == 429
    assert "För många försök" in blocked.text


async def test_a_fresh_link_from_accounts_retires_the_old_one(db: Database) -> None:
    account, old = await _account(db)
    async with db.transaction() as session:
        await add_account(
            session,
            email="admin@kommun.se",
            name="Admin",
            role=AccountRole.ADMIN,
            password="ett-langt-losenord",
            now=datetime.now(UTC),
        )
    async with _client(db) as client:
        form = (await client.get("/login")).text
        login_token = re.search(r'name="csrf_token" value="([^"]+)"', form)
        assert login_token
        await client.post(
            "/login",
            data={
                "email": "admin@kommun.se",
                "password": "ett-langt-losenord",
                "csrf_token": login_token[1],
            },
        )
        accounts = await client.get("/accounts")
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', accounts.text)
        assert csrf
        made = await client.post(f"/accounts/{account.id}/link", data={"csrf_token": csrf[1]})
        assert made.status_code == 200
        fresh = re.search(re.escape(PUBLIC) + r"/set-password/([A-Za-z0-9_-]+)", made.text)
        assert fresh
        client.cookies.clear()
        assert (await client.get(f"/set-password/{old}")).status_code == 404
        assert (await _submit(client, fresh[1])).status_code == 303
    assert await _password_is(db, NEW_PASSWORD)
    assert "password_link.created" in await _actions(db)


async def test_two_submissions_of_one_link_at_once_set_one_password(db: Database) -> None:
    _, token = await _account(db)

    async def submit(password: str) -> Account | None:
        async with db.transaction() as session:
            return await use_link(session, token, password, datetime.now(UTC))

    first, second = await asyncio.gather(submit("forsta-losenordet"), submit("andra-losenordet"))
    assert [first is None, second is None].count(True) == 1
    assert await _password_is(db, "forsta-losenordet") != await _password_is(db, "andra-losenordet")
