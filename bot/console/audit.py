"""The audit log as the console writes and shows it.

Every view of a senior's conversation or profile, every change, every export
and every login is one row: account, action, senior, time, IP. Never message
content: `details` holds ids and field names only.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Account, AuditEntry


def record(
    session: AsyncSession,
    *,
    account: Account | None,
    action: str,
    now: datetime,
    ip: str | None,
    senior_id: int | None = None,
    subject_type: str | None = None,
    subject_id: int | None = None,
    **details: Any,
) -> None:
    """Add one row in the caller's transaction."""
    session.add(
        AuditEntry(
            at=now,
            actor=f"account:{account.id}" if account else "anonymous",
            account_id=account.id if account else None,
            action=action,
            ip=ip,
            senior_id=senior_id,
            subject_type=subject_type or ("senior" if senior_id is not None else None),
            subject_id=subject_id if subject_id is not None else senior_id,
            details=details,
        )
    )


def record_case(
    session: AsyncSession,
    *,
    account: Account | None,
    action: str,
    now: datetime,
    ip: str | None,
    case_id: int,
    senior_id: int | None,
    **details: Any,
) -> None:
    """A change to a case: the row names the case and the senior it is about."""
    record(
        session,
        account=account,
        action=action,
        now=now,
        ip=ip,
        senior_id=senior_id,
        subject_type="escalation",
        subject_id=case_id,
        **details,
    )


async def list_audit(
    session: AsyncSession,
    tz: ZoneInfo,
    *,
    limit: int = 200,
    senior_id: int | None = None,
    action: str | None = None,
) -> list[dict[str, Any]]:
    """Newest first, as plain values (for the page, the API and `hejsan audit list`)."""
    query = (
        select(AuditEntry, Account.email)
        .outerjoin(Account, Account.id == AuditEntry.account_id)
        .order_by(AuditEntry.id.desc())
        .limit(limit)
    )
    if senior_id is not None:
        query = query.where(AuditEntry.senior_id == senior_id)
    if action:
        query = query.where(AuditEntry.action == action)
    rows = await session.execute(query)
    return [
        {
            "id": entry.id,
            "at": entry.at.astimezone(tz).isoformat(timespec="seconds"),
            "account": email or entry.actor,
            "action": entry.action,
            "senior_id": entry.senior_id,
            "subject": f"{entry.subject_type}:{entry.subject_id}" if entry.subject_type else None,
            "ip": entry.ip,
        }
        for entry, email in rows
    ]
