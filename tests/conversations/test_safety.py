"""The daily safety check in the engine: reminders then a case, any message
ends it, a replaced timer does nothing, and it survives a reload."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from conversations.actions import (
    SAFETY_CHECK,
    AllClear,
    CancelTimer,
    OpenEscalation,
    RecordMood,
    SendMessage,
    StartTimer,
)
from conversations.engine import step
from conversations.inputs import CheckInPrompt, Reply, ReplyWindowExpired, SafetyCheckPrompt
from conversations.reading import Mood
from conversations.settings import Settings
from conversations.state import ConversationState

SETTINGS = Settings.build()
ASKED = datetime(2026, 12, 1, 8, 30, tzinfo=UTC)  # 09:30 in Stockholm
PROMPT = SafetyCheckPrompt("09:30", "2026-12-01", contact="Karin")


def reload(state: ConversationState) -> ConversationState:
    return ConversationState.from_json(json.loads(json.dumps(state.to_json())))


def run(state: ConversationState, given: object, minutes: float) -> tuple[ConversationState, tuple]:
    new, actions = step(reload(state), given, ASKED + timedelta(minutes=minutes), SETTINGS)  # type: ignore[arg-type]
    return new, actions


def fire(state: ConversationState, minutes: float) -> tuple[ConversationState, tuple]:
    due = ASKED + timedelta(minutes=minutes)
    return run(state, ReplyWindowExpired("safety_check", due), minutes)


def test_no_answer_reminds_twice_then_opens_an_urgent_case_naming_the_check() -> None:
    state, actions = run(ConversationState(name="Märta"), PROMPT, 0)
    assert [a.due_at for a in actions if isinstance(a, StartTimer)] == [
        ASKED + timedelta(minutes=30)
    ]
    state, actions = fire(state, 30)
    assert "09:30" in next(a.text for a in actions if isinstance(a, SendMessage))
    state, actions = fire(state, 60)
    assert not any(isinstance(a, OpenEscalation) for a in actions)
    state, actions = fire(state, 90)
    [case] = [a for a in actions if isinstance(a, OpenEscalation)]
    assert (case.reason, case.urgency, case.quote) == ("no_answer", "urgent", "09:30")
    told = [a.text for a in actions if isinstance(a, SendMessage)]
    assert told == [
        "Vi har inte hört av dig i dag, så vi ber Karin ringa dig. Svara ALLT OK om allt är bra."
    ]


def test_safety_texts_are_not_deferred_by_quiet_hours() -> None:
    _, actions = run(ConversationState(name="Märta"), PROMPT, 0)
    assert all(a.kind == "reply" for a in actions if isinstance(a, SendMessage))


def test_any_message_ends_the_check_and_cancels_its_timer() -> None:
    state, _ = run(ConversationState(name="Märta"), PROMPT, 0)
    state, actions = run(state, Reply("god morgon"), 10)
    assert any(isinstance(a, CancelTimer) and a.kind == "safety_check" for a in actions)
    assert state.safety is None
    _, actions = fire(state, 30)
    assert actions == ()


def test_a_replaced_timer_firing_late_does_nothing() -> None:
    state, _ = run(ConversationState(name="Märta"), PROMPT, 0)
    _, actions = fire(state, 20)
    assert actions == ()


def test_a_good_answer_after_the_case_opened_is_all_clear() -> None:
    state, _ = run(ConversationState(name="Märta"), PROMPT, 0)
    for minutes in (30, 60, 90):
        state, _ = fire(state, minutes)
    _, actions = run(state, Reply("ok"), 95)
    assert any(isinstance(a, AllClear) for a in actions)


def test_a_bad_answer_to_the_check_offers_a_call() -> None:
    state, _ = run(ConversationState(name="Märta"), PROMPT, 0)
    _, actions = run(state, Reply("dåligt"), 5)
    assert not any(isinstance(a, AllClear) for a in actions)
    assert "ringer" in " ".join(a.text for a in actions if isinstance(a, SendMessage))


def test_the_check_counts_as_the_check_in_of_the_morning() -> None:
    state, _ = run(ConversationState(name="Märta"), PROMPT, 0)
    state, _ = run(state, Reply("ok"), 5)
    _, actions = run(state, CheckInPrompt("morgon", "2026-12-01"), 30)
    assert actions == ()
    _, actions = run(state, CheckInPrompt("morgon", "2026-12-02"), 24 * 60)
    assert any(isinstance(a, SendMessage) for a in actions)


def _timer_offsets(actions: tuple, since: datetime) -> list[timedelta]:
    return [a.due_at - since for a in actions if isinstance(a, StartTimer)]


def test_check_on_me_walks_the_senior_s_own_reminders_then_opens_the_case() -> None:
    own = (timedelta(minutes=10), timedelta(minutes=20), timedelta(minutes=40))
    state = ConversationState(name="Märta").with_senior(
        name="Märta", lang="sv", safety_reminders=own
    )
    state, _ = run(state, Reply("kolla mig om 30"), 0)
    state, actions = fire(state, 30)  # asked now
    assert _timer_offsets(actions, ASKED + timedelta(minutes=30)) == [timedelta(minutes=10)]
    offsets = []
    for minute in (40, 50, 70):  # the three reminders
        state, actions = fire(state, minute)
        assert not any(isinstance(a, OpenEscalation) for a in actions)
        offsets += _timer_offsets(actions, ASKED + timedelta(minutes=30))
    assert offsets == [timedelta(minutes=20), timedelta(minutes=40), timedelta(minutes=50)]
    state, actions = fire(state, 80)  # one gap (10 min) after the last reminder
    [case] = [a for a in actions if isinstance(a, OpenEscalation)]
    assert case.reason == "no_answer"


def test_a_mood_answering_the_safety_check_is_recorded_for_it_not_as_unprompted() -> None:
    state, _ = run(ConversationState(name="Märta"), PROMPT, 0)
    _, actions = run(state, Reply("bra tack"), 12)
    [mood] = [a for a in actions if isinstance(a, RecordMood)]
    assert mood == RecordMood(Mood.GOOD, SAFETY_CHECK, "2026-12-01", ASKED)


def test_a_bad_mood_after_the_no_answer_case_is_recorded_for_the_safety_check() -> None:
    state, _ = run(ConversationState(name="Märta"), PROMPT, 0)
    for minute in (30, 60, 90):
        state, _ = fire(state, minute)
    _, actions = run(state, Reply("dåligt"), 95)
    [mood] = [a for a in actions if isinstance(a, RecordMood)]
    assert (mood.mood, mood.campaign, mood.occurrence) == (Mood.BAD, SAFETY_CHECK, "2026-12-01")
