"""What the route tests share: a logged-out client, and audit rows read back by action."""

from __future__ import annotations

import httpx
from sqlalchemy import select

from bot.db.database import Database
from bot.db.models import AuditEntry
from tests.bot.console.conftest import BASE, Desk


def anonymous(desk: Desk) -> httpx.AsyncClient:
    """A browser with no session (use it in `async with`)."""
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=desk.app), base_url=BASE)


async def audit_rows(db: Database, action: str) -> list[AuditEntry]:
    """The audit rows a console account wrote for `action`, oldest first."""
    async with db.reading() as session:
        rows = await session.scalars(
            select(AuditEntry)
            .where(AuditEntry.action == action, AuditEntry.account_id.is_not(None))
            .order_by(AuditEntry.id)
        )
        return list(rows)
