"""Messages that answer no open question, and STOPP / START / wrong number.

Whatever a senior writes gets a short, sensible answer that says what they can
do next: greetings, thanks, "vem är det här?", a mood told unprompted, or
something we could not read at all.
"""

from __future__ import annotations

from datetime import datetime

from conversations.actions import FlagWrongNumber, OptIn, OptOut, Question
from conversations.flows import contact, invitation, moods
from conversations.flows.turn import Turn
from conversations.reading import Mood, Reading


def on_reply(turn: Turn, text: str, reading: Reading) -> None:
    """A message when no question is open (or one the open question's flow
    handed on)."""
    if invitation.handle(turn, text, reading):
        if reading.contact and not reading.transport:
            contact.request(turn, text)
    elif reading.contact:
        contact.request(turn, text, reason=contact.reason_for(reading))
    elif reading.mood is not None:
        mood(turn, reading.mood)
    elif reading.who_is_this:
        turn.say("general.about")
    elif reading.greeting:
        turn.say("general.greeting")
    elif reading.thanks:
        turn.say("general.thanks")
    else:
        turn.say("general.unknown")


def mood(turn: Turn, answer: Mood, answers: tuple[str, str, datetime | None] | None = None) -> None:
    """Record a mood told outside an open check-in (or as the answer to
    `answers`, see `moods.record`) and answer it."""
    moods.record(turn, answer, answers)
    answer_mood(turn, answer)


def answer_mood(turn: Turn, answer: Mood) -> None:
    """Good: a warm word. So-so: a kind one. Bad: sympathy and an offer of a call."""
    if answer is Mood.GOOD:
        turn.say("checkin.good")
    elif answer is Mood.OK:
        turn.say("checkin.ok")
    else:
        turn.say("checkin.bad", buttons=("call_yes", "no_thanks"))
        turn.ask(Question.CONTACT_OFFER, window=turn.settings.reply_window)


def stop(turn: Turn, text: str, reading: Reading) -> None:
    """STOPP: confirm once, then silence. A call asked for in the same
    message is still passed on."""
    turn.close_all()
    if reading.contact:
        contact.request(turn, text, silent=True)
    if turn.state.opted_out:
        return
    turn.act(OptOut())
    turn.update(opted_out=True)
    turn.say("stop.confirmed")


def while_opted_out(turn: Turn, text: str, reading: Reading) -> None:
    """After STOPP only START is answered. A request for a call is passed on
    without a reply: they asked for a person, not for texts."""
    if reading.start:
        turn.act(OptIn())
        turn.update(opted_out=False)
        turn.say("start.welcome")
    elif reading.contact:
        contact.request(turn, text, silent=True)


def wrong_number(turn: Turn) -> None:
    """Not the senior: apologise once, stop texting, and flag it for a coordinator."""
    turn.close_all()
    turn.act(FlagWrongNumber(), OptOut())
    turn.update(opted_out=True, event=None, rsvp=None, guests=0)
    turn.say("general.wrong_number")
