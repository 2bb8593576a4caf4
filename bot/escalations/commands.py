"""Volunteer commands on a case: claim ("OK 17"), pass ("NEJ 17"), resolve ("KLAR 17").

First claim wins: the claim is a conditional UPDATE (`status IN ('open',
'alerted')`) whose row count decides, so two volunteers answering "OK 17" at
the same moment get exactly one winner on SQLite and PostgreSQL alike.

A won claim tells the claimer and the others alerted; telling the senior is a
conversation turn, which the caller runs (`bot.turns.claims`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from bot.core.logs import log_event
from bot.core.shell import Shell
from bot.db.models import Address, Escalation, EscalationAlert, Message, Volunteer
from bot.db.outbox import enqueue
from bot.escalations.alerts import case_text, templates_for
from bot.escalations.cases import ACTIVE, CLOSED, AlertResponse, CaseResult, CaseStatus, audit
from bot.escalations.ladder import ladder_step, set_ladder_timer
from bot.escalations.routing import volunteer_addresses
from bot.people.directory import first_name
from conversations.volunteer_commands import parse_volunteer_command

log = logging.getLogger("hejsan.escalations")


@dataclass(frozen=True)
class CaseOutcome:
    """What happened to a volunteer's (or the CLI's) command on a case, and the
    rows queued. After "claimed" the caller runs the senior's turn."""

    result: CaseResult
    escalation: Escalation | None = None
    claimer: str = ""  # the first name of whoever holds the case
    queued: int = 0


async def _claimer_name(session: AsyncSession, escalation: Escalation) -> str:
    if escalation.claimed_by_id is None:
        return ""
    volunteer = await session.get(Volunteer, escalation.claimed_by_id)
    return first_name(volunteer.name if volunteer else "")


async def _alert_of(
    session: AsyncSession, escalation_id: int, volunteer_id: int
) -> EscalationAlert | None:
    alert: EscalationAlert | None = await session.scalar(
        select(EscalationAlert)
        .where(
            EscalationAlert.escalation_id == escalation_id,
            EscalationAlert.volunteer_id == volunteer_id,
        )
        .order_by(EscalationAlert.level.desc(), EscalationAlert.id.desc())
    )
    return alert


async def _refused(
    session: AsyncSession, escalation: Escalation, volunteer: Volunteer
) -> CaseOutcome:
    """Why `volunteer` cannot take or pass a case that is no longer open."""
    if escalation.status in CLOSED:
        return CaseOutcome(CaseResult.CLOSED, escalation)
    name = await _claimer_name(session, escalation)
    if escalation.claimed_by_id == volunteer.id:
        return CaseOutcome(CaseResult.ALREADY_YOURS, escalation, name)
    return CaseOutcome(CaseResult.TAKEN, escalation, name)


async def _take(
    session: AsyncSession, escalation: Escalation, volunteer: Volunteer, now: datetime
) -> bool:
    """The conditional UPDATE that decides: True when this claim won."""
    won = cast(
        CursorResult[Any],
        await session.execute(
            update(Escalation)
            .where(Escalation.id == escalation.id, Escalation.status.in_(ACTIVE))
            .values(
                status=CaseStatus.CLAIMED,
                claimed_by_id=volunteer.id,
                claimed_at=now,
                updated_at=now,
            )
            .execution_options(synchronize_session=False)
        ),
    ).rowcount
    await session.refresh(escalation)
    return won == 1


async def _tell_claimer(
    session: AsyncSession,
    shell: Shell,
    escalation: Escalation,
    volunteer: Volunteer,
    address: Address | None,
    now: datetime,
) -> Address | None:
    """The claimer: what to do, and how to close it. Returns where they were told."""
    if address is None:
        address = (await volunteer_addresses(session, shell, [volunteer.id])).get(volunteer.id)
    if address is None:
        return None
    case = await case_text(session, escalation)
    templates = templates_for(shell, volunteer)
    values = {**case.values(templates), "volunteer": first_name(volunteer.name)}
    text = templates.render("claim.yours", values)
    await enqueue(session, address, text, kind="alert", template="claim.yours", now=now)
    return address


async def _tell_the_others(
    session: AsyncSession,
    shell: Shell,
    escalation: Escalation,
    volunteer: Volunteer,
    told: set[int],
    now: datetime,
) -> int:
    """The others who were alerted: taken, and by whom. Returns rows queued."""
    name = first_name(volunteer.name)
    others = await session.scalars(
        select(EscalationAlert).where(
            EscalationAlert.escalation_id == escalation.id,
            EscalationAlert.volunteer_id.is_distinct_from(volunteer.id),
        )
    )
    queued = 0
    for other in others:
        if other.response is None:
            other.response = AlertResponse.TAKEN
            other.responded_at = now
        if other.address_id in told or other.response == AlertResponse.PASSED:
            continue
        told.add(other.address_id)
        target = await session.get(Address, other.address_id)
        if target is None or target.unusable_at is not None:
            continue
        someone = await session.get(Volunteer, other.volunteer_id) if other.volunteer_id else None
        text = templates_for(shell, someone).render(
            "claim.taken", {"case": escalation.id, "volunteer": name}
        )
        await enqueue(session, target, text, kind="alert", template="claim.taken", now=now)
        queued += 1
    return queued


async def claim(
    session: AsyncSession,
    shell: Shell,
    escalation_id: int,
    volunteer: Volunteer,
    *,
    reply_to: Address | None = None,
    actor: str | None = None,
    require_alert: bool = True,
) -> CaseOutcome:
    """`volunteer` takes the case if nobody has: exactly one claim wins.

    The winner is told what to do, the others alerted are told who took it,
    and the caller tells the senior who will get in touch (a turn of their
    conversation). A losing or refused claim changes nothing and queues
    nothing; the caller answers it.
    """
    now = shell.now()
    escalation = await session.get(Escalation, escalation_id)
    if escalation is None:
        return CaseOutcome(CaseResult.UNKNOWN)
    alert = await _alert_of(session, escalation_id, volunteer.id)
    if escalation.status not in ACTIVE:
        return await _refused(session, escalation, volunteer)
    if alert is None and require_alert:
        return CaseOutcome(CaseResult.NOT_ALERTED, escalation)
    if not await _take(session, escalation, volunteer, now):
        return await _refused(session, escalation, volunteer)
    audit(session, now, actor or f"volunteer:{volunteer.id}", "escalation.claimed", escalation.id)
    log_event(log, "escalation.claimed", escalation_id=escalation.id, volunteer_id=volunteer.id)
    await set_ladder_timer(session, escalation, None, now)
    if alert is not None:
        alert.response = AlertResponse.CLAIMED
        alert.responded_at = now
    told = await _tell_claimer(session, shell, escalation, volunteer, reply_to, now)
    queued = 0 if told is None else 1
    queued += await _tell_the_others(
        session, shell, escalation, volunteer, set() if told is None else {told.id}, now
    )
    return CaseOutcome(CaseResult.CLAIMED, escalation, first_name(volunteer.name), queued)


async def pass_case(
    session: AsyncSession, shell: Shell, escalation_id: int, volunteer: Volunteer
) -> CaseOutcome:
    """ "NEJ 17": this volunteer cannot; the ladder moves on at once (when the
    pass is about the current level of alerts)."""
    now = shell.now()
    escalation = await session.get(Escalation, escalation_id)
    if escalation is None:
        return CaseOutcome(CaseResult.UNKNOWN)
    if escalation.status not in ACTIVE:
        return await _refused(session, escalation, volunteer)
    alert = await _alert_of(session, escalation_id, volunteer.id)
    if alert is None:
        return CaseOutcome(CaseResult.NOT_ALERTED, escalation)
    if alert.response == AlertResponse.PASSED:
        return CaseOutcome(CaseResult.ALREADY_PASSED, escalation)
    alert.response = AlertResponse.PASSED
    alert.responded_at = now
    audit(session, now, f"volunteer:{volunteer.id}", "escalation.passed", escalation.id)
    log_event(log, "escalation.passed", escalation_id=escalation.id, volunteer_id=volunteer.id)
    queued = 0
    if alert.level == escalation.level:
        queued = await ladder_step(session, shell, escalation)
    return CaseOutcome(CaseResult.PASSED, escalation, queued=queued)


async def resolve(
    session: AsyncSession,
    shell: Shell,
    escalation_id: int,
    *,
    volunteer: Volunteer | None,
    note: str | None,
    actor: str | None = None,
) -> CaseOutcome:
    """Close a case. A volunteer closes only a case they took; the CLI
    (`volunteer=None`, a coordinator) closes any case that is not closed."""
    now = shell.now()
    escalation = await session.get(Escalation, escalation_id)
    if escalation is None:
        return CaseOutcome(CaseResult.UNKNOWN)
    name = await _claimer_name(session, escalation)
    if escalation.status in CLOSED:
        return CaseOutcome(CaseResult.CLOSED, escalation, name)
    condition: ColumnElement[bool] = Escalation.status.in_((*ACTIVE, CaseStatus.CLAIMED))
    if volunteer is not None:
        if escalation.status in ACTIVE:
            return CaseOutcome(CaseResult.NOT_CLAIMED, escalation)
        if escalation.claimed_by_id != volunteer.id:
            return CaseOutcome(CaseResult.NOT_YOURS, escalation, name)
        condition = (Escalation.status == CaseStatus.CLAIMED) & (
            Escalation.claimed_by_id == volunteer.id
        )
    done = cast(
        CursorResult[Any],
        await session.execute(
            update(Escalation)
            .where(Escalation.id == escalation_id, condition)
            .values(
                status=CaseStatus.RESOLVED, resolved_at=now, resolution_note=note, updated_at=now
            )
            .execution_options(synchronize_session=False)
        ),
    ).rowcount
    await session.refresh(escalation)
    if done != 1:
        return CaseOutcome(CaseResult.CLOSED, escalation, name)
    await set_ladder_timer(session, escalation, None, now)
    who = actor or (f"volunteer:{volunteer.id}" if volunteer else "cli")
    audit(session, now, who, "escalation.resolved", escalation.id, note=note)
    log_event(log, "escalation.resolved", escalation_id=escalation.id)
    return CaseOutcome(CaseResult.RESOLVED, escalation, name)


# Which text answers which outcome.
_ANSWERS = {
    CaseResult.CLAIMED: None,  # claim() has written to the claimer already
    CaseResult.ALREADY_YOURS: "claim.already_yours",
    CaseResult.TAKEN: "claim.taken",
    CaseResult.CLOSED: "claim.closed",
    CaseResult.UNKNOWN: "claim.unknown",
    CaseResult.NOT_ALERTED: "claim.not_alerted",
    CaseResult.PASSED: "claim.passed",
    CaseResult.ALREADY_PASSED: "claim.passed",
    CaseResult.RESOLVED: "claim.resolved",
    CaseResult.NOT_YOURS: "claim.not_yours",
    CaseResult.NOT_CLAIMED: "claim.not_claimed",
}


@dataclass(frozen=True)
class VolunteerAnswer:
    """The rows queued to answer a volunteer, and what their command did (None:
    not a command, they were sent the help text)."""

    queued: int
    outcome: CaseOutcome | None = None


async def handle_volunteer_message(
    session: AsyncSession, shell: Shell, volunteer: Volunteer, address: Address, message: Message
) -> VolunteerAnswer:
    """A volunteer wrote: act on "OK 17" / "KLAR 17" / "NEJ 17", else explain them.

    Every command gets an answer, never silence.
    """
    now = shell.now()
    templates = templates_for(shell, volunteer)
    command = parse_volunteer_command(message.body)
    if command is None:
        text = templates.render("volunteer.help", {"name": first_name(volunteer.name)})
        await enqueue(session, address, text, template="volunteer.help", now=now)
        return VolunteerAnswer(1)
    if command.kind == "claim":
        outcome = await claim(session, shell, command.case_id, volunteer, reply_to=address)
    elif command.kind == "pass":
        outcome = await pass_case(session, shell, command.case_id, volunteer)
    else:
        outcome = await resolve(
            session, shell, command.case_id, volunteer=volunteer, note=command.note
        )
    key = _ANSWERS.get(outcome.result)
    if key is None:
        return VolunteerAnswer(outcome.queued, outcome)
    text = templates.render(key, {"case": command.case_id, "volunteer": outcome.claimer})
    await enqueue(session, address, text, kind="alert", template=key, now=now)
    return VolunteerAnswer(outcome.queued + 1, outcome)
