"""Properties of `step` over any reachable conversation and any text.

Whatever a senior writes, in whatever state: `step` does not raise, answers a
reply (silence only after STOPP), and its state survives a JSON round trip.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conversations.actions import (
    TIMER_CHECKIN,
    TIMER_WAITLIST,
    Question,
    RecordMood,
    RecordReading,
    RecordRsvp,
    SendMessage,
)
from conversations.engine import step
from conversations.inputs import (
    CheckInPrompt,
    EscalationClaimed,
    EventInfo,
    Input,
    InvitationPrompt,
    InvitationReminder,
    InvitationSecondAsk,
    MessagePrompt,
    Reply,
    ReplyWindowExpired,
    WaitlistOffer,
)
from conversations.settings import Settings
from conversations.sms_cost import is_gsm7
from conversations.state import QUESTION_TIMERS, ConversationState

START = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
LUNCH = EventInfo(
    id="lunch",
    title="soppluncha",
    venue="Träffpunkt",
    starts_at=datetime(2026, 12, 4, 12, 0, tzinfo=ZoneInfo("Europe/Stockholm")),
    price="50 kr",
    rsvp_by=date(2026, 12, 3),
    seats_left=2,
)
DAY = Settings.build(organisation="Tyresö kommun", coordinator_phone="08-578 291 00")
NIGHT = replace(DAY, help_available_now=False, help_next_available=START + timedelta(hours=10))

PHRASES = [
    "1",
    "2",
    "3",
    "ja",
    "nej",
    "kanske",
    "RING",
    "ring mig",
    "STOPP",
    "START",
    "STOP",
    "bra tack",
    "inte så bra",
    "daligt",
    "Ja vi blir två",
    "har ramlat",
    "orkar inte leva",
    "var är det?",
    "vad kostar det",
    "när börjar det?",
    "jag behöver skjuts",
    "tack",
    "hej",
    "vem är det här?",
    "fel nummer",
    "jag kan inte komma ändå",
    "Ja, ring mig",
    "Nej tack",
    "yes",
    "no",
    "call me",
    "I have fallen",
    "wrong number",
    "who is this?",
    "👍",
    "",
]
texts = st.one_of(
    st.sampled_from(PHRASES),
    st.lists(st.sampled_from(PHRASES), min_size=2, max_size=4).map(" ".join),
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1000, max_size=10_000),
)
seats = st.one_of(st.none(), st.integers(min_value=0, max_value=3))
inputs: st.SearchStrategy[Input] = st.one_of(
    texts.map(Reply),
    texts.map(Reply),
    texts.map(Reply),
    st.builds(CheckInPrompt, st.just("morgon"), st.sampled_from(["d1", "d2"])),
    seats.map(lambda n: InvitationPrompt(replace(LUNCH, seats_left=n))),
    seats.map(lambda n: InvitationSecondAsk(replace(LUNCH, seats_left=n))),
    st.just(InvitationReminder(LUNCH)),
    seats.map(lambda n: WaitlistOffer(replace(LUNCH, seats_left=n))),
    st.sampled_from([ReplyWindowExpired(TIMER_CHECKIN), ReplyWindowExpired(TIMER_WAITLIST)]),
    st.just(MessagePrompt("Biblioteket är stängt på fredag.")),
    st.just(EscalationClaimed("Karin")),
)
steps = st.lists(
    st.tuples(inputs, st.integers(min_value=0, max_value=36 * 60)), min_size=1, max_size=12
)


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    script=steps,
    lang=st.sampled_from(["sv", "en"]),
    name=st.sampled_from(["Anna", ""]),
    night=st.booleans(),
)
def test_step_always_answers_and_state_survives_json(
    script: list[tuple[Input, int]], lang: str, name: str, night: bool
) -> None:
    config = NIGHT if night else DAY
    state = ConversationState(name=name, lang=lang)
    now = START
    for step_input, minutes in script:
        now += timedelta(minutes=minutes)
        before = state
        state, actions = step(state, step_input, now, config)

        assert ConversationState.from_json(json.loads(json.dumps(state.to_json()))) == state
        messages = [a for a in actions if isinstance(a, SendMessage)]
        for message in messages:
            assert message.text.strip()
            assert is_gsm7(message.text) or message.template == "message", message
        if isinstance(step_input, Reply):
            assert isinstance(actions[0], RecordReading)
            if not messages:
                # Deliberate silence happens only after STOPP.
                assert before.opted_out, (step_input, actions)
                assert state.opted_out, (step_input, actions)
        elif before.opted_out:
            assert messages == [], (step_input, actions)


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(script=steps, lang=st.sampled_from(["sv", "en"]), digit=st.sampled_from("123"))
def test_a_bare_number_to_a_checkin_and_an_invitation_is_asked_about_never_guessed(
    script: list[tuple[Input, int]], lang: str, digit: str
) -> None:
    state = ConversationState(name="Anna", lang=lang)
    now = START
    for step_input, minutes in script:
        now += timedelta(minutes=minutes)
        state, _ = step(state, step_input, now, DAY)
    state, _ = step(state, CheckInPrompt("morgon", "d9"), now, DAY)
    state, _ = step(state, InvitationPrompt(LUNCH), now, DAY)
    now += timedelta(minutes=1)
    both = state.is_open(Question.CHECKIN) and state.is_open(Question.INVITATION)
    if not both or LUNCH.starts_at <= now:
        return  # after STOPP, the lunch answered already (not asked again) or begun
    _, actions = step(state, Reply(digit), now, DAY)
    assert not [a for a in actions if isinstance(a, RecordMood | RecordRsvp)], actions
    [message] = [a for a in actions if isinstance(a, SendMessage)]
    assert message.template.startswith("which."), message


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(script=steps, lang=st.sampled_from(["sv", "en"]))
def test_a_reply_gets_at_most_one_text_and_open_questions_keep_their_timers(
    script: list[tuple[Input, int]], lang: str
) -> None:
    state = ConversationState(name="Anna", lang=lang)
    now = START
    for step_input, minutes in script:
        now += timedelta(minutes=minutes)
        state, actions = step(state, step_input, now, DAY)
        if isinstance(step_input, Reply):
            assert len([a for a in actions if isinstance(a, SendMessage)]) <= 1, actions
        for question in state.questions:
            assert (question.timer is None) == (question.kind not in QUESTION_TIMERS), state
