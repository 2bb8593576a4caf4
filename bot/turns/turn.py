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

from sqlalchemy import bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.logs import log_event
from bot.core.shell import Shell
from bot.db.engine import dialect_of, per_dialect
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
from bot.escalations.loop import after_senior_reply
from bot.escalations.wellbeing import UNPROMPTED, after_checkin_closed, low_mood
from bot.events import rsvps
from bot.events.waiting_list import schedule_seat_check
from bot.people.addresses import preferred_address
from bot.people.availability import help_availability
from bot.people.directory import first_name
from bot.people.safety_settings import reminders_of
from bot.turns.pacing import paced_due, proactive_texts
from bot.turns.reviews import start_review_timer
from conversations import actions as a
from conversations.engine import step
from conversations.inputs import Input
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
    @property
    def safety_reminders(self) -> str: ...


def state_for(stored: dict[str, Any] | None, senior: SeniorLike) -> ConversationState:
    """The stored conversation, or a fresh one, with the senior's current first
    name, language, safety-check reminders and opt-out. An unreadable state
    starts fresh (logged)."""
    state = ConversationState(name=senior.name, lang=senior.lang)
    if stored:
        try:
            state = ConversationState.from_json(stored)
        except StateError as exc:
            log_event(log, "state.unreadable", logging.WARNING, senior_id=senior.id, error=str(exc))
    state = state.with_senior(
        name=first_name(senior.name),
        lang=senior.lang,
        safety_reminders=reminders_of(senior.safety_reminders),
    )
    if senior.opted_out_at is not None and not state.opted_out:
        state = replace(state, opted_out=True)
    return state


async def load_locked(
    session: AsyncSession, senior_id: int
) -> tuple[Senior, ConversationState] | None:
    """The senior and their conversation, the senior's row
    locked until commit: one senior's turns run one at a time, and none is
    computed from a state another turn is about to overwrite.

    `FOR NO KEY UPDATE`, not `FOR UPDATE`: inserting a message that references
    the senior takes a key-share lock, which this one must not wait for (two
    messages would each hold one and wait for the other). SQLite drops the
    clause; it has one writer at a time anyway.

    The conversation is read in a second statement: on PostgreSQL, a row
    joined in the locking statement comes from before any wait for the lock,
    so it would miss what the turn we waited for wrote.
    """
    senior = (await session.scalars(_LOCKED_SENIOR, {"senior_id": senior_id})).one_or_none()
    if senior is None:
        return None
    stored = await session.scalar(_STORED_STATE, {"senior_id": senior_id})
    return senior, state_for(stored, senior)


_LOCKED_SENIOR = (
    select(Senior)
    .where(Senior.id == bindparam("senior_id"))
    .with_for_update(key_share=True)
    .execution_options(populate_existing=True)
)
_STORED_STATE = select(StateRow.state).where(StateRow.senior_id == bindparam("senior_id"))
_SAVE_STATE = per_dialect(
    lambda insert: (
        insert(StateRow)
        .values(
            senior_id=bindparam("senior_id"), state=bindparam("state"), updated_at=bindparam("now")
        )
        .on_conflict_do_update(
            index_elements=["senior_id"],
            set_={"state": bindparam("state"), "updated_at": bindparam("now")},
        )
    )
)


async def load_state(session: AsyncSession, senior: Senior) -> ConversationState:
    """The senior's conversation, locked for this transaction (see `load_locked`)."""
    loaded = await load_locked(session, senior.id)
    return loaded[1] if loaded is not None else state_for(None, senior)


async def save_state(
    session: AsyncSession, senior: Senior, state: ConversationState, now: datetime
) -> None:
    """Write the state in one statement: an upsert, as bulk planning may add a
    senior's first state too."""
    values = {"senior_id": senior.id, "state": state.to_json(), "now": now}
    await session.execute(_SAVE_STATE[dialect_of(session)], values)
    cached = session.identity_map.get(session.identity_key(StateRow, (senior.id,)))
    if cached is not None:  # loaded earlier in this transaction: no longer true
        session.expire(cached)


async def run_turn(
    session: AsyncSession,
    shell: Shell,
    senior: Senior,
    given: Input,
    *,
    reply_to: Address | None = None,
    inbound: Message | None = None,
    idempotency_key: str | None = None,
    state: ConversationState | None = None,
) -> TurnResult:
    """Advance `senior`'s conversation by the input `given` and persist what it says to do.
    Pass `state` when the caller has loaded it already."""
    now = shell.now()
    if state is None:
        state = await load_state(session, senior)
    help_now, next_help = await help_availability(session, shell, now)
    settings = shell.settings_now(help_available=help_now, next_available=next_help)
    new_state, actions = step(state, given, now, settings)
    result = TurnResult(state=new_state, actions=actions)
    applier = _Applier(session, shell, senior, now, reply_to, inbound, idempotency_key, result)
    for action in actions:
        await applier.apply(action)
    if inbound is not None:
        await after_senior_reply(
            session,
            shell,
            senior,
            inbound,
            all_clear=any(isinstance(action, a.AllClear) for action in actions),
            opened_now=result.escalation_ids,
        )
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
    _reading: ReadingRow | None = None

    async def apply(self, action: a.Action) -> None:
        match action:
            case a.SendMessage():
                await self._send(action)
            case a.RecordReading():
                self._record_reading(action)
            case a.FlagForReview(reason=reason):
                await self._flag_for_review(reason)
            case a.RecordMood():
                await self._record_mood(action)
            case a.MoodStreak(count=count):
                await low_mood(self.session, self.shell, self.senior, count)
            case a.CheckInMissed():
                await after_checkin_closed(self.session, self.shell, self.senior)
            case a.QuestionAsked(question=a.Question.CHECKIN, campaign=campaign):
                await self._checkin_asked(campaign, action.occurrence)
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
            case a.StartTimer(kind=kind, due_at=due_at):
                await self._start_timer(kind, due_at)
            case a.CancelTimer(kind=kind):
                await cancel_timer(self.session, senior_subject(self.senior.id), kind)
            case a.OptOut() | a.OptIn() | a.FlagWrongNumber() | a.Paused():
                self._change_person(action)

    def _change_person(self, action: a.OptOut | a.OptIn | a.FlagWrongNumber | a.Paused) -> None:
        """What the senior said about themselves or their number."""
        match action:
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
            case a.Paused(until=until):
                self.senior.paused_until = until
                self._audit("senior.paused", until=until.isoformat())

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

    def _record_reading(self, action: a.RecordReading) -> None:
        if self.inbound is None:
            return
        reading = action.reading
        self._reading = ReadingRow(
            message_id=self.inbound.id,
            context=action.context.value,
            mood=reading.mood.value if reading.mood else None,
            rsvp=reading.rsvp.value if reading.rsvp else None,
            guests=reading.guests,
            contact=reading.contact,
            urgent=reading.urgent,
            stop=reading.stop,
            details=reading.as_dict(),
            created_at=self.now,
            review=False,
            review_reason=None,
        )
        self.session.add(self._reading)

    async def _flag_for_review(self, reason: str) -> None:
        """The engine decides what a person reads: "not understood" in one
        question's context may be understood for another open question."""
        if self._reading is None:
            return
        self._reading.review = True
        self._reading.review_reason = reason
        await start_review_timer(self.session, self.shell, self._reading, self.now)

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
            not_before = await self._paced_due()
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

    async def _paced_due(self) -> datetime:
        """When a text Hejsan starts may go: after quiet hours, and paced
        against the senior's other proactive texts (`bot.turns.pacing`)."""
        due = self.shell.quiet_hours.next_allowed(self.now, self.shell.tz)
        await self.session.flush()  # a text queued earlier in this turn counts too
        connection = await self.session.connection()
        texts = await proactive_texts(connection, Message.senior_id == self.senior.id, self.now)
        found = texts.get(self.senior.id)
        return paced_due(self.shell, found, due) if found else due

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
                asked_at=action.asked_at or self.now,
            )
            self.session.add(row)
        row.mood = action.mood.value
        row.answered_at = self.now
        row.message_id = self.inbound.id if self.inbound else None
        await self.session.flush()

    async def _checkin_asked(self, campaign: str | None, occurrence: str | None) -> None:
        """The row that says this senior was asked this occurrence (the same
        row bulk planning writes as `asked`)."""
        if campaign is None or occurrence is None:
            return
        found = await self.session.scalar(
            select(CheckInResult.id).where(
                CheckInResult.senior_id == self.senior.id,
                CheckInResult.campaign == campaign,
                CheckInResult.occurrence == occurrence,
            )
        )
        if found is None:
            self.session.add(
                CheckInResult(
                    senior_id=self.senior.id,
                    campaign=campaign,
                    occurrence=occurrence,
                    asked_at=self.now,
                )
            )
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
        except rsvps.EventCancelledError:
            if self.inbound is not None:
                raise  # cancelled since the reply was read: inbound answers it again
            self._audit("rsvp.event_cancelled", event_id=event_id)
            return
        except LookupError:
            self._audit("rsvp.unknown_event", event_id=event_id)
            return
        if previous == rsvps.RsvpAnswer.YES and stored != rsvps.RsvpAnswer.YES:
            await schedule_seat_check(self.session, event_id, self.now)

    async def _start_timer(self, kind: str, due_at: datetime) -> None:
        await set_timer(self.session, senior_subject(self.senior.id), kind, due_at, self.now)
