"""Server-side login sessions: a random id in the cookie, everything else here.

Only the SHA-256 of the cookie value is stored, so a copy of the database does
not hand out logins. A session ends when revoked (logout, password change,
account disabled), after `IDLE_TIMEOUT` without a request, or `ABSOLUTE_TIMEOUT`
after login, whichever comes first.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Account, ConsoleSession

IDLE_TIMEOUT = timedelta(minutes=30)
ABSOLUTE_TIMEOUT = timedelta(hours=8)
# last_seen is written at most this often, so reading pages does not write each time.
TOUCH_EVERY = timedelta(seconds=60)
# The page warns this long before an idle session ends.
IDLE_WARNING = timedelta(minutes=5)


@dataclass(frozen=True)
class LoggedIn:
    """The account behind a request's session, with the session's CSRF token."""

    account: Account
    session_id: str
    csrf_token: str
    expires_at: datetime
    needs_touch: bool = False


def _digest(cookie_value: str) -> str:
    return hashlib.sha256(cookie_value.encode()).hexdigest()


async def open_session(
    session: AsyncSession, account: Account, ip: str | None, now: datetime
) -> str:
    """Start a session; returns the cookie value (never stored as such)."""
    cookie_value = secrets.token_urlsafe(32)
    session.add(
        ConsoleSession(
            id=_digest(cookie_value),
            account_id=account.id,
            csrf_token=secrets.token_urlsafe(32),
            ip=ip,
            created_at=now,
            last_seen_at=now,
        )
    )
    await session.flush()
    return cookie_value


def _expires(row: ConsoleSession) -> datetime:
    return min(row.last_seen_at + IDLE_TIMEOUT, row.created_at + ABSOLUTE_TIMEOUT)


async def current_session(
    session: AsyncSession, cookie_value: str | None, now: datetime
) -> LoggedIn | None:
    """The live session for a cookie; None if unknown, ended or the account disabled.

    Reads only: when `needs_touch`, the caller writes `touch` in a transaction.
    """
    if not cookie_value:
        return None
    row = await session.get(ConsoleSession, _digest(cookie_value))
    if row is None or row.revoked_at is not None or _expires(row) <= now:
        return None
    account = await session.get(Account, row.account_id)
    if account is None or account.disabled:
        return None
    stale = now - row.last_seen_at >= TOUCH_EVERY
    return LoggedIn(account, row.id, row.csrf_token, _expires(row), stale)


async def touch(session: AsyncSession, session_id: str, now: datetime) -> None:
    """Record activity, which moves the idle timeout."""
    await session.execute(
        update(ConsoleSession).where(ConsoleSession.id == session_id).values(last_seen_at=now)
    )


async def revoke_session(session: AsyncSession, cookie_value: str | None, now: datetime) -> None:
    if cookie_value:
        await session.execute(
            update(ConsoleSession)
            .where(ConsoleSession.id == _digest(cookie_value))
            .values(revoked_at=now)
        )


async def revoke_all(
    session: AsyncSession, account_id: int, now: datetime, *, keep: str | None = None
) -> None:
    """End every session of an account (password changed, account disabled)."""
    query = update(ConsoleSession).where(
        ConsoleSession.account_id == account_id, ConsoleSession.revoked_at.is_(None)
    )
    if keep is not None:
        query = query.where(ConsoleSession.id != keep)
    await session.execute(query.values(revoked_at=now))
