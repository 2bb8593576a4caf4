"""One-time set-password links: how a new account gets its first password.

Whoever makes the account never learns the password: `hejsan users add` (or
an admin on /accounts) gets a link `public_url/set-password/TOKEN` to hand to
the person, who chooses the password there. A link works once, for
`LINK_LIFETIME`, and only the SHA-256 of its token is stored. Making a new
link retires the account's older unused ones. Refused attempts are audited
with the IP, and an IP with too many recent refusals is turned away
(`throttled`), so guessing links is pointless on top of being hopeless.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.console.accounts import set_password
from bot.db.models import Account, AuditEntry, PasswordLink

LINK_LIFETIME = timedelta(hours=24)
REFUSED_ACTION = "password_link.refused"
THROTTLE_WINDOW = timedelta(minutes=15)
MAX_REFUSALS = 10


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def link_url(public_url: str, token: str) -> str:
    return f"{public_url.rstrip('/')}/set-password/{token}"


async def create_link(session: AsyncSession, account: Account, now: datetime) -> str:
    """A fresh link token for `account` (shown once, never stored as such)."""
    await session.execute(
        update(PasswordLink)
        .where(PasswordLink.account_id == account.id, PasswordLink.used_at.is_(None))
        .values(used_at=now)
    )
    token = secrets.token_urlsafe(32)
    session.add(
        PasswordLink(
            account_id=account.id,
            token_hash=_digest(token),
            expires_at=now + LINK_LIFETIME,
            created_at=now,
        )
    )
    await session.flush()
    return token


async def usable_link(session: AsyncSession, token: str, now: datetime) -> Account | None:
    """The account a link sets the password of; None when unknown, used,
    expired or the account is disabled."""
    row = await session.scalar(
        select(PasswordLink).where(PasswordLink.token_hash == _digest(token))
    )
    if row is None or row.used_at is not None or row.expires_at <= now:
        return None
    account = await session.get(Account, row.account_id)
    return None if account is None or account.disabled else account


async def use_link(
    session: AsyncSession, token: str, password: str, now: datetime
) -> Account | None:
    """Set the password through the link and spend it; None if it is not usable.

    The link is spent with a conditional UPDATE, so of two submissions at
    once only one sets a password. The caller checks the password's rules
    first (`set_password` raises `AccountError` on a weak one)."""
    account = await usable_link(session, token, now)
    if account is None:
        return None
    spent = await session.execute(
        update(PasswordLink)
        .where(PasswordLink.token_hash == _digest(token), PasswordLink.used_at.is_(None))
        .values(used_at=now)
    )
    if getattr(spent, "rowcount", 0) != 1:
        return None
    set_password(account, password, now)
    account.failed_logins = 0
    account.locked_until = None
    return account


async def throttled(session: AsyncSession, ip: str | None, now: datetime) -> bool:
    """Too many refused link attempts from this IP lately."""
    count = await session.scalar(
        select(func.count())
        .select_from(AuditEntry)
        .where(
            AuditEntry.action == REFUSED_ACTION,
            AuditEntry.ip == ip,
            AuditEntry.at > now - THROTTLE_WINDOW,
        )
    )
    return (count or 0) >= MAX_REFUSALS
