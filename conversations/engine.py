"""The heart of Hejsan: `step(state, given, now, settings) -> (state, actions)`.

Pure and deterministic: no I/O, no database, no clock. The shell loads the
senior's state, calls `step`, and stores the new state and the actions in one
transaction. Misuse by the caller (a naive `now`, an unknown input type)
raises `EngineUsageError`; trouble inside a conversation, even a bug in
reading a reply, becomes actions, never an exception that loses the
senior's message.

Order of precedence for a reply: urgent > STOPP > silence after STOPP >
wrong number > the open questions' flows (see `flows.which` for which
question a reply answers) > general answers.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from conversations.actions import (
    Action,
    FlagForReview,
    OpenEscalation,
    Question,
    RecordReading,
)
from conversations.flows import checkin, contact, general, invitation, which
from conversations.flows.turn import Turn
from conversations.inputs import (
    CheckInPrompt,
    EscalationClaimed,
    Input,
    InvitationPrompt,
    InvitationReminder,
    InvitationSecondAsk,
    MessagePrompt,
    Reply,
    ReplyWindowExpired,
    WaitlistOffer,
)
from conversations.interpret import interpret
from conversations.reading import Context, Reading, ReviewReason
from conversations.settings import Settings
from conversations.state import Clarification, ConversationState

# A timer row whose due time differs from ours by more than this is an older,
# replaced timer and is ignored.
_TIMER_TOLERANCE = timedelta(seconds=1)


class EngineUsageError(TypeError):
    """`step` was called wrongly (naive time, unknown input): a bug in the caller."""


def step(
    state: ConversationState, given: Input, now: datetime, settings: Settings
) -> tuple[ConversationState, tuple[Action, ...]]:
    """Advance one senior's conversation by one input.

    `now` must be timezone-aware (it is used in UTC). Returns the new state
    and the actions for the shell, in order.
    """
    if not isinstance(now, datetime) or now.tzinfo is None or now.utcoffset() is None:
        raise EngineUsageError("step() needs an aware datetime for now (UTC)")
    turn = Turn(state=state, now=now.astimezone(UTC), settings=settings)
    match given:
        case Reply(text=text):
            _on_reply(turn, text)
            turn.merge_replies(since=0)  # one answer to one message, never several texts
        case CheckInPrompt():
            checkin.prompt(turn, given)
        case InvitationPrompt():
            invitation.prompt(turn, given)
        case InvitationSecondAsk():
            invitation.second_ask(turn, given)
        case InvitationReminder():
            invitation.reminder(turn, given)
        case WaitlistOffer():
            invitation.waitlist_offer(turn, given)
        case ReplyWindowExpired():
            _on_timer(turn, given)
        case MessagePrompt(text=text):
            _on_message(turn, text)
        case EscalationClaimed(volunteer_first_name=name):
            contact.claimed(turn, name)
        case _:
            raise EngineUsageError(f"step() does not know the input {given!r}")
    return turn.state, tuple(turn.actions)


def _on_reply(turn: Turn, text: str) -> None:
    _close_stale_questions(turn)
    readings, unreadable = _read(turn, text)
    context = _context(turn)
    reading = readings[context]
    turn.act(RecordReading(reading, context))
    review = _review_reason(readings, context)
    if review is not None:
        turn.act(FlagForReview(review.value))
    if unreadable:
        # A person reads what we could not; the senior still gets an answer.
        turn.act(OpenEscalation("not_understood", "normal", turn.quote(text)))
    pending = turn.state.clarifying
    turn.update(clarifying=None)
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
    elif pending is not None and _clarified(turn, text, pending):
        return
    elif _holding_reply(turn, reading, review):
        turn.say("review.holding")  # "Tack! Jag läser det här noga och hör av mig."
    elif not _answer_open_questions(turn, text, readings, after_clarifying=pending is not None):
        general.on_reply(turn, text, reading)


def _review_reason(readings: dict[Context, Reading], context: Context) -> ReviewReason | None:
    """Why a person should read the reply, if they should. "Not understood"
    in the latest question's context does not count when the reading for
    another open question understood it ("Jag kommer gärna" while a check-in
    and an invitation are open)."""
    reading = readings[context]
    reason = reading.review_reason if reading.review else None
    if reason is ReviewReason.NOT_UNDERSTOOD and any(not r.review for r in readings.values()):
        return None
    return reason


def _holding_reply(turn: Turn, reading: Reading, reason: ReviewReason | None) -> bool:
    """A person will read it (weak danger, a long letter, another language, the
    learned reader unsure) and Hejsan understood nothing it could answer: say
    so kindly rather than ask again. A reply merely not understood still gets
    the flow's clarifying question (issue 13)."""
    if reason is None or reason is ReviewReason.NOT_UNDERSTOOD:
        return False
    if reading.contact or reading.question or reading.greeting or reading.mood:
        return False
    return reading.rsvp is None or _context(turn) is not Context.INVITATION


def _answer_open_questions(
    turn: Turn, text: str, readings: dict[Context, Reading], *, after_clarifying: bool
) -> bool:
    """Apply the reply to the open question(s) it answers (see `flows.which`);
    False hands on to the general flow."""
    found = which.attribute(turn.state, readings)
    if found.ambiguous:
        _ask_which(turn, text, found.ambiguous, again=after_clarifying)
        return True
    if not found.answered:
        latest = turn.state.latest
        return latest is not None and _question_flow(turn, latest.kind, text, readings)
    first = len(turn.actions)
    handled = False
    for kind in found.answered:
        if any(isinstance(action, OpenEscalation) for action in turn.actions[first:]):
            # One call asked for is passed on once, not once per question.
            readings = {ctx: replace(r, contact=False) for ctx, r in readings.items()}
        handled = _question_flow(turn, kind, text, readings) or handled
    return handled


def _question_flow(turn: Turn, kind: Question, text: str, readings: dict[Context, Reading]) -> bool:
    """Let the flow of the open question `kind` answer; False hands on."""
    reading = readings[which.CONTEXTS[kind]]
    match kind:
        case Question.CHECKIN:
            checkin.on_reply(turn, text, reading)
            return True
        case Question.CONTACT_OFFER:
            return checkin.on_offer_reply(turn, text, reading)
        case Question.INVITATION | Question.WAITLIST_OFFER:
            return invitation.on_reply(turn, text, reading)


def _ask_which(turn: Turn, text: str, questions: tuple[Question, ...], *, again: bool) -> None:
    """One short question: which of `questions` did the reply answer? Asked
    once; a reply to it that is still ambiguous gets a plain request for
    words instead of the same question again."""
    if again:
        turn.say("which.unclear")
        return
    event = turn.live_event()
    values = turn.event_values(event) if event is not None else {"event_title": ""}
    buttons = which.choice_buttons(questions)
    turn.say(which.clarifying_key(questions), buttons=buttons, values=values)
    turn.update(clarifying=Clarification(text, questions, turn.now))


def _clarified(turn: Turn, text: str, pending: Clarification) -> bool:
    """The reply names one question of a clarification: the first reply
    answers it. False: the reply is read afresh."""
    open_ = tuple(kind for kind in pending.questions if turn.state.is_open(kind))
    kind = which.chosen(text, open_, turn.templates)
    if kind is None:
        return False
    readings, _ = _read(turn, pending.text, contexts=(which.CONTEXTS[kind],))
    if not _question_flow(turn, kind, pending.text, readings):
        general.on_reply(turn, pending.text, readings[which.CONTEXTS[kind]])
    return True


def _close_stale_questions(turn: Turn) -> None:
    """An offer of a call expires with the reply window; an invitation when
    its event starts. Neither has a timer row of its own."""
    offer = turn.state.question(Question.CONTACT_OFFER)
    if offer is not None and turn.now - offer.asked_at > turn.settings.reply_window:
        turn.close(Question.CONTACT_OFFER)
    if turn.state.is_open(Question.INVITATION) and turn.live_event() is None:
        turn.close(Question.INVITATION)


def _context(turn: Turn) -> Context:
    """What a bare "1" or "ja" answers, for the reading that is recorded and
    decides safety: the latest open question's. With none open, until the
    event "ja" keeps meaning yes to an invitation that is unanswered, a
    maybe, or a yes (it just confirms again). After a no it does not: "ja" to
    "Hoppas vi ses en annan gång!" agrees, it does not book; only an explicit
    change of mind does."""
    state = turn.state
    latest = state.latest
    if latest is not None:
        return which.CONTEXTS[latest.kind]
    if turn.live_event() is not None and state.rsvp in (None, "maybe", "yes"):
        return Context.INVITATION
    return Context.NONE


def _read(
    turn: Turn, text: str, contexts: tuple[Context, ...] | None = None
) -> tuple[dict[Context, Reading], bool]:
    """`text` read in each context needed (the recorded one and one per open
    question), and whether interpreting it failed."""
    if contexts is None:
        contexts = (_context(turn), *which.contexts_needed(turn.state))
    lang = turn.templates.lang
    try:
        return {context: interpret(text, context, lang) for context in contexts}, False
    except Exception:  # a bug in reading must not swallow a senior's message
        return {context: Reading() for context in (*contexts, *Context)}, True


def _on_timer(turn: Turn, fired: ReplyWindowExpired) -> None:
    """A timer row fired. Only a current timer counts; a replaced or
    cancelled one that fires late does nothing."""
    question = next((q for q in turn.state.questions if q.timer == fired.kind), None)
    if question is None:
        return
    due_at = question.timer_due_at
    replaced = (
        fired.due_at is not None
        and due_at is not None
        and abs(fired.due_at - due_at) > _TIMER_TOLERANCE
    )
    if replaced:
        return
    turn.mark(question.kind, timer=None, timer_due_at=None)  # it has fired: its row is gone
    if question.kind is Question.CHECKIN:
        checkin.window_expired(turn, due_at)
    elif question.kind is Question.WAITLIST_OFFER:
        invitation.waitlist_offer_expired(turn)


def _on_message(turn: Turn, text: str) -> None:
    """One-off information from the coordinator, as written; silent after STOPP."""
    if not text.strip():
        raise EngineUsageError("MessagePrompt needs a text")
    if not turn.state.opted_out:
        turn.send(text, "message", kind="proactive")
