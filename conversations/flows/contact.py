"""Handing a senior to a person: contact requests, urgent messages, claims.

Safety first: an urgent message wins over everything else in it, gets the 112
line at once (also after STOPP: it answers the senior's own message, and
silence could cost a life) and opens an urgent escalation. Someone who asks
for contact is told honestly who will get in touch and roughly when.
"""

from __future__ import annotations

from conversations.actions import EscalationReason, OpenEscalation, Question
from conversations.flows import moods
from conversations.flows.turn import Turn
from conversations.reading import Reading


def urgent(turn: Turn, text: str, reading: Reading) -> None:
    """Tell them to call 112 (and the suicide line when that is the fear) and
    alert a volunteer urgently. A mood in the same message is still recorded."""
    if turn.state.is_open(Question.CHECKIN) and reading.mood is not None:
        moods.record(turn, reading.mood)
    turn.close_all()
    turn.act(OpenEscalation(reason="urgent", urgency="urgent", quote=turn.quote(text)))
    turn.update(contact_requested_at=turn.now)
    turn.say("urgent.suicidal" if reading.suicidal else "urgent.reply")


def request(
    turn: Turn, text: str, *, reason: EscalationReason = "contact", silent: bool = False
) -> None:
    """Open a normal escalation and say who will call and when.

    A second request for contact while the first is still unclaimed does not
    alert the volunteers twice; the senior is told it is on its way. `silent` is for
    seniors who sent STOPP: they still get the call they asked for.
    """
    since = turn.state.contact_requested_at
    repeat = since is not None and turn.now - since < turn.settings.contact_repeat_window
    if reason == "contact" and repeat:
        if not silent:
            turn.say("contact.already")
        return
    turn.act(OpenEscalation(reason=reason, urgency="normal", quote=turn.quote(text)))
    if reason == "contact":
        turn.update(contact_requested_at=turn.now)
    if not silent:
        available = turn.settings.help_available_now
        turn.say("contact.requested" if available else "contact.requested_later")


def reason_for(reading: Reading) -> EscalationReason:
    """A ride or company to an event is its own kind of contact request."""
    return "transport" if reading.transport else "contact"


def claimed(turn: Turn, volunteer_first_name: str) -> None:
    """A volunteer took the escalation: tell the senior who will get in touch.

    Sent as a reply, not held back by quiet_hours: the senior asked and is
    waiting. Silent after STOPP.
    """
    turn.update(contact_requested_at=None)
    if turn.state.opted_out:
        return
    turn.say("contact.claimed", values={"volunteer": volunteer_first_name.strip()})
