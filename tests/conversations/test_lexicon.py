"""The word lists as data: a phrase means one thing, and look-alikes that only
spelling tells apart both count."""

from __future__ import annotations

import copy
import tomllib
from importlib import resources
from typing import Any

import pytest

from conversations.interpret import interpret
from conversations.lexicon import LexiconError, build
from conversations.reading import Context


def _swedish() -> dict[str, Any]:
    text = resources.files("conversations.lexicon").joinpath("sv.toml").read_text("utf-8")
    return tomllib.loads(text)


def test_a_phrase_listed_under_two_meanings_is_refused_with_both_named() -> None:
    data = copy.deepcopy(_swedish())
    data["any"]["mood.good"].append("helt okej")  # also listed as mood.ok
    with pytest.raises(LexiconError, match=r"sv\.toml: 'helt okej' is listed as mood\.\w+ and as"):
        build("sv", data)


def test_a_misspelt_duplicate_is_refused_too() -> None:
    data = copy.deepcopy(_swedish())
    data["any"]["rsvp.no"].append("HELT  OKEJ")  # folds to the same words
    with pytest.raises(LexiconError, match="helt okej"):
        build("sv", data)


def test_a_context_may_give_a_phrase_of_any_context_its_own_meaning() -> None:
    data = copy.deepcopy(_swedish())
    data["any"]["mood.good"].append("kanon idag")
    data.setdefault("invitation", {}).setdefault("rsvp.yes", []).append("kanon idag")
    lexicon = build("sv", data)
    assert lexicon.lang == "sv"


@pytest.mark.parametrize(
    ("text", "lang", "mood", "urgent"),
    [
        ("Hyvä päivä tänään", "fi", "good", False),
        ("hyvää päivää", "fi", None, False),
        ("I feel down today", "en", "bad", False),
        ("I fell down today", "en", "bad", True),
    ],
)
def test_look_alikes_told_apart_by_spelling_both_count(
    text: str, lang: str, mood: str | None, urgent: bool
) -> None:
    reading = interpret(text, "checkin", lang)
    assert (reading.contract()["mood"], reading.urgent) == (mood, urgent)


@pytest.mark.parametrize("lang", ["sv", "en", "fi"])
def test_no_phrase_is_written_in_a_spoken_form_that_is_read_as_another_word(lang: str) -> None:
    # Spoken forms told apart by a doubled letter ("oon" is "olen") are respelt
    # as written; a phrase that used them would never match.
    text = resources.files("conversations.lexicon").joinpath(f"{lang}.toml").read_text("utf-8")
    data = tomllib.loads(text)
    spoken = set(data.get("spelt_variants", {}))
    sections = [data.get(name, {}) for name in ("any", "checkin", "invitation", "none")]
    lists = [v for s in sections for part in (s, s.get("short", {})) for v in part.values()]
    phrases = [p for v in lists if isinstance(v, list) for p in v]
    assert [p for p in phrases if spoken & set(p.casefold().split())] == []


@pytest.mark.parametrize(
    ("text", "lang", "stop"),
    [
        ("Please unsubscribe me from these messages", "en", True),
        ("Voitteko lopettaa nämä viestit", "fi", True),
        ("Lopeta nämä viestit heti kiitos", "fi", True),
        ("Koira piti lopettaa", "fi", False),  # the dog was put down
        ("Palovaroitin piippaa eikä lopeta", "fi", False),  # the alarm does not stop
    ],
)
def test_stop_in_a_longer_message_is_read_and_look_alikes_are_not(
    text: str, lang: str, stop: bool
) -> None:
    assert interpret(text, "checkin", lang).stop is stop


def test_a_phrase_listed_for_short_messages_and_any_length_counts_in_long_ones() -> None:
    data = copy.deepcopy(_swedish())
    data["any"]["stop"].append("avsluta prenumerationen")
    data["any"].setdefault("short", {}).setdefault("stop", []).append("avsluta prenumerationen")
    lexicon = build("sv", data)
    long_message = ("snälla", "avsluta", "prenumerationen", "på", "de", "här", "meddelandena")
    words = lexicon.correct(long_message, long_message)
    hits = lexicon.matchers[Context.CHECKIN].find(words)
    assert any("stop" in hit.categories for hit in hits)


@pytest.mark.parametrize("lang", ["sv", "en", "fi"])
def test_no_phrase_is_listed_both_for_short_messages_and_for_any_length(lang: str) -> None:
    # With the same meaning in both places, the short-message entry is dead
    # weight at best; it once made "lopeta" count only in short messages.
    text = resources.files("conversations.lexicon").joinpath(f"{lang}.toml").read_text("utf-8")
    data = tomllib.loads(text)

    def entries(section: dict[str, Any]) -> set[tuple[str, str]]:
        return {(k, p) for k, v in section.items() if isinstance(v, list) for p in v}

    for name in ("any", "checkin", "invitation", "none"):
        section = data.get(name, {})
        full = entries(section) | entries(data.get("any", {}))
        assert entries(section.get("short", {})) & full == set(), name
