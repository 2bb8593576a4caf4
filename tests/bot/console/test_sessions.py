"""Server-side sessions: idle and absolute timeouts, revocation, tokens."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.console.accounts import AccountRole, add_account
from bot.console.sessions import (
    ABSOLUTE_TIMEOUT,
    IDLE_TIMEOUT,
    current_session,
    open_session,
    revoke_all,
    touch,
)
from bot.console.tokens import account_for_token, create_token
from bot.db.database import Database
from bot.db.models import Account, ConsoleSession

NOW = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)


async def _login(db: Database) -> tuple[Account, str]:
    async with db.transaction() as session:
        account = await add_account(
            session,
            email="lisa@kommun.se",
            name="Lisa",
            role=AccountRole.VIEWER,
            password="ett-langt-losenord",
            now=NOW,
        )
        cookie = await open_session(session, account, "127.0.0.1", NOW)
    return account, cookie


async def test_cookie_value_is_not_stored(db: Database) -> None:
    _, cookie = await _login(db)
    async with db.reading() as session:
        assert await session.get(ConsoleSession, cookie) is None
        assert await current_session(session, cookie, NOW) is not None


async def test_idle_session_ends_and_activity_keeps_it_alive(db: Database) -> None:
    _, cookie = await _login(db)
    almost = NOW + IDLE_TIMEOUT - timedelta(minutes=1)
    async with db.transaction() as session:
        alive = await current_session(session, cookie, almost)
        assert alive is not None
        assert alive.needs_touch
        await touch(session, alive.session_id, almost)
    async with db.reading() as session:
        assert await current_session(session, cookie, almost + timedelta(minutes=20)) is not None
        assert await current_session(session, cookie, almost + IDLE_TIMEOUT) is None


async def test_session_ends_after_eight_hours_whatever_the_activity(db: Database) -> None:
    _, cookie = await _login(db)
    moment = NOW
    while moment < NOW + ABSOLUTE_TIMEOUT - timedelta(minutes=20):
        moment += timedelta(minutes=20)
        async with db.transaction() as session:
            alive = await current_session(session, cookie, moment)
            assert alive is not None
            await touch(session, alive.session_id, moment)
    async with db.reading() as session:
        assert await current_session(session, cookie, NOW + ABSOLUTE_TIMEOUT) is None


async def test_revoked_or_disabled_sessions_are_gone(db: Database) -> None:
    account, cookie = await _login(db)
    async with db.transaction() as session:
        await revoke_all(session, account.id, NOW)
    async with db.reading() as session:
        assert await current_session(session, cookie, NOW) is None


async def test_api_token_works_until_the_account_is_disabled(db: Database) -> None:
    account, _ = await _login(db)
    async with db.transaction() as session:
        token = await create_token(session, await session.get_one(Account, account.id), NOW)
    async with db.transaction() as session:
        assert await account_for_token(session, token, NOW) is not None
        assert await account_for_token(session, token + "x", NOW) is None
        (await session.get_one(Account, account.id)).disabled = True
    async with db.transaction() as session:
        assert await account_for_token(session, token, NOW) is None
