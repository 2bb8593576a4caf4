"""Focused behaviour of `step`; the golden transcripts show whole conversations."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import TypeVar
from zoneinfo import ZoneInfo

import pytest

import conversations.engine
from conversations.actions import (
    QUOTE_LIMIT,
    TIMER_CHECKIN,
    TIMER_WAITLIST,
    Action,
    CancelTimer,
    CheckInMissed,
    MoodStreak,
    OpenEscalation,
    OptIn,
    OptOut,
    Question,
    QuestionAsked,
    RecordMood,
    RecordReading,
    RecordRsvp,
    SendMessage,
    StartTimer,
    WaitlistOfferLapsed,
    action_to_json,
)
from conversations.engine import EngineUsageError, step
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
from conversations.reading import Context, Mood, Reading
from conversations.settings import Settings
from conversations.sms_cost import sms_cost
from conversations.state import ConversationState, StateError

A = TypeVar("A")
STOCKHOLM = ZoneInfo("Europe/Stockholm")
START = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
SETTINGS = Settings.build(organisation="Tyresö kommun", coordinator_phone="08-578 291 00")
LUNCH = EventInfo(
    id="lunch",
    title="soppluncha",
    venue="Träffpunkt Tyresö C",
    starts_at=datetime(2026, 12, 9, 12, 0, tzinfo=STOCKHOLM),
    price="50 kr",
    rsvp_by=date(2026, 12, 7),
    seats_left=20,
)


class Senior:
    """Drives one conversation, reloading the state from JSON before each turn."""

    def __init__(self, lang: str = "sv", settings: Settings = SETTINGS) -> None:
        self.state = ConversationState(name="Anna", lang=lang)
        self.now = START
        self.settings = settings

    def __call__(self, given: Input | str, after: timedelta = timedelta()) -> list[Action]:
        self.now += after
        stored = json.loads(json.dumps(self.state.to_json()))
        message = Reply(given) if isinstance(given, str) else given
        self.state, actions = step(
            ConversationState.from_json(stored), message, self.now, self.settings
        )
        return list(actions)


def awaiting(senior: Senior) -> Question | None:
    """The question asked last that is still open."""
    latest = senior.state.latest
    return latest.kind if latest else None


def sent(actions: Sequence[Action]) -> list[SendMessage]:
    return [action for action in actions if isinstance(action, SendMessage)]


def texts(actions: Sequence[Action]) -> list[str]:
    return [message.text for message in sent(actions)]


def of_type(actions: Sequence[Action], kind: type[A]) -> list[A]:
    return [action for action in actions if isinstance(action, kind)]


def test_stopp_silences_all_prompts_until_start() -> None:
    senior = Senior()
    stop = senior("STOPP")
    assert of_type(stop, OptOut) == [OptOut()]
    assert len(sent(stop)) == 1
    assert "START" in texts(stop)[0]
    for event in (
        CheckInPrompt("morgon", "2026-12-02"),
        InvitationPrompt(LUNCH),
        InvitationSecondAsk(LUNCH),
        MessagePrompt("Biblioteket är stängt."),
        EscalationClaimed("Karin"),
        "STOPP",
        "hej",
        "1",
        "vem är det här?",
    ):
        assert sent(senior(event, after=timedelta(hours=1))) == [], event
    back = senior("START")
    assert of_type(back, OptIn) == [OptIn()]
    assert "Välkommen tillbaka" in texts(back)[0]
    assert sent(senior(CheckInPrompt("morgon", "2026-12-03"), after=timedelta(days=1)))


def test_stopp_in_the_middle_of_a_check_in_cancels_its_timer() -> None:
    senior = Senior()
    senior(CheckInPrompt("morgon", "2026-12-01"))
    actions = senior("STOPP", after=timedelta(minutes=5))
    assert CancelTimer(TIMER_CHECKIN) in actions
    assert senior(ReplyWindowExpired(TIMER_CHECKIN), after=timedelta(hours=4)) == []


def test_urgent_after_stopp_still_escalates_and_gives_the_112_line() -> None:
    senior = Senior()
    senior("STOPP")
    actions = senior("har ramlat", after=timedelta(hours=2))
    assert of_type(actions, OpenEscalation)[0].urgency == "urgent"
    assert "112" in texts(actions)[0]
    assert senior.state.opted_out


def test_urgent_wins_over_stop_in_the_same_message() -> None:
    actions = Senior()("STOPP jag har ramlat")
    assert of_type(actions, OpenEscalation)[0].reason == "urgent"
    assert of_type(actions, OptOut) == []


def test_unclear_reply_gets_one_clarifying_question_then_a_close() -> None:
    senior = Senior()
    senior(CheckInPrompt("morgon", "2026-12-01"))
    first = senior("blå bilen", after=timedelta(minutes=5))
    assert "förstod inte" in texts(first)[0]
    assert awaiting(senior) is Question.CHECKIN
    second = senior("grannens katt", after=timedelta(minutes=1))
    assert "RING" in texts(second)[0]
    assert "förstod inte" not in texts(second)[0]
    assert awaiting(senior) is None
    third = senior("gröna huset", after=timedelta(minutes=1))
    assert len(sent(third)) == 1  # answered, but no third clarifying question
    assert "förstod inte" not in texts(third)[0]


def test_bad_mood_offers_a_call_and_yes_opens_a_contact_escalation() -> None:
    senior = Senior()
    senior(CheckInPrompt("morgon", "2026-12-01"))
    bad = senior("3", after=timedelta(minutes=5))
    assert RecordMood(Mood.BAD, "morgon", "2026-12-01") in bad
    assert "RING" in texts(bad)[0]
    yes = senior("ja", after=timedelta(minutes=1))
    assert of_type(yes, OpenEscalation) == [OpenEscalation("contact", "normal", "ja")]


def test_the_offer_of_a_call_expires_with_the_reply_window() -> None:
    senior = Senior()
    senior(CheckInPrompt("morgon", "2026-12-01"))
    senior("3", after=timedelta(minutes=5))
    late = senior("ja", after=timedelta(hours=5))
    assert of_type(late, OpenEscalation) == []
    assert sent(late)


def test_no_answer_gets_one_follow_up_then_closes_quietly_as_missed() -> None:
    senior = Senior()
    senior(CheckInPrompt("morgon", "2026-12-01"))
    follow_up = senior(ReplyWindowExpired(TIMER_CHECKIN), after=timedelta(hours=4))
    assert [message.kind for message in sent(follow_up)] == ["proactive"]
    assert StartTimer(TIMER_CHECKIN, START + timedelta(hours=8)) in follow_up
    closed = senior(ReplyWindowExpired(TIMER_CHECKIN), after=timedelta(hours=4))
    assert closed == [CheckInMissed("morgon", "2026-12-01", START, in_a_row=1)]
    assert awaiting(senior) is None


def test_a_replaced_timer_firing_late_does_nothing() -> None:
    senior = Senior()
    senior(CheckInPrompt("morgon", "2026-12-01"))
    senior(CheckInPrompt("morgon", "2026-12-02"), after=timedelta(hours=1))
    old = ReplyWindowExpired(TIMER_CHECKIN, due_at=START + timedelta(hours=4))
    assert senior(old, after=timedelta(hours=3)) == []
    assert awaiting(senior) is Question.CHECKIN


def test_a_check_in_reply_window_can_be_set_per_campaign() -> None:
    actions = Senior()(CheckInPrompt("kväll", "x", reply_window=timedelta(hours=1)))
    assert StartTimer(TIMER_CHECKIN, START + timedelta(hours=1)) in actions


def test_campaign_text_override_is_sent_as_written() -> None:
    actions = Senior()(CheckInPrompt("jul", "x", text_override="God jul! Hur mår du?"))
    assert texts(actions) == ["God jul! Hur mår du?"]
    assert sent(actions)[0].buttons  # the answers are still offered


def test_full_lunch_puts_senior_on_waiting_list() -> None:
    senior = Senior()
    senior(InvitationPrompt(replace(LUNCH, seats_left=1)))
    actions = senior("ja vi blir två", after=timedelta(hours=1))
    assert of_type(actions, RecordRsvp) == [RecordRsvp("lunch", "waitlist", 1)]
    assert "väntelistan" in texts(actions)[0]


def test_the_last_seat_is_booked() -> None:
    senior = Senior()
    senior(InvitationPrompt(replace(LUNCH, seats_left=1)))
    actions = senior("ja", after=timedelta(hours=1))
    assert of_type(actions, RecordRsvp) == [RecordRsvp("lunch", "yes", 0)]
    assert "onsdag 9 december kl 12.00" in texts(actions)[0]
    assert "Träffpunkt Tyresö C" in texts(actions)[0]


def test_waiting_list_offer_is_only_for_those_waiting() -> None:
    senior = Senior()
    senior(InvitationPrompt(LUNCH))
    senior("ja", after=timedelta(hours=1))
    assert senior(WaitlistOffer(LUNCH), after=timedelta(hours=1)) == []


def test_reminder_goes_only_to_those_who_said_yes() -> None:
    yes, no = Senior(), Senior()
    for senior, answer in ((yes, "ja"), (no, "nej")):
        senior(InvitationPrompt(LUNCH))
        senior(answer, after=timedelta(hours=1))
    assert len(sent(yes(InvitationReminder(LUNCH), after=timedelta(days=6)))) == 1
    assert no(InvitationReminder(LUNCH), after=timedelta(days=6)) == []


def test_an_invitation_already_answered_is_not_sent_again() -> None:
    senior = Senior()
    senior(InvitationPrompt(LUNCH))
    senior("nej", after=timedelta(hours=1))
    assert sent(senior(InvitationPrompt(LUNCH), after=timedelta(hours=1))) == []
    assert sent(senior(InvitationSecondAsk(LUNCH), after=timedelta(days=1))) == []


def test_a_yes_after_the_event_started_is_not_an_rsvp() -> None:
    senior = Senior()
    senior(InvitationPrompt(LUNCH))
    actions = senior("ja jag kommer", after=timedelta(days=9))
    assert of_type(actions, RecordRsvp) == []
    assert sent(actions)


def test_change_of_mind_replaces_the_answer() -> None:
    senior = Senior()
    senior(InvitationPrompt(LUNCH))
    senior("ja", after=timedelta(hours=1))
    actions = senior("jag kan inte komma ändå", after=timedelta(days=2))
    assert of_type(actions, RecordRsvp) == [RecordRsvp("lunch", "no", 0)]


def test_ja_to_a_goodbye_after_a_no_does_not_book() -> None:
    senior = Senior()
    senior(InvitationPrompt(LUNCH))
    senior("nej", after=timedelta(hours=1))
    assert of_type(senior("ja", after=timedelta(minutes=5)), RecordRsvp) == []


def test_transport_need_records_the_yes_and_asks_a_volunteer() -> None:
    senior = Senior()
    senior(InvitationPrompt(LUNCH))
    actions = senior("ja men jag behöver skjuts", after=timedelta(hours=1))
    assert of_type(actions, RecordRsvp) == [RecordRsvp("lunch", "yes", 0)]
    assert [(e.reason, e.urgency) for e in of_type(actions, OpenEscalation)] == [
        ("transport", "normal")
    ]


def test_second_contact_request_does_not_alert_twice_until_claimed() -> None:
    senior = Senior()
    assert len(of_type(senior("ring mig"), OpenEscalation)) == 1
    assert of_type(senior("ring mig", after=timedelta(minutes=10)), OpenEscalation) == []
    senior(EscalationClaimed("Karin"), after=timedelta(minutes=10))
    assert len(of_type(senior("ring mig igen", after=timedelta(days=1)), OpenEscalation)) == 1


def test_contact_outside_volunteer_hours_says_when_help_comes() -> None:
    night = replace(
        SETTINGS,
        help_available_now=False,
        help_next_available=datetime(2026, 12, 2, 8, 0, tzinfo=STOCKHOLM),
    )
    actions = Senior(settings=night)("ring mig")
    assert "i morgon kl 08.00" in texts(actions)[0]
    assert "112" in texts(actions)[0]
    unknown = replace(night, help_next_available=None)
    assert "så snart någon kan" in texts(Senior(settings=unknown)("ring mig"))[0]


def test_suicidal_thoughts_get_the_suicide_line_and_1177() -> None:
    actions = Senior()("jag orkar inte leva")
    assert of_type(actions, OpenEscalation)[0].urgency == "urgent"
    assert all(number in texts(actions)[0] for number in ("112", "90101", "1177"))


def test_wrong_number_is_flagged_and_then_silent() -> None:
    senior = Senior()
    actions = senior("fel nummer")
    assert [type(a).__name__ for a in actions if not isinstance(a, RecordReading)] == [
        "FlagWrongNumber",
        "OptOut",
        "SendMessage",
    ]
    assert senior(CheckInPrompt("morgon", "x"), after=timedelta(days=1)) == []


def test_every_reply_is_recorded_as_a_reading() -> None:
    senior = Senior()
    for text in ("hej", "STOPP", "hej igen", "START", ""):
        actions = senior(text, after=timedelta(minutes=1))
        assert isinstance(actions[0], RecordReading)


def test_replies_go_at_once_and_prompts_wait_for_quiet_hours() -> None:
    senior = Senior()
    assert {m.kind for m in sent(senior(CheckInPrompt("morgon", "x")))} == {"proactive"}
    assert {m.kind for m in sent(senior("1"))} == {"reply"}


def test_a_bug_in_interpret_still_answers_and_escalates(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(text: str, context: object, lang: str = "sv") -> Reading:
        raise RuntimeError("lexicon bug")

    monkeypatch.setattr(conversations.engine, "interpret", broken)
    actions = Senior()("har ramlat")
    assert of_type(actions, OpenEscalation)[0].reason == "not_understood"
    assert sent(actions)


def test_english_senior_gets_english() -> None:
    actions = Senior(lang="en")(CheckInPrompt("morning", "x"))
    assert texts(actions)[0].startswith("Hello Anna! How are you today?")


def test_finnish_senior_gets_finnish() -> None:
    actions = Senior(lang="fi")(CheckInPrompt("morgon", "x"))
    assert texts(actions)[0].startswith("Hei Anna! Mitä kuuluu tänään?")


def test_unknown_language_falls_back_to_the_service_default() -> None:
    actions = Senior(lang="de")(CheckInPrompt("morgon", "x"))
    assert texts(actions)[0].startswith("Hej Anna!")


def test_without_a_name_the_greeting_is_plain() -> None:
    senior = Senior()
    senior.state = senior.state.with_senior(name="", lang="sv")
    assert texts(senior(CheckInPrompt("morgon", "x")))[0].startswith("Hej! Hur mår du")


def test_step_needs_an_aware_now() -> None:
    with pytest.raises(EngineUsageError):
        step(ConversationState(), Reply("hej"), datetime(2026, 12, 1, 9), SETTINGS)


def test_unknown_event_is_a_usage_error() -> None:
    with pytest.raises(EngineUsageError):
        step(ConversationState(), "hej", START, SETTINGS)  # type: ignore[arg-type]


def test_empty_one_off_message_is_a_usage_error() -> None:
    with pytest.raises(EngineUsageError):
        step(ConversationState(), MessagePrompt(" "), START, SETTINGS)


def test_state_round_trips_through_json_mid_conversation() -> None:
    senior = Senior()
    senior(InvitationPrompt(LUNCH))
    senior("ja vi blir två", after=timedelta(hours=1))
    senior(CheckInPrompt("morgon", "x"), after=timedelta(hours=1))
    stored = json.loads(json.dumps(senior.state.to_json()))
    assert ConversationState.from_json(stored) == senior.state


# A state as version 1 stored it in production: one open check-in, its timer.
V1_CHECKIN = {
    "v": 1,
    "name": "Anna",
    "lang": "sv",
    "opted_out": False,
    "awaiting": "checkin",
    "asked_at": "2026-12-01T09:00:00+00:00",
    "clarified": False,
    "followed_up": False,
    "timer": "checkin_window",
    "timer_due_at": "2026-12-01T13:00:00+00:00",
    "campaign": "morgon",
    "occurrence": "2026-12-01",
    "event": None,
    "rsvp": None,
    "guests": 0,
    "contact_requested_at": None,
}


def test_a_version_1_state_loads_with_its_one_open_question() -> None:
    senior = Senior()
    senior.state = ConversationState.from_json(V1_CHECKIN)
    [question] = senior.state.questions
    assert (question.kind, question.timer, question.occurrence) == (
        Question.CHECKIN,
        TIMER_CHECKIN,
        "2026-12-01",
    )
    actions = senior("bra tack", after=timedelta(hours=1))
    assert RecordMood(Mood.GOOD, "morgon", "2026-12-01") in actions
    assert CancelTimer(TIMER_CHECKIN) in actions


def test_a_version_1_state_with_a_closed_checkin_still_takes_a_late_answer() -> None:
    closed = {**V1_CHECKIN, "awaiting": "nothing", "timer": None, "timer_due_at": None}
    senior = Senior()
    senior.state = ConversationState.from_json(closed)
    assert senior.state.questions == ()
    actions = senior("dåligt", after=timedelta(hours=10))
    assert RecordMood(Mood.BAD, "morgon", "2026-12-01") in actions


def test_a_version_1_state_with_its_timer_firing_gets_the_follow_up() -> None:
    senior = Senior()
    senior.state = ConversationState.from_json(V1_CHECKIN)
    fired = ReplyWindowExpired(TIMER_CHECKIN, due_at=START + timedelta(hours=4))
    actions = senior(fired, after=timedelta(hours=4))
    assert [message.kind for message in sent(actions)] == ["proactive"]


def test_unreadable_state_is_a_typed_error() -> None:
    with pytest.raises(StateError):
        ConversationState.from_json({"v": 99})
    with pytest.raises(StateError):
        ConversationState.from_json({"v": 1, "awaiting": "dancing"})


def test_with_current_event_refreshes_the_seats_left() -> None:
    senior = Senior()
    senior(InvitationPrompt(LUNCH))
    senior.state = senior.state.with_current_event(replace(LUNCH, seats_left=0))
    actions = senior("ja", after=timedelta(hours=1))
    assert of_type(actions, RecordRsvp) == [RecordRsvp("lunch", "waitlist", 0)]


def test_actions_serialise_to_json() -> None:
    actions = Senior()(CheckInPrompt("morgon", "x"))
    data = json.loads(json.dumps([action_to_json(a) for a in actions]))
    assert data[0]["type"] == "send_message"
    assert data[0]["buttons"][0] == ["1 Bra", "1 Bra"]
    assert data[1] == {
        "type": "start_timer",
        "kind": "checkin_window",
        "due_at": "2026-12-01T13:00:00+00:00",
    }


def test_a_message_answering_both_questions_and_asking_for_a_call_alerts_once() -> None:
    senior = Senior()
    senior(CheckInPrompt("morgon", "2026-12-01"))
    senior(InvitationPrompt(LUNCH), after=timedelta(minutes=5))
    actions = senior("Mår dåligt, ring mig. Men jag kommer gärna", after=timedelta(minutes=5))
    assert len(of_type(actions, OpenEscalation)) == 1
    assert of_type(actions, RecordMood) == [RecordMood(Mood.BAD, "morgon", "2026-12-01")]
    assert of_type(actions, RecordRsvp) == [RecordRsvp("lunch", "yes", 0)]
    [message] = sent(actions)
    assert "ringa dig" in message.text
    assert "anmäld" in message.text
    assert "redan" not in message.text  # not "we have already asked" in the same breath


# --- facts: what happened, so the shell never compares states ----------------


def test_asking_says_which_question_for_which_campaign_or_event() -> None:
    senior = Senior()
    asked = of_type(senior(CheckInPrompt("morgon", "2026-12-01")), QuestionAsked)
    assert asked == [QuestionAsked(Question.CHECKIN, "morgon", "2026-12-01")]
    invited = of_type(senior(InvitationPrompt(LUNCH), after=timedelta(minutes=5)), QuestionAsked)
    assert invited == [QuestionAsked(Question.INVITATION, event_id="lunch")]


def test_missed_checkins_are_counted_in_a_row_until_one_is_answered() -> None:
    senior = Senior()
    missed: list[CheckInMissed] = []
    for day in ("d1", "d2", "d3"):
        senior(CheckInPrompt("morgon", day), after=timedelta(hours=16))
        senior(ReplyWindowExpired(TIMER_CHECKIN), after=timedelta(hours=4))
        missed += of_type(
            senior(ReplyWindowExpired(TIMER_CHECKIN), after=timedelta(hours=4)), CheckInMissed
        )
        if day == "d2":
            senior("bra", after=timedelta(hours=1))  # a late answer still counts for d2
    assert [(m.occurrence, m.in_a_row) for m in missed] == [("d1", 1), ("d2", 2), ("d3", 1)]


def test_three_bad_days_in_a_row_are_a_mood_streak_and_a_good_day_ends_it() -> None:
    senior = Senior()
    streaks = []
    for answer in ("dåligt", "3", "inte så bra", "dåligt", "bra", "dåligt"):
        senior(CheckInPrompt("morgon", answer), after=timedelta(days=1))
        streaks.append(of_type(senior(answer, after=timedelta(minutes=5)), MoodStreak))
    assert streaks == [[], [], [MoodStreak(Mood.BAD, 3)], [MoodStreak(Mood.BAD, 4)], [], []]


def test_a_waiting_list_offer_that_lapses_says_so() -> None:
    senior = Senior()
    senior(InvitationPrompt(replace(LUNCH, seats_left=0)))
    senior("ja", after=timedelta(minutes=5))
    offered = senior(WaitlistOffer(LUNCH), after=timedelta(days=1))
    assert QuestionAsked(Question.WAITLIST_OFFER, event_id="lunch") in offered
    lapsed = senior(ReplyWindowExpired(TIMER_WAITLIST), after=timedelta(hours=4))
    assert WaitlistOfferLapsed("lunch") in lapsed


def test_a_reading_is_recorded_with_the_question_it_was_read_for() -> None:
    senior = Senior()
    senior(CheckInPrompt("morgon", "d1"))
    [checkin] = of_type(senior("1", after=timedelta(minutes=5)), RecordReading)
    assert checkin.context is Context.CHECKIN
    [unprompted] = of_type(senior("hej", after=timedelta(days=9)), RecordReading)
    assert unprompted.context is Context.NONE


@pytest.mark.parametrize(
    ("lang", "answer", "words"),
    [("sv", "JA", "inställd"), ("en", "yes", "cancelled"), ("fi", "kyllä", "peruttu")],
)
def test_a_yes_to_a_cancelled_lunch_books_nothing_and_says_it_is_cancelled(
    lang: str, answer: str, words: str
) -> None:
    senior = Senior(lang)
    senior(InvitationPrompt(LUNCH))
    senior.state = senior.state.with_current_event(replace(LUNCH, cancelled=True))
    actions = senior(answer, after=timedelta(hours=1))
    assert of_type(actions, RecordRsvp) == []
    (reply,) = texts(actions)
    assert words in reply
    assert "soppluncha" in reply
    assert awaiting(senior) is None
    assert sms_cost(reply).segments == 1
    assert sms_cost(reply).encoding == "GSM-7"


def test_a_mood_after_the_lunch_was_cancelled_is_answered_as_a_mood() -> None:
    senior = Senior()
    senior(InvitationPrompt(LUNCH))
    senior.state = senior.state.with_current_event(replace(LUNCH, cancelled=True))
    actions = senior("jag mår bra", after=timedelta(hours=1))
    assert of_type(actions, RecordRsvp) == []
    assert not any("inställd" in text for text in texts(actions))
    assert "Välkommen" not in " ".join(texts(actions))


def test_a_long_cry_for_help_is_quoted_as_much_as_a_case_keeps() -> None:
    words = "ring mig, jag har ramlat i köket och kommer inte upp. " * 40
    (escalation,) = of_type(Senior()(words), OpenEscalation)
    assert len(escalation.quote) == QUOTE_LIMIT
    assert words.startswith(escalation.quote)
