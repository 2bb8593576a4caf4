"""Check-in: "Hur mår du idag?" and what follows.

Good gets a warm word, so-so a kind one, bad a sympathetic one and an offer of
a call. An unclear answer gets one clarifying question, then a friendly close:
never a loop, never a dead end. No answer gets one gentle follow-up when the
reply window ends, then the question closes quietly.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from conversations.actions import Question
from conversations.flows import contact, general, invitation, moods
from conversations.flows.turn import Turn
from conversations.inputs import CheckInPrompt
from conversations.reading import Reading, Rsvp

BUTTONS = ("good", "ok", "bad", "call")


def prompt(turn: Turn, prompt: CheckInPrompt) -> None:
    """Ask the question (silent after STOPP) and start the reply window.
    Other open questions (an invitation) stay open."""
    if turn.state.opted_out:
        return
    if prompt.text_override:
        turn.send(prompt.text_override, "checkin.question", kind="proactive", buttons=BUTTONS)
    else:
        turn.say("checkin.question", kind="proactive", buttons=BUTTONS)
    window = prompt.reply_window or turn.settings.reply_window
    turn.ask(
        Question.CHECKIN, window=window, campaign=prompt.campaign, occurrence=prompt.occurrence
    )


def on_reply(turn: Turn, text: str, reading: Reading) -> None:
    """A reply taken as being about the open check-in."""
    question = turn.state.question(Question.CHECKIN)
    clarified = question is not None and question.clarified
    if reading.mood is not None:
        moods.record(turn, reading.mood)
        if reading.contact:
            contact.request(turn, text, reason=contact.reason_for(reading))
        else:
            general.answer_mood(turn, reading.mood)
    elif invitation.handle(turn, text, reading):
        return  # about the lunch; the check-in stays open
    elif reading.contact:
        turn.close(Question.CHECKIN)
        contact.request(turn, text, reason=contact.reason_for(reading))
    elif reading.who_is_this:
        turn.say("general.about")
    elif reading.greeting and not clarified:
        turn.mark(Question.CHECKIN, clarified=True)
        turn.say("checkin.greeting", buttons=BUTTONS)
    elif not clarified:
        turn.mark(Question.CHECKIN, clarified=True)
        turn.say("checkin.clarify", buttons=BUTTONS)
    else:
        turn.close(Question.CHECKIN)
        turn.say("checkin.unclear_close")


def on_offer_reply(turn: Turn, text: str, reading: Reading) -> bool:
    """A reply to "Vill du att någon ringer dig?". Returns False when the
    message is about something else, for the general flow to answer."""
    turn.close(Question.CONTACT_OFFER)
    if reading.contact or reading.rsvp is Rsvp.YES:
        contact.request(turn, text)
        return True
    if reading.rsvp is Rsvp.NO:
        turn.say("contact_offer.declined")
        return True
    return False


def window_expired(turn: Turn, due_at: datetime | None) -> None:
    """The reply window ended (its timer has fired and is gone): one gentle
    follow-up with a window as long as the first, then the check-in closes
    as missed."""
    question = turn.state.question(Question.CHECKIN)
    if question is None:
        return
    if turn.state.opted_out or question.followed_up:
        turn.checkin_missed()
        return
    window = (due_at or turn.now) - question.asked_at
    if window <= timedelta(0):
        window = turn.settings.reply_window
    turn.say("checkin.followup", kind="proactive", buttons=BUTTONS)
    turn.open(
        Question.CHECKIN,
        window=window,
        asked_at=question.asked_at,
        followed_up=True,
        campaign=question.campaign,
        occurrence=question.occurrence,
    )
