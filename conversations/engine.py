"""The heart of Hejsan: `step(state, event, now, settings) -> (state, actions)`.

Pure and deterministic: no I/O, no database, no clock. The shell loads the
senior's state, calls `step`, and stores the new state and the actions in one
transaction. Misuse by the caller (a naive `now`, an unknown event type)
raises `EngineUsageError`; trouble inside a conversation, even a bug in
reading a reply, becomes actions, never an exception that loses the
senior's message.

Order of precedence for a reply: urgent > STOPP > silence after STOPP >
wrong number > the open question's flow > general answers.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from conversations.actions import (
    TIMER_CHECKIN,
    TIMER_WAITLIST,
    Action,
    FlagForReview,
    OpenEscalation,
    RecordReading,
)
from conversations.events import (
    CheckInPrompt,
    EscalationClaimed,
    Event,
    InvitationPrompt,
    InvitationReminder,
    InvitationSecondAsk,
    MessagePrompt,
    Reply,
    ReplyWindowExpired,
    WaitlistOffer,
)
from conversations.flows import checkin, contact, general, invitation
from conversations.flows.turn import Turn
from conversations.interpret import interpret
from conversations.reading import Context, Reading, ReviewReason
from conversations.settings import Settings
from conversations.state import Awaiting, ConversationState

# A timer row whose due time differs from ours by more than this is an older,
# replaced timer and is ignored.
_TIMER_TOLERANCE = timedelta(seconds=1)


class EngineUsageError(TypeError):
    """`step` was called wrongly (naive time, unknown event): a bug in the caller."""


def step(
    state: ConversationState, event: Event, now: datetime, settings: Settings
) -> tuple[ConversationState, tuple[Action, ...]]:
    """Advance one senior's conversation by one event.

    `now` must be timezone-aware (it is used in UTC). Returns the new state
    and the actions for the shell, in order.
    """
    if not isinstance(now, datetime) or now.tzinfo is None or now.utcoffset() is None:
        raise EngineUsageError("step() needs an aware datetime for now (UTC)")
    turn = Turn(state=state, now=now.astimezone(UTC), settings=settings)
    match event:
        case Reply(text=text):
            _on_reply(turn, text)
        case CheckInPrompt():
            checkin.prompt(turn, event)
        case InvitationPrompt():
            invitation.prompt(turn, event)
        case InvitationSecondAsk():
            invitation.second_ask(turn, event)
        case InvitationReminder():
            invitation.reminder(turn, event)
        case WaitlistOffer():
            invitation.waitlist_offer(turn, event)
        case ReplyWindowExpired():
            _on_timer(turn, event)
        case MessagePrompt(text=text):
            _on_message(turn, text)
        case EscalationClaimed(volunteer_first_name=name):
            contact.claimed(turn, name)
        case _:
            raise EngineUsageError(f"step() does not know the event {event!r}")
    return turn.state, tuple(turn.actions)


def _on_reply(turn: Turn, text: str) -> None:
    _close_stale_question(turn)
    reading, unreadable = _read(turn, text)
    turn.act(RecordReading(reading))
    if reading.review and reading.review_reason:
        turn.act(FlagForReview(reading.review_reason.value))
    if unreadable:
        # A person reads what we could not; the senior still gets an answer.
        turn.act(OpenEscalation("not_understood", "normal", turn.quote(text)))
    if reading.urgent or reading.suicidal:
        contact.urgent(turn, text, reading)
    elif reading.stop:
        general.stop(turn, text, reading)
    elif turn.state.opted_out:
        general.while_opted_out(turn, text, reading)
    elif reading.start:
        turn.say("start.already")
    elif reading.wrong_number:
        general.wrong_number(turn)
    elif _holding_reply(turn, reading):
        turn.say("review.holding")  # "Tack! Jag läser det här noga och hör av mig."
    elif not _open_question_flow(turn, text, reading):
        general.on_reply(turn, text, reading)


def _holding_reply(turn: Turn, reading: Reading) -> bool:
    """A person will read it (weak danger, a long letter, another language, the
    learned reader unsure) and Hejsan understood nothing it could answer: say
    so kindly rather than ask again. A reply merely not understood still gets
    the flow's clarifying question (issue 13)."""
    reason = reading.review_reason
    if reason is None or reason is ReviewReason.NOT_UNDERSTOOD:
        return False
    if reading.contact or reading.question or reading.greeting or reading.mood:
        return False
    return reading.rsvp is None or _context(turn) is not Context.INVITATION


def _open_question_flow(turn: Turn, text: str, reading: Reading) -> bool:
    """Let the open question's flow answer; False hands on to the general flow."""
    match turn.state.awaiting:
        case Awaiting.CHECKIN:
            checkin.on_reply(turn, text, reading)
            return True
        case Awaiting.CONTACT_OFFER:
            return checkin.on_offer_reply(turn, text, reading)
        case Awaiting.INVITATION | Awaiting.WAITLIST_OFFER:
            return invitation.on_reply(turn, text, reading)
        case _:
            return False


def _close_stale_question(turn: Turn) -> None:
    """An offer of a call expires with the reply window; an invitation when
    its event starts. Neither has a timer row of its own."""
    state = turn.state
    if state.awaiting is Awaiting.CONTACT_OFFER:
        asked = state.asked_at
        if asked is None or turn.now - asked > turn.settings.reply_window:
            turn.close_question()
    elif state.awaiting is Awaiting.INVITATION and turn.live_event() is None:
        turn.close_question()


def _context(turn: Turn) -> Context:
    """What a bare "1" or "ja" answers. Until the event, "ja" keeps meaning
    yes to an invitation that is unanswered, a maybe, or a yes (it just
    confirms again). After a no it does not: "ja" to "Hoppas vi ses en annan
    gång!" agrees, it does not book; only an explicit change of mind does."""
    state = turn.state
    if state.awaiting is Awaiting.CHECKIN:
        return Context.CHECKIN
    if state.awaiting is not Awaiting.NOTHING:
        return Context.INVITATION
    if turn.live_event() is not None and state.rsvp in (None, "maybe", "yes"):
        return Context.INVITATION
    return Context.NONE


def _read(turn: Turn, text: str) -> tuple[Reading, bool]:
    """The reading of `text`, and whether interpreting it failed."""
    try:
        return interpret(text, _context(turn), turn.templates.lang), False
    except Exception:  # a bug in reading must not swallow a senior's message
        return Reading(), True


def _on_timer(turn: Turn, event: ReplyWindowExpired) -> None:
    """A timer row fired. Only the current timer counts; a replaced or
    cancelled one that fires late does nothing."""
    state = turn.state
    if state.timer != event.kind:
        return
    due_at = state.timer_due_at
    replaced = (
        event.due_at is not None
        and due_at is not None
        and abs(event.due_at - due_at) > _TIMER_TOLERANCE
    )
    if replaced:
        return
    turn.update(timer=None, timer_due_at=None)  # it has fired: its row is gone
    if event.kind == TIMER_CHECKIN and state.awaiting is Awaiting.CHECKIN:
        checkin.window_expired(turn, due_at)
    elif event.kind == TIMER_WAITLIST and state.awaiting is Awaiting.WAITLIST_OFFER:
        invitation.waitlist_offer_expired(turn)


def _on_message(turn: Turn, text: str) -> None:
    """One-off information from the coordinator, as written; silent after STOPP."""
    if not text.strip():
        raise EngineUsageError("MessagePrompt needs a text")
    if not turn.state.opted_out:
        turn.send(text, "message", kind="proactive")
