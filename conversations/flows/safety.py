"""The daily safety check ("trygghetskoll") and "check on me in 30".

Clearly apart from the social check-in: it is sent at the senior's own time
as a reply-class text (quiet hours and pacing never defer it), any message
from the senior ends it, and no answer walks it through its reminders to an
urgent "no answer" case the same morning. The senior is told when that case
opens, and the next reply closes the loop (the shell tells the helpers).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from conversations.actions import (
    SAFETY_CHECK,
    TIMER_SAFETY,
    AllClear,
    CancelTimer,
    OpenEscalation,
    Question,
    StartTimer,
)
from conversations.flows import general, moods
from conversations.flows.turn import Turn
from conversations.inputs import SafetyCheckPrompt
from conversations.reading import Mood, Reading
from conversations.state import SafetyWatch

# A social check-in asked within this time after a safety check is not sent:
# the safety check's question was the check-in of the day.
SAME_MORNING = timedelta(hours=12)


def deadline_after(reminders: tuple[timedelta, ...]) -> timedelta:
    """When a safety check with these reminders opens its case: one gap
    (the first reminder's) after the last reminder; +30/+60 -> +90."""
    gap = reminders[0] if reminders else timedelta(minutes=30)
    return (reminders[-1] if reminders else timedelta(0)) + gap


def paused(turn: Turn) -> bool:
    until = turn.state.paused_until
    return until is not None and turn.now < until


def prompt(turn: Turn, given: SafetyCheckPrompt) -> None:
    """Ask the daily safety check (silent after STOPP or during a pause)."""
    if turn.state.opted_out or paused(turn):
        return
    watch = SafetyWatch(
        label=given.label,
        occurrence=given.occurrence,
        due_at=None,
        reminders=given.reminders,
        deadline=given.deadline,
        contact=given.contact,
    )
    checkin = turn.state.question(Question.CHECKIN)
    if checkin is not None and turn.now - checkin.asked_at < SAME_MORNING:
        # This morning's check-in is still unanswered: it is the safety
        # question too (no second text); the reminders run as usual.
        _ask(turn, watch, None)
        return
    _ask(turn, watch, "safety.question")


def check_on_me(turn: Turn, minutes: int) -> None:
    """ "KOLLA MIG OM 30": ask in `minutes`; no answer then, the same chain
    as the daily check (the senior's own reminders, then the case)."""
    label = turn.templates.render("safety.requested_label", {"minutes": minutes})
    previous = turn.state.safety
    due_at = turn.now + timedelta(minutes=minutes)
    reminders = turn.state.safety_reminders
    watch = SafetyWatch(
        label=label,
        occurrence=turn.now.isoformat(timespec="minutes"),
        due_at=due_at,
        reminders=reminders,
        deadline=deadline_after(reminders),
        contact=previous.contact if previous else "",
        requested=True,
    )
    turn.update(safety=watch)
    turn.act(StartTimer(TIMER_SAFETY, due_at))
    turn.say("self_service.check_on_me", values={"minutes": minutes})


def absorbs_checkin(turn: Turn) -> bool:
    """A social check-in due the same morning as an asked safety check is
    not sent: no double texts."""
    asked_at = turn.state.safety_asked_at
    return asked_at is not None and turn.now - asked_at < SAME_MORNING


def _ask(turn: Turn, watch: SafetyWatch, key: str | None) -> None:
    now = turn.now
    first = watch.reminders[0] if watch.reminders else watch.deadline
    watch = replace(watch, asked_at=now, due_at=now + first, sent=0, case_opened=False)
    turn.update(safety=watch)
    if not watch.requested:
        turn.update(safety_asked_at=now)
    turn.act(StartTimer(TIMER_SAFETY, now + first))
    if key is not None:
        turn.say(key, values={"check": watch.label})


def timer(turn: Turn, due_at: datetime | None) -> None:
    """The safety timer fired: ask (check on me), remind, or open the case."""
    watch = turn.state.safety
    if watch is None or watch.due_at is None:
        return
    if due_at is not None and abs(due_at - watch.due_at) > timedelta(seconds=1):
        return  # an older, replaced timer
    if turn.state.opted_out or paused(turn):
        turn.update(safety=None)
        return
    if watch.asked_at is None:
        _ask(turn, watch, "safety.check_on_me_question")
        return
    if watch.sent < len(watch.reminders):
        sent = watch.sent + 1
        offset = watch.reminders[sent] if sent < len(watch.reminders) else watch.deadline
        next_at = watch.asked_at + offset
        turn.update(safety=replace(watch, sent=sent, due_at=next_at))
        turn.act(StartTimer(TIMER_SAFETY, next_at))
        key = "safety.check_on_me_reminder" if watch.requested else "safety.reminder"
        turn.say(key, values={"check": watch.label})
        return
    turn.update(safety=replace(watch, due_at=None, case_opened=True))
    turn.act(OpenEscalation("no_answer", "urgent", watch.label))
    who = watch.contact or turn.templates.render("service.helper", {})
    turn.say("safety.told", values={"who": who})


def heard(turn: Turn) -> SafetyWatch | None:
    """The senior wrote: a running safety check is over (any message is a
    sign of life). Returns the watch as it was, for the reply to answer."""
    watch = turn.state.safety
    if watch is None:
        return None
    if watch.asked_at is None:
        return None  # "check on me" not asked yet: it keeps running
    if watch.due_at is not None:
        turn.act(CancelTimer(TIMER_SAFETY))
    turn.update(safety=None)
    return watch


def stop(turn: Turn) -> None:
    """End a running safety check without a reply to it (a pause, ALLT OK
    before a "check on me" was asked)."""
    watch = turn.state.safety
    if watch is None:
        return
    if watch.due_at is not None:
        turn.act(CancelTimer(TIMER_SAFETY))
    turn.update(safety=None)


def on_reply(turn: Turn, watch: SafetyWatch, reading: Reading) -> bool:
    """A reply while a safety check was running. False hands it on (a
    question, a request for a call, another open question)."""
    if reading.contact or reading.urgent:
        return False
    fine = reading.mood in (Mood.GOOD, Mood.OK)  # "OK" is what the check asks for
    answered = (SAFETY_CHECK, watch.occurrence, watch.asked_at)
    if watch.case_opened:
        if reading.mood is not None:
            moods.record(turn, reading.mood, answered)
        if fine:
            turn.act(AllClear())
            turn.update(contact_requested_at=None)
            turn.say("safety.all_clear", values={"who": _who(turn, watch)})
        else:
            turn.say("safety.heard_after_case", values={"who": _who(turn, watch)})
        return True
    if reading.mood is Mood.BAD:
        general.mood(turn, reading.mood, answered)  # sympathy and an offer of a call
        return True
    if reading.mood is not None:
        moods.record(turn, reading.mood, answered)
    elif turn.state.questions:
        return False
    turn.say("safety.thanks")
    return True


def _who(turn: Turn, watch: SafetyWatch) -> str:
    return watch.contact or turn.templates.render("service.helper", {})
