"""API tokens: `hejsan tokens create EMAIL` prints one; only its hash is kept."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Account, ApiToken

PREFIX = "hejsan_"


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def create_token(
    session: AsyncSession, account: Account, now: datetime, label: str = ""
) -> str:
    """A new token for `account`; the plain value exists only in the return value."""
    token = PREFIX + secrets.token_urlsafe(32)
    session.add(
        ApiToken(account_id=account.id, token_hash=_digest(token), label=label, created_at=now)
    )
    await session.flush()
    return token


async def account_for_token(session: AsyncSession, token: str, now: datetime) -> Account | None:
    """The enabled account a live token belongs to, or None."""
    row = await session.scalar(
        select(ApiToken).where(ApiToken.token_hash == _digest(token), ApiToken.revoked_at.is_(None))
    )
    if row is None:
        return None
    account = await session.get(Account, row.account_id)
    if account is None or account.disabled:
        return None
    row.last_used_at = now
    return account
