"""Self-service by text: read in every language for everyone, confirmed in
the senior's own, and never in the way of a cry for help or STOPP."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from conversations.actions import (
    AllClear,
    OpenEscalation,
    OptOut,
    Paused,
    SendMessage,
    StartTimer,
)
from conversations.engine import step
from conversations.inputs import CheckInPrompt, MessagePrompt, Reply
from conversations.settings import Settings
from conversations.state import ConversationState

SETTINGS = Settings.build()
# Tuesday 1 December 2026, 11:00 in Stockholm.
NOW = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)


def reply(text: str, state: ConversationState | None = None) -> tuple[ConversationState, tuple]:
    return step(state or ConversationState(name="Märta"), Reply(text), NOW, SETTINGS)


def texts(actions: tuple) -> list[str]:
    return [a.text for a in actions if isinstance(a, SendMessage)]


@pytest.mark.parametrize("text", ["PAUS 7", "paus 7 dagar", "pause 7", "TAUKO 7", "Paus 7."])
def test_pause_is_read_in_every_language(text: str) -> None:
    state, actions = reply(text)
    [paused] = [a for a in actions if isinstance(a, Paused)]
    assert paused.until == datetime(2026, 12, 8, 0, 0, tzinfo=SETTINGS.zone)
    assert state.paused_until == paused.until
    assert texts(actions) == [
        "Okej! Vi skickar inga sms till och med måndag 7 december. Sedan hör vi av oss som vanligt."
    ]


@pytest.mark.parametrize("text", ["BORTA TILL 12/12", "away until 12/12", "poissa 12.12. asti"])
def test_away_until_a_date_is_read_in_every_language(text: str) -> None:
    state, _ = reply(text)
    assert state.paused_until == datetime(2026, 12, 13, 0, 0, tzinfo=SETTINGS.zone)


def test_away_until_a_passed_date_means_next_year() -> None:
    state, _ = reply("borta till 3/1")
    assert state.paused_until == datetime(2027, 1, 4, 0, 0, tzinfo=SETTINGS.zone)


@pytest.mark.parametrize("text", ["paus 0", "paus 99", "borta till 31/2"])
def test_an_impossible_pause_is_asked_again_not_guessed(text: str) -> None:
    state, actions = reply(text)
    assert state.paused_until is None
    assert "PAUS 7" in texts(actions)[0]


def test_a_paused_senior_gets_no_proactive_text_until_the_date() -> None:
    state, _ = reply("paus 2")
    for given in (CheckInPrompt("morgon", "2026-12-02"), MessagePrompt("Soppa i dag!")):
        _, actions = step(state, given, datetime(2026, 12, 2, 9, 0, tzinfo=UTC), SETTINGS)
        assert actions == ()
    _, actions = step(
        state,
        CheckInPrompt("morgon", "2026-12-03"),
        datetime(2026, 12, 3, 9, 0, tzinfo=UTC),
        SETTINGS,
    )
    assert texts(actions)


def test_a_paused_senior_is_still_heard() -> None:
    state, _ = reply("paus 7")
    _, actions = reply("hjälp jag har ramlat", state)
    assert any(isinstance(a, OpenEscalation) and a.urgency == "urgent" for a in actions)


@pytest.mark.parametrize("text", ["MENY", "menu", "valikko"])
def test_menu_lists_the_commands_but_help_stays_a_cry_for_help(text: str) -> None:
    _, actions = reply(text)
    assert "KOLLA MIG OM 30" in texts(actions)[0]
    _, actions = reply("HJÄLP")
    assert any(isinstance(a, OpenEscalation) for a in actions)


@pytest.mark.parametrize(
    "text", ["kolla mig om 30", "check on me in 30 minutes", "tarkista minut 30"]
)
def test_check_on_me_starts_a_timer_and_says_when(text: str) -> None:
    state, actions = reply(text)
    [timer] = [a for a in actions if isinstance(a, StartTimer)]
    assert (timer.kind, timer.due_at) == ("safety_check", datetime(2026, 12, 1, 10, 30, tzinfo=UTC))
    assert "30 minuter" in texts(actions)[0]
    assert state.safety is not None
    assert state.safety.requested


def test_all_ok_is_read_in_every_language_and_tells_the_shell() -> None:
    for text in ("ALLT OK", "all ok", "Kaikki hyvin!"):
        _, actions = reply(text)
        assert any(isinstance(a, AllClear) for a in actions)


def test_stop_wins_over_everything() -> None:
    state, actions = reply("STOPP")
    assert any(isinstance(a, OptOut) for a in actions)
    _, actions = reply("paus 7", state)
    assert actions == () or not any(isinstance(a, Paused) for a in actions)


def test_english_senior_is_answered_in_english_whatever_words_she_used() -> None:
    state = ConversationState(name="John", lang="en")
    _, actions = reply("paus 7", state)
    assert texts(actions)[0].startswith("All right! We will send no texts")
