"""The reader follows the written labelling rule (tests/conversations/data/LABELLING.md).

Each case is one rule a coordinator would notice broken: a fall recorded as
no mood, "lite trött" counted as a bad day, a joyful "kommer 😊" logged as
a mood, a neighbour's barbecue raising an alarm.
"""

from __future__ import annotations

import pytest

from conversations.interpret import interpret
from conversations.reading import Mood, Rsvp


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Jag har ramlat och kommer inte upp", "sv"),
        ("help", "en"),
        ("kaaduin enkä pääse ylös", "fi"),
        ("min man har svimmat", "sv"),
    ],
)
def test_danger_with_no_mood_of_her_own_is_a_bad_day(text: str, lang: str) -> None:
    reading = interpret(text, "checkin", lang)
    assert reading.urgent
    assert reading.mood is Mood.BAD


def test_her_own_mood_stands_beside_danger_to_someone_else() -> None:
    reading = interpret("mår bra men min granne har ramlat och ligger på golvet", "checkin", "sv")
    assert reading.urgent
    assert reading.mood is Mood.GOOD


@pytest.mark.parametrize(
    ("text", "lang"),
    [("lite trött idag", "sv"), ("a bit dizzy today", "en"), ("vähän huimaa", "fi")],
)
def test_a_bad_word_told_as_small_is_ok(text: str, lang: str) -> None:
    assert interpret(text, "checkin", lang).mood is Mood.OK


def test_a_danger_phrase_told_as_small_stays_danger() -> None:
    reading = interpret("lite ont i bröstet", "checkin", "sv")
    assert reading.urgent
    assert reading.mood is Mood.BAD


@pytest.mark.parametrize(
    ("text", "mood"),
    [
        ("trött och ledsen", Mood.BAD),
        ("sov dåligt men annars okej", Mood.OK),
        ("sådär, sov dåligt", Mood.OK),
        ("bra men ensam", Mood.OK),
        ("Mår bra men saknar att prata med någon", Mood.OK),
    ],
)
def test_mixed_moods_combine_as_the_rule_says(text: str, mood: Mood) -> None:
    assert interpret(text, "checkin", "sv").mood is mood


def test_an_emoji_beside_an_invitation_answer_is_no_mood() -> None:
    reading = interpret("kommer 😊", "invitation", "sv")
    assert reading.rsvp is Rsvp.YES
    assert reading.mood is None
    assert interpret("😊", "checkin", "sv").mood is Mood.GOOD


def test_a_checkin_reply_answers_no_invitation() -> None:
    reading = interpret("vet inte", "checkin", "sv")
    assert reading.rsvp is None
    assert interpret("vet inte", "invitation", "sv").rsvp is Rsvp.MAYBE


@pytest.mark.parametrize(
    ("text", "lang", "mood"),
    [("hyvin menee, tack", "sv", Mood.GOOD), ("kiitos, mår bra", "fi", Mood.GOOD)],
)
def test_a_mood_in_another_language_is_read(text: str, lang: str, mood: Mood) -> None:
    assert interpret(text, "checkin", lang).mood is mood


def test_a_whole_answer_in_another_language_is_read() -> None:
    assert interpret("ja", "invitation", "en").rsvp is Rsvp.YES
    # ... but one foreign word inside the senior's own answer is not an answer of its own.
    reading = interpret("vi e tre", "invitation", "sv")
    assert reading.rsvp is Rsvp.YES
    assert reading.guests == 2


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Det luktar rök här men det är bara grannen som grillar", "sv"),
        ("The smoke alarm has been chirping since last night. No smoke, just annoying", "en"),
        ("Naapuri grillaa pihalla ja savua tulee ikkunasta sisään", "fi"),
    ],
)
def test_danger_words_the_message_calls_harmless_reach_a_person_without_alarm(
    text: str, lang: str
) -> None:
    reading = interpret(text, "checkin", lang)
    assert not reading.urgent
    assert reading.review


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Det brinner i köket!", "sv"),
        ("smoke everywhere in the kitchen", "en"),
        ("ramlade nästan när grannen grillade", "sv"),
    ],
)
def test_danger_without_an_explanation_stays_urgent(text: str, lang: str) -> None:
    assert interpret(text, "checkin", lang).urgent


def test_a_clear_no_is_not_sent_to_a_person_for_the_models_doubt() -> None:
    reading = interpret("jag kan inte komma ändå", "invitation", "sv")
    assert reading.rsvp is Rsvp.NO
    assert not reading.review


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("tog visst mina tabletter två gånger i morse", "sv"),
        ("I think I took my pills twice", "en"),
        ("otin vahingossa iltalääkkeet kahteen kertaan", "fi"),
        ("Tog visst Elsas tabletter istället för mina", "sv"),
    ],
)
def test_a_double_dose_or_someone_elses_pills_is_urgent(text: str, lang: str) -> None:
    assert interpret(text, "checkin", lang).urgent


def test_english_words_that_fold_like_a_swedish_danger_phrase_are_not_danger() -> None:
    # Swedish reads "tablets make me feel" as "tabletter ... fel" (wrong tablets).
    reading = interpret("the new tablets make me feel odd", "checkin", "en")
    assert not reading.urgent
    assert reading.review  # new tablets and feeling odd: a person still reads it


def test_gas_that_will_not_stop_is_danger_not_a_stop_request() -> None:
    reading = interpret("Det luktar gas i köket och jag får inte stopp på spisen", "none", "sv")
    assert reading.urgent
    assert not reading.stop
