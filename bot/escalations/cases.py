"""An escalation case: its statuses and its audit trail.

open -> alerted -> claimed -> resolved      (or cancelled)
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import AuditEntry

OPEN = "open"
ALERTED = "alerted"
CLAIMED = "claimed"
RESOLVED = "resolved"
CANCELLED = "cancelled"
ACTIVE = (OPEN, ALERTED)
CLOSED = (RESOLVED, CANCELLED)
URGENT = "urgent"

QUOTE_CHARS = 120


def audit(
    session: AsyncSession, now: datetime, actor: str, action: str, case_id: int, **details: Any
) -> None:
    session.add(
        AuditEntry(
            at=now,
            actor=actor,
            action=action,
            subject_type="escalation",
            subject_id=case_id,
            details=details,
        )
    )
