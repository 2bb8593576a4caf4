"""One turn of a senior's conversation: load state, `step`, persist every action.

Replies, timers, campaign prompts and volunteer claims all come through here,
inside the caller's transaction, so the state, the results, the escalation
and the outgoing messages are committed together or not at all.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.logs import log_event
from bot.core.shell import Shell
from bot.db.models import (
    Address,
    AuditEntry,
    CheckInResult,
    Message,
    Senior,
)
from bot.db.models import (
    ConversationState as StateRow,
)
from bot.db.models import (
    Reading as ReadingRow,
)
from bot.db.outbox import enqueue
from bot.db.timers import cancel_timer, senior_subject, set_timer
from bot.escalations.ladder import open_escalation
from bot.escalations.wellbeing import UNPROMPTED, after_mood
from bot.events import rsvps
from bot.events.waiting_list import schedule_seat_check
from bot.people.addresses import preferred_address
from bot.people.availability import help_availability
from bot.people.directory import first_name
from conversations import actions as a
from conversations.engine import step
from conversations.events import Event
from conversations.state import ConversationState, StateError

log = logging.getLogger("hejsan.turns")


@dataclass
class TurnResult:
    state: ConversationState
    actions: tuple[a.Action, ...]
    queued: list[Message] = field(default_factory=list)
    escalation_ids: list[int] = field(default_factory=list)


class SeniorLike(Protocol):
    """What a conversation needs of a senior: an ORM row or a plain row will do."""

    @property
    def id(self) -> int: ...
    @property
    def name(self) -> str: ...
    @property
    def lang(self) -> str: ...
    @property
    def opted_out_at(self) -> datetime | None: ...


def state_for(stored: dict[str, Any] | None, senior: SeniorLike) -> ConversationState:
    """The stored conversation, or a fresh one, with the senior's current first
    name, language and opt-out. An unreadable state starts fresh (logged)."""
    state = ConversationState(name=senior.name, lang=senior.lang)
    if stored:
        try:
            state = ConversationState.from_json(stored)
        except StateError as exc:
            log_event(log, "state.unreadable", logging.WARNING, senior_id=senior.id, error=str(exc))
    state = state.with_senior(name=first_name(senior.name), lang=senior.lang)
    if senior.opted_out_at is not None and not state.opted_out:
        state = replace(state, opted_out=True)
    return state


async def load_state(session: AsyncSession, senior: Senior) -> ConversationState:
    row = await session.get(StateRow, senior.id)
    return state_for(row.state if row is not None else None, senior)


async def save_state(
    session: AsyncSession, senior: Senior, state: ConversationState, now: datetime
) -> None:
    row = await session.get(StateRow, senior.id)
    if row is None:
        session.add(StateRow(senior_id=senior.id, state=state.to_json(), updated_at=now))
    else:
        row.state = state.to_json()
        row.updated_at = now


async def run_turn(
    session: AsyncSession,
    shell: Shell,
    senior: Senior,
    event: Event,
    *,
    reply_to: Address | None = None,
    inbound: Message | None = None,
    idempotency_key: str | None = None,
    state: ConversationState | None = None,
) -> TurnResult:
    """Advance `senior`'s conversation by `event` and persist what it says to do.
    Pass `state` when the caller has loaded it already."""
    now = shell.now()
    if state is None:
        state = await load_state(session, senior)
    help_now, next_help = await help_availability(session, shell, now)
    settings = shell.settings_now(help_available=help_now, next_available=next_help)
    new_state, actions = step(state, event, now, settings)
    result = TurnResult(state=new_state, actions=actions)
    applier = _Applier(session, shell, senior, now, reply_to, inbound, idempotency_key, result)
    context = state.awaiting.value
    for action in actions:
        await applier.apply(action, context)
    await save_state(session, senior, new_state, now)
    return result


@dataclass
class _Applier:
    session: AsyncSession
    shell: Shell
    senior: Senior
    now: datetime
    reply_to: Address | None
    inbound: Message | None
    idempotency_key: str | None
    result: TurnResult
    _sends: int = 0

    async def apply(self, action: a.Action, context: str) -> None:
        match action:
            case a.SendMessage():
                await self._send(action)
            case a.RecordReading(reading=reading):
                if self.inbound is not None:
                    self.session.add(
                        ReadingRow(
                            message_id=self.inbound.id,
                            context=context,
                            mood=reading.mood.value if reading.mood else None,
                            rsvp=reading.rsvp.value if reading.rsvp else None,
                            guests=reading.guests,
                            contact=reading.contact,
                            urgent=reading.urgent,
                            stop=reading.stop,
                            details=reading.as_dict(),
                            created_at=self.now,
                        )
                    )
            case a.RecordMood():
                await self._record_mood(action)
                await after_mood(self.session, self.shell, self.senior)
            case a.RecordRsvp():
                await self._record_rsvp(action)
            case a.OpenEscalation():
                escalation = await open_escalation(
                    self.session,
                    self.shell,
                    self.senior,
                    reason=action.reason,
                    urgency=action.urgency,
                    quote=action.quote,
                    message=self.inbound,
                    event_id=None,
                )
                self.result.escalation_ids.append(escalation.id)
            case a.OptOut():
                self.senior.opted_out_at = self.now
                self._audit("senior.opted_out")
            case a.OptIn():
                self.senior.opted_out_at = None
                self._audit("senior.opted_in")
            case a.FlagWrongNumber():
                address = self.reply_to
                if address is not None:
                    address.unusable_at = self.now
                    address.unusable_reason = "fel nummer / wrong number (said the recipient)"
                self._audit("address.wrong_number", address_id=address.id if address else None)
            case a.StartTimer(kind=kind, due_at=due_at):
                await self._start_timer(kind, due_at)
            case a.CancelTimer(kind=kind):
                await cancel_timer(self.session, senior_subject(self.senior.id), kind)

    def _audit(self, action: str, **details: object) -> None:
        self.session.add(
            AuditEntry(
                at=self.now,
                actor="system",
                action=action,
                subject_type="senior",
                subject_id=self.senior.id,
                details=details,
            )
        )

    async def _send(self, action: a.SendMessage) -> None:
        address = self.reply_to if action.kind == "reply" else None
        if address is not None and address.unusable_at is not None:
            address = None
        if address is None:
            address = await preferred_address(self.session, self.shell, self.senior.id)
        if address is None:
            self._audit("senior.unreachable", template=action.template)
            log_event(log, "senior.unreachable", logging.WARNING, senior_id=self.senior.id)
            return
        not_before = None
        if action.kind == "proactive":
            not_before = self.shell.quiet_hours.next_allowed(self.now, self.shell.tz)
        key = None
        if self.idempotency_key is not None:
            key = f"{self.idempotency_key}:{self._sends}"
        self._sends += 1
        message = await enqueue(
            self.session,
            address,
            action.text,
            buttons=action.buttons,
            kind=action.kind,
            template=action.template,
            idempotency_key=key,
            not_before=not_before,
            now=self.now,
        )
        if message is not None:
            self.result.queued.append(message)

    async def _record_mood(self, action: a.RecordMood) -> None:
        campaign = action.campaign or UNPROMPTED
        occurrence = action.occurrence or self.now.isoformat(timespec="seconds")
        row = await self.session.scalar(
            select(CheckInResult).where(
                CheckInResult.senior_id == self.senior.id,
                CheckInResult.campaign == campaign,
                CheckInResult.occurrence == occurrence,
            )
        )
        if row is None:
            row = CheckInResult(
                senior_id=self.senior.id,
                campaign=campaign,
                occurrence=occurrence,
                asked_at=self.now,
            )
            self.session.add(row)
        row.mood = action.mood.value
        row.answered_at = self.now
        row.message_id = self.inbound.id if self.inbound else None
        await self.session.flush()

    async def _record_rsvp(self, action: a.RecordRsvp) -> None:
        try:
            event_id = int(action.event_id)
        except ValueError:
            return
        try:
            stored, previous = await rsvps.record_rsvp(
                self.session, event_id, self.senior.id, action.answer, action.guests, self.now
            )
        except LookupError:
            self._audit("rsvp.unknown_event", event_id=event_id)
            return
        if previous == rsvps.RsvpAnswer.YES and stored != rsvps.RsvpAnswer.YES:
            await schedule_seat_check(self.session, event_id, self.now)

    async def _start_timer(self, kind: str, due_at: datetime) -> None:
        await set_timer(self.session, senior_subject(self.senior.id), kind, due_at, self.now)
