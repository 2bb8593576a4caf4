"""API tokens: shown once, kept only as a hash, each one revocable on its own."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from bot.console.accounts import AccountRole, add_account
from bot.console.tokens import PREFIX, account_for_token, create_token
from bot.db.database import Database
from bot.db.models import Account, ApiToken

NOW = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)


async def _account(db: Database) -> Account:
    async with db.transaction() as session:
        return await add_account(
            session,
            email="script@kommun.se",
            name="Skript",
            role=AccountRole.VIEWER,
            password=None,
            now=NOW,
        )


async def test_only_the_hash_of_the_shown_token_is_stored(db: Database) -> None:
    account = await _account(db)
    async with db.transaction() as session:
        token = await create_token(session, account, NOW, label="nattrapport")
    assert token.startswith(PREFIX)
    assert len(token) > len(PREFIX) + 40
    async with db.reading() as session:
        [row] = list(await session.scalars(select(ApiToken)))
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in (row.token_hash, row.label)
    assert (row.account_id, row.label, row.last_used_at) == (account.id, "nattrapport", None)


async def test_each_token_is_new_and_revoking_one_leaves_the_other(db: Database) -> None:
    account = await _account(db)
    async with db.transaction() as session:
        first = await create_token(session, account, NOW)
        second = await create_token(session, account, NOW)
    assert first != second
    async with db.transaction() as session:
        row = await session.scalar(
            select(ApiToken).where(
                ApiToken.token_hash == hashlib.sha256(first.encode()).hexdigest()
            )
        )
        assert row is not None
        row.revoked_at = NOW
    async with db.transaction() as session:
        assert await account_for_token(session, first, NOW) is None
        found = await account_for_token(session, second, NOW)
    assert found is not None
    assert found.email == "script@kommun.se"


async def test_use_is_stamped_but_a_wrong_or_prefix_only_token_finds_nobody(db: Database) -> None:
    account = await _account(db)
    async with db.transaction() as session:
        token = await create_token(session, account, NOW)
    later = NOW + timedelta(hours=3)
    async with db.transaction() as session:
        for wrong in (PREFIX, "", token.upper(), token[:-1]):
            assert await account_for_token(session, wrong, later) is None, wrong
    async with db.reading() as session:
        assert await session.scalar(select(ApiToken.last_used_at)) is None
    async with db.transaction() as session:
        assert await account_for_token(session, token, later) is not None
    async with db.reading() as session:
        used = await session.scalar(select(ApiToken.last_used_at))
    assert used is not None
    assert used.astimezone(UTC) == later
