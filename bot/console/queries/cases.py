"""Cases for the console: the filtered list and one case's timeline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import (
    Account,
    AuditEntry,
    CloseContact,
    Escalation,
    EscalationAlert,
    Senior,
    Timer,
    Volunteer,
)
from bot.db.timers import escalation_subject
from bot.escalations.ladder import NOBODY_REACHED
from bot.escalations.listing import list_escalations

ACTIVE_STATUSES = ("open", "alerted", "claimed")


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    what: str
    detail: str = ""


@dataclass(frozen=True)
class CaseFilters:
    status: str = ""  # "" all, "open" = not closed, or one status
    urgency: str = ""
    reason: str = ""
    volunteer: int | None = None
    area: str = ""


async def filtered_cases(
    session: AsyncSession, tz: ZoneInfo, filters: CaseFilters
) -> list[dict[str, Any]]:
    cases = await list_escalations(session, tz, only_open=filters.status == "open")
    if filters.status and filters.status != "open":
        cases = [c for c in cases if c["status"] == filters.status]
    if filters.urgency:
        cases = [c for c in cases if c["urgency"] == filters.urgency]
    if filters.reason:
        cases = [c for c in cases if c["reason"] == filters.reason]
    if filters.volunteer is not None:
        cases = [c for c in cases if c["claimed_by_id"] == filters.volunteer]
    if filters.area:
        ids = {c["senior_id"] for c in cases}
        areas = dict(
            (await session.execute(select(Senior.id, Senior.area).where(Senior.id.in_(ids)))).all()
        )
        wanted = filters.area.strip().lower()
        cases = [c for c in cases if (areas.get(c["senior_id"]) or "").lower() == wanted]
    return await with_overdue(session, cases)


async def nobody_reached(session: AsyncSession, case_ids: list[int]) -> set[int]:
    """The cases whose ladder ran out with nobody taking them."""
    subjects = {escalation_subject(case_id): case_id for case_id in case_ids}
    if not subjects:
        return set()
    found = await session.scalars(
        select(Timer.subject).where(Timer.kind == NOBODY_REACHED, Timer.subject.in_(subjects))
    )
    return {subjects[subject] for subject in found}


async def with_overdue(session: AsyncSession, cases: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each listed case with `delivery_overdue`: an alert or reply about it did
    not go out in time (the coordinators were told by text too)."""
    ids = [c["id"] for c in cases]
    overdue: set[int] = set()
    for start in range(0, len(ids), 500):
        overdue |= set(
            await session.scalars(
                select(Escalation.id).where(
                    Escalation.id.in_(ids[start : start + 500]),
                    Escalation.delivery_overdue_at.is_not(None),
                )
            )
        )
    return [{**c, "delivery_overdue": c["id"] in overdue} for c in cases]


_ACTIONS = {
    "escalation.opened": "Öppnat",
    "escalation.claimed": "Taget",
    "escalation.passed": "Avböjt av en volontär",
    "escalation.resolved": "Avslutat",
    "escalation.reopened": "Öppnat igen",
    "escalation.noted": "Anteckning",
    "escalation.nobody_new_to_alert": "Ingen ny att larma",
}


async def timeline(session: AsyncSession, escalation: Escalation) -> list[TimelineEntry]:
    """Opened, alerted whom, claimed, notes, resolved, in time order.

    Only the case's own rows (`escalation.*`): the console's audit row for the
    same act (`case.*`) would show it twice, under a code instead of words.
    """
    entries: list[TimelineEntry] = []
    audit_rows = await session.scalars(
        select(AuditEntry).where(
            AuditEntry.subject_type == "escalation",
            AuditEntry.subject_id == escalation.id,
            AuditEntry.action.startswith("escalation."),
        )
    )
    names = {
        f"volunteer:{i}": str(n)
        for i, n in await session.execute(select(Volunteer.id, Volunteer.name))
    }
    names |= {
        f"account:{i}": str(n) for i, n in await session.execute(select(Account.id, Account.name))
    }
    for entry in audit_rows:
        what = _ACTIONS.get(entry.action, entry.action)
        who = names.get(entry.actor) or _ACTOR_WORDS.get(entry.actor, entry.actor)
        note = entry.details.get("note") if isinstance(entry.details, dict) else None
        detail = " – ".join(part for part in (who, note or "") if part)
        entries.append(TimelineEntry(entry.at, what, detail))
    alerts = await session.scalars(
        select(EscalationAlert).where(EscalationAlert.escalation_id == escalation.id)
    )
    for alert in alerts:
        name = names.get(f"volunteer:{alert.volunteer_id}", "samordnare")
        answer = {"claimed": "tog det", "passed": "kunde inte", "taken": "någon annan tog det"}
        detail = f"{name} (nivå {alert.level + 1})"
        if alert.response:
            detail += f", {answer.get(alert.response, alert.response)}"
        entries.append(TimelineEntry(alert.created_at, "Larm skickat", detail))
    return sorted(entries, key=lambda e: e.at)


_ACTOR_WORDS = {"system": "Hejsan", "cli": "kommandoraden"}


async def active_volunteers(session: AsyncSession) -> list[Volunteer]:
    """Volunteers a case can be given to (a close contact is not one: they
    belong to their senior)."""
    return list(
        await session.scalars(
            select(Volunteer)
            .where(
                Volunteer.active.is_(True),
                Volunteer.id.not_in(select(CloseContact.volunteer_id)),
            )
            .order_by(Volunteer.name)
        )
    )
