"""Escalations: a human must reach this senior. Routing, alerts, claims, the ladder.

A case is opened in the same transaction as the message that caused it, and
its first alerts (outbox rows plus `EscalationAlert` rows) go with it, so a
crash never loses a case or its alerts. Every later step of the ladder is a
`Timer` row ("escalation:17", kind "ladder"), so a restart continues where it
stopped.

    open -> alerted -> claimed -> resolved      (or cancelled)

Routing picks active volunteers who are on duty now (their availability
windows, in the service time zone), below their maximum of open cases, who
speak the senior's language and share an area or tag, least recently alerted
first; when too few match, any available volunteer is better than nobody.
Not claimed in time: the next volunteers; after the last volunteer level the
coordinators from the config. Urgent cases alert the coordinators at once, and
so does a case opened when no volunteer is on duty.

First claim wins: the claim is a conditional UPDATE (`status IN ('open',
'alerted')`) whose row count decides, so two volunteers answering "OK 17" at
the same moment get exactly one winner on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, cast
from zoneinfo import ZoneInfo

from sqlalchemy import CursorResult, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from bot.availability import (  # re-exported: callers ask escalations who is on duty
    _windows,
    help_availability,
    on_duty,
)
from bot.channels.types import Channel
from bot.db.engine import insert_for
from bot.db.models import (
    Address,
    AuditEntry,
    Escalation,
    EscalationAlert,
    Message,
    Senior,
    Timer,
    Volunteer,
)
from bot.logs import log_event
from bot.outbox import enqueue
from bot.people import first_name
from bot.phone import InvalidPhoneNumber, normalize_phone
from bot.shell import Shell
from bot.timers import handles, subject_id
from bot.turns import run_turn, simulator_address
from conversations.inputs import EscalationClaimed
from conversations.templates import Templates
from conversations.volunteer_commands import parse_volunteer_command

log = logging.getLogger("hejsan.escalations")

OPEN = "open"
ALERTED = "alerted"
CLAIMED = "claimed"
RESOLVED = "resolved"
CANCELLED = "cancelled"
ACTIVE = (OPEN, ALERTED)
CLOSED = (RESOLVED, CANCELLED)
URGENT = "urgent"

LADDER = "ladder"  # the timer kind of the ladder's next step
# Volunteer waves before the coordinators are alerted (wave 0 is the first).
VOLUNTEER_LEVELS = 2
QUOTE_CHARS = 120


def escalation_subject(escalation_id: int) -> str:
    return f"escalation:{escalation_id}"


# ------------------------------------------------------------------ addresses


async def volunteer_addresses(
    session: AsyncSession, shell: Shell, volunteer_ids: Sequence[int]
) -> dict[int, Address]:
    """Where each volunteer is reached: Telegram if linked, else SMS; the
    simulator on the embedded defaults. Volunteers with no way are left out."""
    if not volunteer_ids:
        return {}
    rows = await session.scalars(select(Address).where(Address.volunteer_id.in_(volunteer_ids)))
    by_owner: dict[int, list[Address]] = {}
    for row in rows:
        by_owner.setdefault(cast(int, row.volunteer_id), []).append(row)
    found: dict[int, Address] = {}
    for volunteer_id in volunteer_ids:
        owned = by_owner.get(volunteer_id, [])
        if shell.config.simulator_only:
            usable = [r for r in owned if r.unusable_at is None]
            address = await simulator_address(session, None, usable, volunteer_id=volunteer_id)
        else:
            address = shell.pick_address(r for r in owned if r.unusable_at is None)
        if address is not None:
            found[volunteer_id] = address
    return found


def _coordinator_target(shell: Shell, entry: str) -> tuple[str, str] | None:
    """ "+46701234567" or "telegram:123456" -> (channel, value) we can send on."""
    entry = entry.strip()
    if entry.casefold().startswith("telegram:"):
        chat = entry.split(":", 1)[1].strip()
        if shell.config.telegram.enabled and chat.lstrip("-").isdigit():
            return Channel.TELEGRAM.value, chat
        return None
    try:
        phone = normalize_phone(entry)
    except InvalidPhoneNumber:
        return None
    if shell.config.twilio.enabled:
        return Channel.SMS.value, phone
    if shell.config.simulator_only:
        return Channel.SIMULATOR.value, phone
    return None


async def coordinator_addresses(session: AsyncSession, shell: Shell) -> list[Address]:
    """The coordinators of `[escalation] coordinators`, as address rows."""
    found: list[Address] = []
    for entry in shell.config.escalation.coordinators:
        target = _coordinator_target(shell, entry)
        if target is None:
            log_event(log, "coordinator.unreachable", logging.WARNING, entry=entry)
            continue
        channel, value = target
        address = await session.scalar(
            select(Address).where(Address.channel == channel, Address.value == value)
        )
        if address is None:
            insert = insert_for(session)
            await session.execute(
                insert(Address)
                .values(channel=channel, value=value, created_at=shell.now())
                .on_conflict_do_nothing(index_elements=["channel", "value"])
            )
            address = await session.scalar(
                select(Address).where(Address.channel == channel, Address.value == value)
            )
        if address is not None and address.unusable_at is None and address not in found:
            found.append(address)
    return found


# ------------------------------------------------------------------- routing


async def open_cases(session: AsyncSession, volunteer_ids: Sequence[int]) -> dict[int, int]:
    """How many claimed, unresolved cases each volunteer holds."""
    if not volunteer_ids:
        return {}
    rows = await session.execute(
        select(Escalation.claimed_by_id, func.count())
        .where(Escalation.status == CLAIMED, Escalation.claimed_by_id.in_(volunteer_ids))
        .group_by(Escalation.claimed_by_id)
    )
    return {int(owner): int(count) for owner, count in rows if owner is not None}


def _senior_places(senior: Senior) -> set[str]:
    places = {t.casefold() for t in senior.tags or []}
    if senior.area:
        places.add(senior.area.casefold())
    return places


async def pick_volunteers(
    session: AsyncSession,
    shell: Shell,
    senior: Senior,
    now: datetime,
    count: int,
    exclude: Iterable[int] = (),
) -> list[tuple[Volunteer, Address]]:
    """Up to `count` volunteers to alert now, best match first, then fairly.

    Candidates are active, on duty, below their maximum of open cases,
    reachable and not in `exclude`. Ranked by: speaks the senior's language,
    shares an area/tag (a volunteer without tags matches anywhere), least
    recently alerted.
    """
    skip = set(exclude)
    local = now.astimezone(shell.tz)
    volunteers = [
        v
        for v in await session.scalars(select(Volunteer).where(Volunteer.active))
        if v.id not in skip and on_duty(_windows(v), local)
    ]
    cases = await open_cases(session, [v.id for v in volunteers])
    volunteers = [v for v in volunteers if cases.get(v.id, 0) < v.max_open_cases]
    places = _senior_places(senior)
    never = datetime.min.replace(tzinfo=UTC)

    def rank(volunteer: Volunteer) -> tuple[bool, bool, datetime, int]:
        tags = {t.casefold() for t in volunteer.tags or []}
        elsewhere = bool(places and tags and not places & tags)
        return (
            volunteer.lang != senior.lang,
            elsewhere,
            volunteer.last_alerted_at or never,
            volunteer.id,
        )

    volunteers.sort(key=rank)
    picked: list[tuple[Volunteer, Address]] = []
    for start in range(0, len(volunteers), max(count, 1)):
        chunk = volunteers[start : start + count]
        addresses = await volunteer_addresses(session, shell, [v.id for v in chunk])
        picked.extend((v, addresses[v.id]) for v in chunk if v.id in addresses)
        if len(picked) >= count:
            break
    return picked[:count]


# -------------------------------------------------------------------- alerts


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= QUOTE_CHARS else text[: QUOTE_CHARS - 3].rstrip() + "..."


async def _senior_phone(session: AsyncSession, senior_id: int) -> str:
    phone = await session.scalar(
        select(Address.value)
        .where(Address.senior_id == senior_id, Address.channel == Channel.SMS.value)
        .order_by(Address.unusable_at.is_not(None), Address.id)
    )
    return phone or ""


@dataclass
class _Case:
    """What every text about one case says, looked up once."""

    escalation: Escalation
    senior_name: str
    phone: str

    def values(self, templates: Templates) -> dict[str, object]:
        quote = _quote(self.escalation.quote or "")
        return {
            "case": self.escalation.id,
            "senior": self.senior_name,
            "phone": self.phone,
            "reason": templates.render(f"alert.reason_{self.escalation.reason}", {})
            if f"alert.reason_{self.escalation.reason}" in templates.texts
            else self.escalation.reason,
            "quote_text": templates.render("alert.quote", {"quote": quote}) if quote else "",
        }


async def _case(session: AsyncSession, escalation: Escalation) -> _Case:
    senior = await session.get(Senior, escalation.senior_id)
    return _Case(
        escalation,
        first_name(senior.name if senior else ""),
        await _senior_phone(session, escalation.senior_id),
    )


def _templates(shell: Shell, volunteer: Volunteer | None) -> Templates:
    lang = volunteer.lang if volunteer is not None else shell.config.service.default_lang
    return shell.settings.templates_for(lang)


async def _send_alert(
    session: AsyncSession,
    shell: Shell,
    case: _Case,
    address: Address,
    volunteer: Volunteer | None,
    *,
    level: int,
    coordinator: bool,
    now: datetime,
) -> None:
    templates = _templates(shell, volunteer)
    escalation = case.escalation
    can_claim = volunteer is not None
    if coordinator:
        key = "alert.coordinator_urgent" if escalation.urgency == URGENT else "alert.coordinator"
    elif address.channel == Channel.TELEGRAM.value:
        key = "alert.telegram"
    else:
        key = "alert.sms"
    buttons: list[tuple[str, str]] = []
    if can_claim and address.channel == Channel.TELEGRAM.value:
        buttons.append((templates.render("alert.button", {}), f"OK {escalation.id}"))
    text = templates.render(key, case.values(templates))
    message = await enqueue(
        session, address, text, buttons=buttons, kind="alert", template=key, now=now
    )
    session.add(
        EscalationAlert(
            escalation_id=escalation.id,
            address_id=address.id,
            volunteer_id=volunteer.id if volunteer else None,
            level=level,
            message_id=message.id if message else None,
            created_at=now,
        )
    )
    log_event(
        log,
        "escalation.alerted",
        escalation_id=escalation.id,
        ladder_level=level,
        volunteer_id=volunteer.id if volunteer else None,
        coordinator=coordinator,
        channel=address.channel,
    )


async def _set_ladder_timer(
    session: AsyncSession, escalation: Escalation, due_at: datetime | None, now: datetime
) -> None:
    subject = escalation_subject(escalation.id)
    row = await session.scalar(select(Timer).where(Timer.subject == subject, Timer.kind == LADDER))
    if due_at is None:
        if row is not None:
            await session.delete(row)
        return
    payload = {"level": escalation.level}
    if row is None:
        session.add(
            Timer(subject=subject, kind=LADDER, due_at=due_at, payload=payload, created_at=now)
        )
    else:
        row.due_at = due_at
        row.payload = payload
    await session.flush()


def _timeout(shell: Shell, escalation: Escalation) -> timedelta:
    config = shell.config.escalation
    minutes = (
        config.urgent_claim_timeout_minutes
        if escalation.urgency == URGENT
        else config.claim_timeout_minutes
    )
    return timedelta(minutes=minutes)


async def ladder_step(
    session: AsyncSession, shell: Shell, escalation: Escalation, *, first: bool = False
) -> int:
    """Alert the next level: volunteers not yet alerted, then the coordinators.

    Returns how many alerts were queued. Schedules the next step (a timer
    row) when someone was alerted, or for the next shift when nobody is on
    duty now.
    """
    if escalation.status not in ACTIVE:
        return 0
    now = shell.now()
    level = 0 if first else escalation.level + 1
    alerts = list(
        await session.scalars(
            select(EscalationAlert).where(EscalationAlert.escalation_id == escalation.id)
        )
    )
    alerted_addresses = {a.address_id for a in alerts}
    alerted_volunteers = {a.volunteer_id for a in alerts if a.volunteer_id is not None}
    coordinators = await coordinator_addresses(session, shell)
    coordinators_done = any(c.id in alerted_addresses for c in coordinators)
    senior = await session.get(Senior, escalation.senior_id)
    if senior is None:
        return 0
    picks: list[tuple[Volunteer, Address]] = []
    if level < VOLUNTEER_LEVELS or coordinators_done or not coordinators:
        picks = await pick_volunteers(
            session,
            shell,
            senior,
            now,
            shell.config.escalation.alert_count,
            exclude=alerted_volunteers,
        )
    call_coordinators = not coordinators_done and (
        not picks or (first and escalation.urgency == URGENT)
    )
    case = await _case(session, escalation)
    queued = 0
    for volunteer, address in picks:
        if address.id in alerted_addresses:
            continue
        await _send_alert(
            session, shell, case, address, volunteer, level=level, coordinator=False, now=now
        )
        alerted_addresses.add(address.id)
        volunteer.last_alerted_at = now
        queued += 1
    if call_coordinators:
        for address in coordinators:
            if address.id in alerted_addresses:
                continue
            holder = None
            if address.volunteer_id is not None:
                holder = await session.get(Volunteer, address.volunteer_id)
            await _send_alert(
                session, shell, case, address, holder, level=level, coordinator=True, now=now
            )
            alerted_addresses.add(address.id)
            queued += 1
    escalation.level = level
    escalation.updated_at = now
    due: datetime | None = None
    if queued:
        escalation.status = ALERTED
        due = now + _timeout(shell, escalation)
    else:
        available, next_at = await help_availability(session, shell, now)
        if not available and next_at is not None:
            due = next_at.astimezone(UTC)
        _audit(session, now, "system", "escalation.nobody_new_to_alert", escalation.id, level=level)
        log_event(
            log,
            "escalation.nobody_new_to_alert",
            logging.WARNING,
            escalation_id=escalation.id,
            ladder_level=level,
            retry_at=due.isoformat() if due else None,
        )
    await _set_ladder_timer(session, escalation, due, now)
    return queued


@handles("escalation")
async def _ladder_timer(session: AsyncSession, shell: Shell, timer: Timer) -> int:
    """Nobody took the case in time (or a shift began): the ladder's next step."""
    escalation = await session.get(Escalation, subject_id(timer))
    if escalation is None or escalation.status not in ACTIVE:
        return 0
    if timer.kind != LADDER or timer.payload.get("level") != escalation.level:
        return 0  # replaced by a newer step
    return await ladder_step(session, shell, escalation)


def _audit(
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


async def open_escalation(
    session: AsyncSession,
    shell: Shell,
    senior: Senior,
    *,
    reason: str,
    urgency: str,
    quote: str,
    message: Message | None,
    event_id: int | None,
) -> Escalation:
    """Open a case and send its first alerts, in the caller's transaction."""
    now = shell.now()
    escalation = Escalation(
        senior_id=senior.id,
        message_id=message.id if message else None,
        event_id=event_id,
        reason=reason,
        urgency=urgency,
        quote=quote[:300],
        status=OPEN,
        level=0,
        created_at=now,
        updated_at=now,
    )
    session.add(escalation)
    await session.flush()
    _audit(
        session,
        now,
        "system",
        "escalation.opened",
        escalation.id,
        reason=reason,
        urgency=urgency,
        senior_id=senior.id,
    )
    log_event(log, "escalation.opened", escalation_id=escalation.id, reason=reason, urgency=urgency)
    await ladder_step(session, shell, escalation, first=True)
    return escalation


# ------------------------------------------------------------- claim, pass, resolve


@dataclass(frozen=True)
class Outcome:
    """What happened to a volunteer's (or the CLI's) command, and the rows queued."""

    result: str
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


async def _refused(session: AsyncSession, escalation: Escalation, volunteer: Volunteer) -> Outcome:
    """Why `volunteer` cannot take or pass a case that is no longer open."""
    if escalation.status in CLOSED:
        return Outcome("closed", escalation)
    name = await _claimer_name(session, escalation)
    if escalation.claimed_by_id == volunteer.id:
        return Outcome("already_yours", escalation, name)
    return Outcome("taken", escalation, name)


async def claim(
    session: AsyncSession,
    shell: Shell,
    escalation_id: int,
    volunteer: Volunteer,
    *,
    reply_to: Address | None = None,
    actor: str | None = None,
    require_alert: bool = True,
) -> Outcome:
    """`volunteer` takes the case if nobody has: exactly one claim wins.

    The winner is told what to do, the others alerted are told who took it,
    and the senior is told who will get in touch. A losing or refused claim
    changes nothing and queues nothing; the caller answers it.
    """
    now = shell.now()
    escalation = await session.get(Escalation, escalation_id)
    if escalation is None:
        return Outcome("unknown")
    alert = await _alert_of(session, escalation_id, volunteer.id)
    if escalation.status not in ACTIVE:
        return await _refused(session, escalation, volunteer)
    if alert is None and require_alert:
        return Outcome("not_alerted", escalation)
    won = cast(
        CursorResult[Any],
        await session.execute(
            update(Escalation)
            .where(Escalation.id == escalation_id, Escalation.status.in_(ACTIVE))
            .values(status=CLAIMED, claimed_by_id=volunteer.id, claimed_at=now, updated_at=now)
            .execution_options(synchronize_session=False)
        ),
    ).rowcount
    await session.refresh(escalation)
    if won != 1:
        return await _refused(session, escalation, volunteer)
    name = first_name(volunteer.name)
    _audit(session, now, actor or f"volunteer:{volunteer.id}", "escalation.claimed", escalation.id)
    log_event(log, "escalation.claimed", escalation_id=escalation.id, volunteer_id=volunteer.id)
    await _set_ladder_timer(session, escalation, None, now)
    if alert is not None:
        alert.response = "claimed"
        alert.responded_at = now
    case = await _case(session, escalation)
    queued = 0
    # The claimer: what to do, and how to close it.
    address = reply_to
    if address is None:
        address = (await volunteer_addresses(session, shell, [volunteer.id])).get(volunteer.id)
    if address is not None:
        templates = _templates(shell, volunteer)
        text = templates.render("claim.yours", {**case.values(templates), "volunteer": name})
        await enqueue(session, address, text, kind="alert", template="claim.yours", now=now)
        queued += 1
    # The others who were alerted: taken, and by whom.
    others = await session.scalars(
        select(EscalationAlert).where(
            EscalationAlert.escalation_id == escalation.id,
            EscalationAlert.volunteer_id.is_distinct_from(volunteer.id),
        )
    )
    told: set[int] = {address.id} if address is not None else set()
    for other in others:
        if other.response is None:
            other.response = "taken"
            other.responded_at = now
        if other.address_id in told or other.response == "passed":
            continue
        told.add(other.address_id)
        target = await session.get(Address, other.address_id)
        if target is None or target.unusable_at is not None:
            continue
        someone = await session.get(Volunteer, other.volunteer_id) if other.volunteer_id else None
        text = _templates(shell, someone).render(
            "claim.taken", {"case": escalation.id, "volunteer": name}
        )
        await enqueue(session, target, text, kind="alert", template="claim.taken", now=now)
        queued += 1
    # The senior: who will get in touch.
    senior = await session.get(Senior, escalation.senior_id)
    if senior is not None:
        result = await run_turn(session, shell, senior, EscalationClaimed(name))
        queued += len(result.queued)
    return Outcome("claimed", escalation, name, queued)


async def pass_case(
    session: AsyncSession, shell: Shell, escalation_id: int, volunteer: Volunteer
) -> Outcome:
    """ "NEJ 17": this volunteer cannot; the ladder moves on at once (when the
    pass is about the current level of alerts)."""
    now = shell.now()
    escalation = await session.get(Escalation, escalation_id)
    if escalation is None:
        return Outcome("unknown")
    if escalation.status not in ACTIVE:
        return await _refused(session, escalation, volunteer)
    alert = await _alert_of(session, escalation_id, volunteer.id)
    if alert is None:
        return Outcome("not_alerted", escalation)
    if alert.response == "passed":
        return Outcome("already_passed", escalation)
    alert.response = "passed"
    alert.responded_at = now
    _audit(session, now, f"volunteer:{volunteer.id}", "escalation.passed", escalation.id)
    log_event(log, "escalation.passed", escalation_id=escalation.id, volunteer_id=volunteer.id)
    queued = 0
    if alert.level == escalation.level:
        queued = await ladder_step(session, shell, escalation)
    return Outcome("passed", escalation, queued=queued)


async def resolve(
    session: AsyncSession,
    shell: Shell,
    escalation_id: int,
    *,
    volunteer: Volunteer | None,
    note: str | None,
    actor: str | None = None,
) -> Outcome:
    """Close a case. A volunteer closes only a case they took; the CLI
    (`volunteer=None`, a coordinator) closes any case that is not closed."""
    now = shell.now()
    escalation = await session.get(Escalation, escalation_id)
    if escalation is None:
        return Outcome("unknown")
    name = await _claimer_name(session, escalation)
    if escalation.status in CLOSED:
        return Outcome("closed", escalation, name)
    condition: ColumnElement[bool] = Escalation.status.in_((*ACTIVE, CLAIMED))
    if volunteer is not None:
        if escalation.status in ACTIVE:
            return Outcome("not_claimed", escalation)
        if escalation.claimed_by_id != volunteer.id:
            return Outcome("not_yours", escalation, name)
        condition = (Escalation.status == CLAIMED) & (Escalation.claimed_by_id == volunteer.id)
    done = cast(
        CursorResult[Any],
        await session.execute(
            update(Escalation)
            .where(Escalation.id == escalation_id, condition)
            .values(status=RESOLVED, resolved_at=now, resolution_note=note, updated_at=now)
            .execution_options(synchronize_session=False)
        ),
    ).rowcount
    await session.refresh(escalation)
    if done != 1:
        return Outcome("closed", escalation, name)
    await _set_ladder_timer(session, escalation, None, now)
    who = actor or (f"volunteer:{volunteer.id}" if volunteer else "cli")
    _audit(session, now, who, "escalation.resolved", escalation.id, note=note)
    log_event(log, "escalation.resolved", escalation_id=escalation.id)
    return Outcome("resolved", escalation, name)


# Which text answers which outcome.
_ANSWERS = {
    "claimed": None,  # claim() has written to the claimer already
    "already_yours": "claim.already_yours",
    "taken": "claim.taken",
    "closed": "claim.closed",
    "unknown": "claim.unknown",
    "not_alerted": "claim.not_alerted",
    "passed": "claim.passed",
    "already_passed": "claim.passed",
    "resolved": "claim.resolved",
    "not_yours": "claim.not_yours",
    "not_claimed": "claim.not_claimed",
}


async def handle_volunteer_message(
    session: AsyncSession, shell: Shell, volunteer: Volunteer, address: Address, message: Message
) -> int:
    """A volunteer wrote: act on "OK 17" / "KLAR 17" / "NEJ 17", else explain them.

    Every command gets an answer, never silence. Returns the rows queued.
    """
    now = shell.now()
    templates = _templates(shell, volunteer)
    command = parse_volunteer_command(message.body)
    if command is None:
        text = templates.render("volunteer.help", {"name": first_name(volunteer.name)})
        await enqueue(session, address, text, template="volunteer.help", now=now)
        return 1
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
        return outcome.queued
    text = templates.render(key, {"case": command.case_id, "volunteer": outcome.claimer})
    await enqueue(session, address, text, kind="alert", template=key, now=now)
    return outcome.queued + 1


async def list_escalations(
    session: AsyncSession, tz: ZoneInfo, *, only_open: bool = False
) -> list[dict[str, Any]]:
    """Cases newest first, as plain values with stable keys (for the CLI and API)."""
    query = select(Escalation).order_by(Escalation.id.desc())
    if only_open:
        query = query.where(Escalation.status.in_((*ACTIVE, CLAIMED)))
    cases = list(await session.scalars(query))
    people: dict[int, str] = {}
    helpers: dict[int, str] = {}
    senior_ids = {c.senior_id for c in cases}
    volunteer_ids = {c.claimed_by_id for c in cases if c.claimed_by_id is not None}
    if senior_ids:
        rows = await session.execute(
            select(Senior.id, Senior.name).where(Senior.id.in_(senior_ids))
        )
        people = {int(i): str(n) for i, n in rows}
    if volunteer_ids:
        rows = await session.execute(
            select(Volunteer.id, Volunteer.name).where(Volunteer.id.in_(volunteer_ids))
        )
        helpers = {int(i): str(n) for i, n in rows}

    def local(moment: datetime | None) -> str | None:
        return moment.astimezone(tz).isoformat(timespec="minutes") if moment else None

    return [
        {
            "id": c.id,
            "status": c.status,
            "urgency": c.urgency,
            "reason": c.reason,
            "senior_id": c.senior_id,
            "senior": people.get(c.senior_id, ""),
            "level": c.level,
            "claimed_by_id": c.claimed_by_id,
            "claimed_by": helpers.get(c.claimed_by_id, "") if c.claimed_by_id else "",
            "created_at": local(c.created_at),
            "claimed_at": local(c.claimed_at),
            "resolved_at": local(c.resolved_at),
            "quote": c.quote,
            "resolution_note": c.resolution_note,
        }
        for c in cases
    ]
