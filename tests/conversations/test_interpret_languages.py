"""Danger and STOP in every language for everyone, Finnish, and replies in
another language than the senior's (issue 13)."""

from __future__ import annotations

import tomllib
from importlib import resources

import pytest

from conversations.interpret import interpret
from conversations.reading import Mood, ReviewReason, Rsvp
from conversations.templates import SUPPORTED_LANGUAGES

PAIRS = [(said, senior) for said in SUPPORTED_LANGUAGES for senior in SUPPORTED_LANGUAGES]


def _plain_phrases(lang: str, keys: tuple[str, ...]) -> list[str]:
    """The lexicon's own phrases without wildcards, as a senior could type them."""
    text = resources.files("conversations.lexicon").joinpath(f"{lang}.toml").read_text("utf-8")
    section = tomllib.loads(text)["any"]
    return [p for key in keys for p in section.get(key, ()) if "*" not in p and ":" not in p]


def test_supported_languages_come_from_the_data_files_swedish_first() -> None:
    assert SUPPORTED_LANGUAGES[0] == "sv"
    assert set(SUPPORTED_LANGUAGES) == {"sv", "en", "fi"}


@pytest.mark.parametrize(("said", "senior"), PAIRS)
def test_every_languages_danger_words_are_urgent_for_a_senior_of_any_language(
    said: str, senior: str
) -> None:
    phrases = _plain_phrases(said, ("urgent", "urgent+mood.bad", "suicidal+mood.bad"))
    assert len(phrases) > 40
    missed = [p for p in phrases if not interpret(p, "checkin", senior).urgent]
    assert missed == []


@pytest.mark.parametrize(("said", "senior"), PAIRS)
def test_every_languages_stop_words_opt_out_a_senior_of_any_language(
    said: str, senior: str
) -> None:
    phrases = _plain_phrases(said, ("stop",))
    assert len(phrases) > 8
    missed = [p for p in phrases if not interpret(p, "none", senior).stop]
    assert missed == []


@pytest.mark.parametrize(
    ("text", "senior"),
    [
        ("help", "sv"),
        ("hjälp", "en"),
        ("apua", "sv"),
        ("apua", "en"),
        ("hjälp", "fi"),
        ("help me please", "fi"),
        ("STOPP", "fi"),
        ("LOPETA", "sv"),
        ("stop", "fi"),
    ],
)
def test_short_cries_and_stops_cross_languages(text: str, senior: str) -> None:
    reading = interpret(text, "checkin", senior)
    assert reading.urgent or reading.stop


@pytest.mark.parametrize("text", ["det blev fel", "fel nummer", "Hjälp vad roligt, JA!"])
def test_a_swedish_word_that_folds_like_an_english_danger_word_is_not_urgent(text: str) -> None:
    assert not interpret(text, "invitation", "sv").urgent


@pytest.mark.parametrize(
    ("text", "mood"),
    [
        ("Hyvin menee, kiitos", Mood.GOOD),
        ("ihan ok", Mood.OK),
        ("huonosti", Mood.BAD),
        ("ei kovin hyvin", Mood.BAD),
        ("3", Mood.BAD),
        ("mainiosti!", Mood.GOOD),
    ],
)
def test_finnish_moods(text: str, mood: Mood) -> None:
    assert interpret(text, "checkin", "fi").mood is mood


@pytest.mark.parametrize(
    ("text", "rsvp", "guests"),
    [
        ("kyllä kiitos", Rsvp.YES, None),
        ("ei kiitos", Rsvp.NO, None),
        ("ehkä", Rsvp.MAYBE, None),
        ("tulen yksin", Rsvp.YES, 0),
        ("minä ja mieheni", Rsvp.YES, 1),
        ("KYLLÄ NELJÄ", Rsvp.YES, 3),
    ],
)
def test_finnish_answers_to_an_invitation(text: str, rsvp: Rsvp, guests: int | None) -> None:
    reading = interpret(text, "invitation", "fi")
    assert (reading.rsvp, reading.guests) == (rsvp, guests)


@pytest.mark.parametrize(
    "text", ["Kaaduin enkä pääse ylös", "rintaan sattuu kovasti", "en saa henkeä", "haluan kuolla"]
)
def test_finnish_danger_is_urgent(text: str) -> None:
    reading = interpret(text, "checkin", "fi")
    assert reading.urgent
    assert reading.contact


def test_finnish_wish_for_a_call_is_contact() -> None:
    assert interpret("voisiko joku soittaa minulle", "checkin", "fi").contact


def test_a_reply_in_another_language_is_read_in_it_and_a_person_reads_it() -> None:
    reading = interpret("Hyvin menee, kiitos", "checkin", "sv")
    assert reading.mood is Mood.GOOD
    assert reading.review
    assert reading.review_reason is ReviewReason.LANGUAGE


def test_a_reply_in_the_seniors_own_language_is_not_flagged_for_language() -> None:
    assert not interpret("mår bra tack", "checkin", "sv").review
    assert not interpret("hyvin menee kiitos", "checkin", "fi").review


@pytest.mark.parametrize("text", ["I feel fine", "depends how I feel", "feel good today"])
def test_feel_is_not_fell_though_both_fold_alike(text: str) -> None:
    assert not interpret(text, "checkin", "en").urgent


@pytest.mark.parametrize(("text", "lang"), [("I fell", "en"), ("I fell", "sv"), ("hjälpp", "sv")])
def test_a_fall_and_a_doubled_typo_are_still_urgent(text: str, lang: str) -> None:
    assert interpret(text, "checkin", lang).urgent
