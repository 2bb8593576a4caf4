"""An escalation case: its statuses and its audit trail.

open -> alerted -> claimed -> resolved      (or cancelled)
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import AuditEntry


class CaseStatus(StrEnum):
    OPEN = "open"
    ALERTED = "alerted"
    CLAIMED = "claimed"
    RESOLVED = "resolved"
    CANCELLED = "cancelled"


# Waiting for a volunteer to take it; done with.
ACTIVE = (CaseStatus.OPEN, CaseStatus.ALERTED)
CLOSED = (CaseStatus.RESOLVED, CaseStatus.CANCELLED)


class Urgency(StrEnum):
    NORMAL = "normal"
    URGENT = "urgent"


class Reason(StrEnum):
    """Why a case was opened besides the engine's own reasons (contact, danger)."""

    NO_REPLY = "no_reply"  # missed check-ins in a row
    LOW_MOOD = "low_mood"  # bad moods in a row
    NO_ANSWER = "no_answer"  # a safety check (or "check on me") went unanswered


class AlertResponse(StrEnum):
    """What became of one alert."""

    CLAIMED = "claimed"  # this volunteer took the case
    TAKEN = "taken"  # someone else did
    PASSED = "passed"  # this volunteer said they cannot


class CaseResult(StrEnum):
    """What a volunteer's (or the CLI's) command on a case did."""

    CLAIMED = "claimed"
    ALREADY_YOURS = "already_yours"
    TAKEN = "taken"
    CLOSED = "closed"
    UNKNOWN = "unknown"
    NOT_ALERTED = "not_alerted"
    PASSED = "passed"
    ALREADY_PASSED = "already_passed"
    RESOLVED = "resolved"
    NOT_YOURS = "not_yours"
    NOT_CLAIMED = "not_claimed"


# How much of what the senior wrote an alert quotes (an SMS is short); the
# case keeps up to conversations.actions.QUOTE_LIMIT for the coordinators.
ALERT_QUOTE_CHARS = 120


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
