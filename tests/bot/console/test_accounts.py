"""Console accounts on SQLite and PostgreSQL: login, lockout, disabled accounts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.console.accounts import (
    DEMO_ADMIN_EMAIL,
    LOCKOUT,
    MAX_FAILED_LOGINS,
    AccountError,
    AccountRole,
    LoginOutcome,
    add_account,
    authenticate,
    disable_demo_admin,
    reset_demo_admin,
)
from bot.db.database import Database

NOW = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)
PASSWORD = "ett-langt-losenord"


async def _add(db: Database, email: str = "Anna@Kommun.se") -> None:
    async with db.transaction() as session:
        await add_account(
            session,
            email=email,
            name="Anna",
            role=AccountRole.COORDINATOR,
            password=PASSWORD,
            now=NOW,
        )


async def test_right_password_logs_in_whatever_the_case_of_the_email(db: Database) -> None:
    await _add(db)
    async with db.transaction() as session:
        result = await authenticate(session, "anna@KOMMUN.se ", PASSWORD, NOW)
    assert result.outcome is LoginOutcome.OK
    assert result.account is not None
    assert result.account.password_hash is not None
    assert result.account.password_hash.startswith("$argon2id$")


async def test_unknown_email_and_wrong_password_answer_alike(db: Database) -> None:
    await _add(db)
    async with db.transaction() as session:
        unknown = await authenticate(session, "nobody@kommun.se", PASSWORD, NOW)
        wrong = await authenticate(session, "anna@kommun.se", "fel-losenord", NOW)
    assert unknown.outcome is wrong.outcome is LoginOutcome.BAD_CREDENTIALS


async def test_too_many_failures_lock_the_account_even_for_the_right_password(
    db: Database,
) -> None:
    await _add(db)
    for attempt in range(MAX_FAILED_LOGINS):
        async with db.transaction() as session:
            result = await authenticate(session, "anna@kommun.se", f"fel-{attempt}", NOW)
    assert result.outcome is LoginOutcome.LOCKED
    async with db.transaction() as session:
        locked = await authenticate(session, "anna@kommun.se", PASSWORD, NOW + timedelta(minutes=1))
    assert locked.outcome is LoginOutcome.LOCKED
    async with db.transaction() as session:
        later = await authenticate(session, "anna@kommun.se", PASSWORD, NOW + LOCKOUT)
    assert later.outcome is LoginOutcome.OK


async def test_short_password_and_duplicate_email_are_refused(db: Database) -> None:
    await _add(db)
    async with db.transaction() as session:
        with pytest.raises(AccountError):
            await add_account(
                session,
                email="ny@kommun.se",
                name="Ny",
                role=AccountRole.VIEWER,
                password="kort",
                now=NOW,
            )
        with pytest.raises(AccountError):
            await add_account(
                session,
                email="ANNA@kommun.se",
                name="Anna",
                role=AccountRole.VIEWER,
                password=PASSWORD,
                now=NOW,
            )


async def test_demo_admin_gets_a_new_password_and_is_disabled_for_production(
    db: Database,
) -> None:
    async with db.transaction() as session:
        first = await reset_demo_admin(session, NOW)
    async with db.transaction() as session:
        second = await reset_demo_admin(session, NOW)
    assert first != second
    async with db.transaction() as session:
        old = await authenticate(session, DEMO_ADMIN_EMAIL, first, NOW)
        new = await authenticate(session, DEMO_ADMIN_EMAIL, second, NOW)
    assert old.outcome is LoginOutcome.BAD_CREDENTIALS
    assert new.outcome is LoginOutcome.OK
    async with db.transaction() as session:
        assert await disable_demo_admin(session, NOW)
    async with db.transaction() as session:
        gone = await authenticate(session, DEMO_ADMIN_EMAIL, second, NOW)
    assert gone.outcome is LoginOutcome.BAD_CREDENTIALS
