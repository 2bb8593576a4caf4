"""Check-in: "Hur mår du idag?" and what follows.

Good gets a warm word, so-so a kind one, bad a sympathetic one and an offer of
a call. An unclear answer gets one clarifying question, then a friendly close:
never a loop, never a dead end. No answer gets one gentle follow-up when the
reply window ends, then the question closes quietly.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from conversations.actions import TIMER_CHECKIN
from conversations.events import CheckInPrompt
from conversations.flows import contact, general, invitation
from conversations.flows.turn import Turn
from conversations.reading import Reading, Rsvp
from conversations.state import Awaiting

BUTTONS = ("good", "ok", "bad", "call")


def prompt(turn: Turn, event: CheckInPrompt) -> None:
    """Ask the question (silent after STOPP) and start the reply window."""
    if turn.state.opted_out:
        return
    if event.text_override:
        turn.send(event.text_override, "checkin.question", kind="proactive", buttons=BUTTONS)
    else:
        turn.say("checkin.question", kind="proactive", buttons=BUTTONS)
    window = event.reply_window or turn.settings.reply_window
    turn.ask(Awaiting.CHECKIN, timer=TIMER_CHECKIN, window=window)
    turn.update(campaign=event.campaign, occurrence=event.occurrence)


def on_reply(turn: Turn, text: str, reading: Reading) -> None:
    """A reply while the check-in question is open."""
    state = turn.state
    if reading.mood is not None:
        general.record_mood(turn, reading.mood)
        turn.close_question()
        if reading.contact:
            contact.request(turn, text, reason=contact.reason_for(reading))
        else:
            general.answer_mood(turn, reading.mood)
    elif invitation.handle(turn, text, reading):
        return  # about the lunch; the check-in stays open
    elif reading.contact:
        turn.close_question()
        contact.request(turn, text, reason=contact.reason_for(reading))
    elif reading.who_is_this:
        turn.say("general.about")
    elif reading.greeting and not state.clarified:
        turn.update(clarified=True)
        turn.say("checkin.greeting", buttons=BUTTONS)
    elif not state.clarified:
        turn.update(clarified=True)
        turn.say("checkin.clarify", buttons=BUTTONS)
    else:
        turn.close_question()
        turn.say("checkin.unclear_close")


def on_offer_reply(turn: Turn, text: str, reading: Reading) -> bool:
    """A reply to "Vill du att någon ringer dig?". Returns False when the
    message is about something else, for the general flow to answer."""
    turn.close_question()
    if reading.contact or reading.rsvp is Rsvp.YES:
        contact.request(turn, text)
        return True
    if reading.rsvp is Rsvp.NO:
        turn.say("contact_offer.declined")
        return True
    return False


def window_expired(turn: Turn, due_at: datetime | None) -> None:
    """The reply window ended (its timer has fired and is gone): one gentle
    follow-up with a window as long as the first, then close quietly."""
    state = turn.state
    if state.opted_out or state.followed_up or state.asked_at is None:
        turn.close_question()
        return
    window = (due_at or turn.now) - state.asked_at
    if window <= timedelta(0):
        window = turn.settings.reply_window
    asked_at = state.asked_at
    turn.say("checkin.followup", kind="proactive", buttons=BUTTONS)
    turn.ask(Awaiting.CHECKIN, timer=TIMER_CHECKIN, window=window)
    turn.update(followed_up=True, asked_at=asked_at)
