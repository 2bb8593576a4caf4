"""Invitations (soup lunch): yes / no / maybe with guests, the waiting list,
questions about the event, and a ride or company to get there.

The shell passes the current seats left with each prompt, so a "yes" that does
not fit becomes a place on the waiting list here. A later change of mind
("jag kan inte komma ändå") replaces the answer until the event starts.
"""

from __future__ import annotations

from dataclasses import replace

from conversations.actions import Question, RecordRsvp, WaitlistOfferLapsed
from conversations.flows import contact
from conversations.flows.turn import EVENT_QUESTIONS, Turn
from conversations.inputs import (
    EventInfo,
    InvitationPrompt,
    InvitationReminder,
    InvitationSecondAsk,
    WaitlistOffer,
)
from conversations.reading import Reading, Rsvp

BUTTONS = ("yes", "no", "maybe")
_QUESTIONS = {"place": "invitation.answer_place", "time": "invitation.answer_time"}


def prompt(turn: Turn, event: InvitationPrompt) -> None:
    """Invite. A repeated invitation to an event already answered is not sent
    again (the data is refreshed)."""
    info = event.event
    if _answered(turn, info):
        turn.update(event=info)
        return
    if turn.state.opted_out:
        return
    _open(turn, info)
    price_text = turn.text("invitation.price", values={"price": info.price}) if info.price else ""
    turn.say(
        "invitation.question",
        kind="proactive",
        buttons=BUTTONS,
        values={**turn.event_values(info), "price_text": price_text},
    )


def second_ask(turn: Turn, event: InvitationSecondAsk) -> None:
    """Ask once more, only those who have not answered (or said maybe)."""
    info = event.event
    if _answered(turn, info):
        turn.update(event=info)
        return
    if turn.state.opted_out:
        return
    _open(turn, info)
    turn.say(
        "invitation.second_ask", kind="proactive", buttons=BUTTONS, values=turn.event_values(info)
    )


def reminder(turn: Turn, event: InvitationReminder) -> None:
    """Remind only those who said yes."""
    info = event.event
    state = turn.state.with_current_event(info)
    turn.state = state
    if state.opted_out or state.event is None or state.event.id != info.id:
        return
    if state.rsvp == "yes":
        turn.say("invitation.reminder", kind="proactive", values=turn.event_values(info))


def waitlist_offer(turn: Turn, event: WaitlistOffer) -> None:
    """Offer a freed place to a senior on the waiting list, for one reply window."""
    info = event.event
    turn.state = turn.state.with_current_event(info)
    state = turn.state
    if state.opted_out or state.event is None or state.event.id != info.id:
        return
    if state.rsvp != "waitlist":
        return
    turn.say(
        "invitation.waitlist_offer",
        kind="proactive",
        buttons=("yes", "no"),
        values=turn.event_values(info),
    )
    turn.ask(Question.WAITLIST_OFFER, window=turn.settings.reply_window, event_id=info.id)


def waitlist_offer_expired(turn: Turn) -> None:
    """No answer to the freed place: it goes to the next in line, and the
    senior stays on the waiting list."""
    turn.close(Question.WAITLIST_OFFER)
    event = turn.state.event
    if event is None:
        return
    turn.act(RecordRsvp(event.id, "waitlist", turn.state.guests), WaitlistOfferLapsed(event.id))
    if not turn.state.opted_out:
        turn.say("invitation.waitlist_lapsed", kind="proactive", values=turn.event_values(event))


def on_reply(turn: Turn, text: str, reading: Reading) -> bool:
    """A reply taken as being about the open invitation or waiting-list
    offer. Returns False when the message is about something else (a mood,
    thanks), for the general flow to answer; the invitation then stays open."""
    event = turn.live_event()
    kind = _open_kind(turn)
    if event is not None and event.cancelled:
        return _after_cancel(turn, text, reading)
    if event is None or kind is None:
        for other in EVENT_QUESTIONS:
            turn.close(other)
        return False
    handled = handle(turn, text, reading)
    if reading.contact and not reading.transport:
        contact.request(turn, text)
        handled = True
    if handled:
        return True
    if reading.mood is not None or reading.thanks or reading.who_is_this:
        return False
    question = turn.state.question(kind)
    if question is not None and not question.clarified:
        turn.mark(kind, clarified=True)
        turn.say("invitation.clarify", buttons=BUTTONS, values=turn.event_values(event))
    else:
        turn.close(kind)
        turn.say("invitation.unclear_close")
    return True


def _after_cancel(turn: Turn, text: str, reading: Reading) -> bool:
    """A reply while the invitation to a now cancelled event was open: its
    questions close; an answer about the event is told it is cancelled, and
    anything else goes on to the general flow."""
    for kind in EVENT_QUESTIONS:
        turn.close(kind)
    if not handle(turn, text, reading):
        return False
    if reading.contact and not reading.transport:
        contact.request(turn, text)
    return True


def _open_kind(turn: Turn) -> Question | None:
    """The open question about the kept event, if any."""
    for kind in EVENT_QUESTIONS:
        if turn.state.is_open(kind):
            return kind
    return None


def handle(turn: Turn, text: str, reading: Reading) -> bool:
    """Act on whatever `reading` says about the kept invitation, if it has not
    started: an answer, a question, a need for a ride. Returns True if it did."""
    event = turn.live_event()
    if event is None:
        return False
    if event.cancelled:
        return _cancelled(turn, event, reading)
    if reading.rsvp is not None:
        _answer(turn, event, reading)
        if reading.transport:
            _transport(turn, text, event)
        return True
    if reading.question in ("place", "time", "cost"):
        _answer_question(turn, event, reading.question)
        return True
    if reading.transport:
        _transport(turn, text, event)
        return True
    return False


def _cancelled(turn: Turn, event: EventInfo, reading: Reading) -> bool:
    """An answer or a question about an event a coordinator has cancelled:
    nothing is booked, and the senior is told so warmly, with a way on."""
    if reading.rsvp is None and reading.question is None and not reading.transport:
        return False
    for kind in EVENT_QUESTIONS:
        turn.close(kind)
    turn.say("invitation.event_cancelled", values=turn.event_values(event))
    return True


def _answered(turn: Turn, info: EventInfo) -> bool:
    state = turn.state
    return (
        state.event is not None
        and state.event.id == info.id
        and state.rsvp in ("yes", "no", "waitlist")
    )


def _open(turn: Turn, info: EventInfo) -> None:
    same = turn.state.event is not None and turn.state.event.id == info.id
    turn.ask(Question.INVITATION, window=turn.settings.reply_window, event_id=info.id)
    if not same:
        turn.update(event=info, rsvp=None, guests=0)
    else:
        turn.update(event=info)


def _answer(turn: Turn, event: EventInfo, reading: Reading) -> None:
    state = turn.state
    previous = state.rsvp
    if reading.guests is not None:
        guests = max(0, reading.guests)
    else:
        guests = state.guests if previous in ("yes", "maybe", "waitlist") else 0
    kind = _open_kind(turn)
    offer = kind is Question.WAITLIST_OFFER
    if kind is not None and reading.rsvp is not Rsvp.MAYBE:
        turn.close(kind)
    values = turn.event_values(event)
    if reading.rsvp is Rsvp.YES:
        _yes(turn, event, guests)
    elif reading.rsvp is Rsvp.NO:
        turn.act(RecordRsvp(event.id, "no", 0))
        turn.update(rsvp="no", guests=0)
        if offer:
            turn.say("invitation.waitlist_declined", values=values)
        elif previous in ("yes", "waitlist"):
            turn.say("invitation.cancelled", values=values)
        else:
            turn.say("invitation.no", values=values)
    else:
        turn.act(RecordRsvp(event.id, "maybe", guests))
        turn.update(rsvp="maybe", guests=guests)
        turn.say("invitation.maybe_by" if event.rsvp_by else "invitation.maybe", values=values)


def _yes(turn: Turn, event: EventInfo, guests: int) -> None:
    """Book the party if it fits, else put it on the waiting list. Someone
    already booked who asks for more seats than are left keeps their booking."""
    state = turn.state
    held = 1 + state.guests if state.rsvp == "yes" else 0
    needed = 1 + guests - held
    values = turn.event_values(event)
    seats = event.seats_left
    if seats is not None and needed > 0 and seats < needed:
        if state.rsvp == "yes":
            turn.say("invitation.no_room_for_more", values=values)
            return
        turn.act(RecordRsvp(event.id, "waitlist", guests))
        turn.update(rsvp="waitlist", guests=guests)
        turn.say("invitation.full", values=values)
        return
    turn.act(RecordRsvp(event.id, "yes", guests))
    if seats is not None:
        event = replace(event, seats_left=seats - needed)
    turn.update(rsvp="yes", guests=guests, event=event)
    if guests:
        turn.say("invitation.yes_party", values={**values, "party": 1 + guests})
    else:
        turn.say("invitation.yes", values=values)


def _transport(turn: Turn, text: str, event: EventInfo) -> None:
    """A ride or company is a contact request; the answer itself still counts."""
    contact.request(turn, text, reason="transport", silent=True)
    keys: tuple[str, ...] = ("invitation.transport",)
    if turn.state.rsvp in (None, "maybe"):
        keys += ("invitation.ask_again",)
    turn.say(*keys, values=turn.event_values(event))


def _answer_question(turn: Turn, event: EventInfo, question: str) -> None:
    if question == "cost":
        key = "invitation.answer_cost" if event.price else "invitation.answer_cost_unknown"
    else:
        key = _QUESTIONS[question]
    keys: tuple[str, ...] = (key,)
    if turn.state.rsvp in (None, "maybe"):
        keys += ("invitation.ask_again",)
    turn.say(*keys, values=turn.event_values(event))
