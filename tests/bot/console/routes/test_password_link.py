"""The set-password page a one-time link opens, over HTTP: what it shows, ends and records."""

from __future__ import annotations

from sqlalchemy import select

from bot.console.accounts import password_matches
from bot.console.password_links import REFUSED_ACTION, create_link
from bot.db.database import Database
from bot.db.models import Account, AuditEntry
from tests.bot.console.conftest import PASSWORD, Desk
from tests.bot.console.routes.helpers import anonymous, audit_rows

NEW_PASSWORD = "ett-helt-nytt-losenord"


async def _link(db: Database, email: str = "viewer@kommun.se") -> str:
    async with db.transaction() as session:
        account = await session.scalar(select(Account).where(Account.email == email))
        assert account is not None
        return await create_link(session, account, db.now())


async def _password_is(db: Database, password: str, email: str = "viewer@kommun.se") -> bool:
    async with db.reading() as session:
        account = await session.scalar(select(Account).where(Account.email == email))
    assert account is not None
    return password_matches(account, password)


async def _refusals(db: Database) -> list[AuditEntry]:
    async with db.reading() as session:
        return list(
            await session.scalars(select(AuditEntry).where(AuditEntry.action == REFUSED_ACTION))
        )


async def test_a_usable_link_names_the_account_and_leaks_no_referrer(desk: Desk) -> None:
    token = await _link(desk.db)
    async with anonymous(desk) as visitor:
        page = await visitor.get(f"/set-password/{token}")
    assert page.status_code == 200
    assert "Kontot viewer@kommun.se får här sitt lösenord." in page.text
    assert page.headers["referrer-policy"] == "no-referrer"
    assert await _refusals(desk.db) == []


async def test_an_unknown_link_is_a_polite_404_audited_with_the_address(desk: Desk) -> None:
    async with anonymous(desk) as visitor:
        page = await visitor.get("/set-password/gissad-token")
    assert page.status_code == 404
    assert "Länken fungerar inte" in page.text
    assert 'href="/login"' in page.text  # never a dead end
    [refused] = await _refusals(desk.db)
    assert (refused.account_id, refused.ip is not None) == (None, True)


async def test_an_overlong_token_is_refused_before_any_lookup(desk: Desk) -> None:
    async with anonymous(desk) as visitor:
        page = await visitor.get("/set-password/" + "a" * 101)
        posted = await visitor.post("/set-password/" + "a" * 101, data={"new": "x", "repeat": "x"})
    assert (page.status_code, posted.status_code) == (429, 429)
    assert "För många försök härifrån" in page.text


async def test_a_refused_password_leaves_the_link_usable_for_a_second_try(desk: Desk) -> None:
    token = await _link(desk.db)
    async with anonymous(desk) as visitor:
        csrf = await desk.csrf(visitor, f"/set-password/{token}")
        form = {"new": NEW_PASSWORD, "repeat": "nagot-annat-helt", "csrf_token": csrf}
        refused = await visitor.post(f"/set-password/{token}", data=form)
        assert refused.status_code == 400
        assert "De två nya lösenorden är inte lika." in refused.text
        assert "viewer@kommun.se" in refused.text
        form["repeat"] = NEW_PASSWORD
        done = await visitor.post(f"/set-password/{token}", data=form)
    assert done.headers["location"] == "/login?ok=password_set"
    assert await _password_is(desk.db, NEW_PASSWORD)
    assert await _refusals(desk.db) == []


async def test_a_password_set_by_link_ends_every_session_of_that_account(desk: Desk) -> None:
    token = await _link(desk.db)
    async with anonymous(desk) as visitor:
        csrf = await desk.csrf(visitor, f"/set-password/{token}")
        form = {"new": NEW_PASSWORD, "repeat": NEW_PASSWORD, "csrf_token": csrf}
        assert (await visitor.post(f"/set-password/{token}", data=form)).status_code == 303
    assert (await desk.as_role("viewer").get("/today")).status_code == 303
    assert (await desk.as_role("coordinator").get("/today")).status_code == 200
    [row] = await audit_rows(desk.db, "password.set_by_link")
    assert row.ip is not None


async def test_a_forged_post_changes_no_password_and_uses_no_link(desk: Desk) -> None:
    token = await _link(desk.db)
    async with anonymous(desk) as visitor:
        await visitor.get(f"/set-password/{token}")
        form = {"new": NEW_PASSWORD, "repeat": NEW_PASSWORD, "csrf_token": "gissad"}
        forged = await visitor.post(f"/set-password/{token}", data=form)
        assert forged.status_code == 403
        still = await visitor.get(f"/set-password/{token}")
    assert still.status_code == 200
    assert await _password_is(desk.db, PASSWORD)
