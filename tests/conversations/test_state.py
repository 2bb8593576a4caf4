"""The stored conversation state: version 2 with several open questions, and
version 1 states (one `awaiting` question) still read from production."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conversations.actions import TIMER_CHECKIN, TIMER_WAITLIST, Question
from conversations.state import (
    STATE_VERSION,
    Awaiting,
    ConversationState,
    LastCheckIn,
    OpenQuestion,
    StateError,
)

ASKED = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
times = st.one_of(
    st.none(),
    st.integers(min_value=0, max_value=10_000).map(lambda m: ASKED + timedelta(minutes=m)),
)


def iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


version_1 = st.fixed_dictionaries(
    {
        "v": st.just(1),
        "name": st.sampled_from(["Anna", ""]),
        "lang": st.sampled_from(["sv", "en"]),
        "opted_out": st.booleans(),
        "awaiting": st.sampled_from([a.value for a in Awaiting]),
        "asked_at": times.map(iso),
        "clarified": st.booleans(),
        "followed_up": st.booleans(),
        "timer": st.sampled_from([None, TIMER_CHECKIN, TIMER_WAITLIST]),
        "timer_due_at": times.map(iso),
        "campaign": st.sampled_from([None, "morgon"]),
        "occurrence": st.sampled_from([None, "2026-12-01T10:00"]),
        "event": st.none(),
        "rsvp": st.sampled_from([None, "yes", "no", "maybe", "waitlist"]),
        "guests": st.integers(min_value=0, max_value=3),
        "contact_requested_at": times.map(iso),
    }
)


@given(stored=version_1)
def test_every_version_1_state_loads_with_its_question_open(stored: dict[str, Any]) -> None:
    state = ConversationState.from_json(stored)
    awaiting = Awaiting(stored["awaiting"])
    if awaiting is Awaiting.NOTHING or stored["asked_at"] is None:
        assert state.questions == ()
    else:
        [question] = state.questions
        assert question.kind.value == awaiting.value
        assert (question.timer, iso(question.timer_due_at)) == (
            stored["timer"],
            stored["timer_due_at"],
        )
        assert question.followed_up == stored["followed_up"]
    assert (state.name, state.rsvp, state.guests) == (
        stored["name"],
        stored["rsvp"],
        stored["guests"],
    )
    again = json.loads(json.dumps(state.to_json()))
    assert again["v"] == STATE_VERSION
    assert ConversationState.from_json(again) == state


def test_a_closed_version_1_checkin_becomes_the_last_checkin() -> None:
    stored = {"v": 1, "awaiting": "nothing", "asked_at": iso(ASKED), "campaign": "morgon"}
    state = ConversationState.from_json({**stored, "occurrence": "d1"})
    assert state.last_checkin == LastCheckIn("morgon", "d1", ASKED)


def test_two_open_questions_of_one_kind_cannot_be_stored() -> None:
    question = OpenQuestion(Question.CHECKIN, ASKED).to_json()
    with pytest.raises(StateError):
        ConversationState.from_json({"v": 2, "questions": [question, question]})


def test_a_newer_version_is_refused() -> None:
    with pytest.raises(StateError):
        ConversationState.from_json({"v": STATE_VERSION + 1})


def test_an_open_question_without_a_time_zone_is_refused() -> None:
    question = {"kind": "checkin", "asked_at": "2026-12-01T09:00:00"}
    with pytest.raises(StateError):
        ConversationState.from_json({"v": 2, "questions": [question]})


def test_the_latest_question_is_the_one_asked_last() -> None:
    state = ConversationState()
    for kind in (Question.INVITATION, Question.CHECKIN, Question.INVITATION):
        state = state.with_question(OpenQuestion(kind, ASKED))
    assert [q.kind for q in state.questions] == [Question.CHECKIN, Question.INVITATION]
    assert state.latest is not None
    assert state.latest.kind is Question.INVITATION
