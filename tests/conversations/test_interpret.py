"""Behaviour of `interpret` on what seniors really write, plus the labelled-set gate."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from conversations.interpret import interpret
from conversations.reading import Context, Mood, Reading, Rsvp

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from bench.accuracy import FIELDS, load_labelled, misses, report, score


@pytest.mark.parametrize("text", ["1", " 1. ", "ett", "1)"])
def test_bare_one_means_good_in_checkin_and_yes_in_invitation(text: str) -> None:
    assert interpret(text, "checkin").mood is Mood.GOOD
    assert interpret(text, "invitation").rsvp is Rsvp.YES
    assert interpret(text, "invitation").mood is None


def test_bare_number_means_nothing_without_a_question() -> None:
    assert interpret("1", "none").is_empty


@pytest.mark.parametrize(("text", "mood"), [("2)", Mood.OK), ("Tre", Mood.BAD), ("3", Mood.BAD)])
def test_checkin_menu_numbers(text: str, mood: Mood) -> None:
    assert interpret(text, Context.CHECKIN).mood is mood


@pytest.mark.parametrize(("text", "rsvp"), [("2", Rsvp.NO), ("3", Rsvp.MAYBE)])
def test_invitation_menu_numbers(text: str, rsvp: Rsvp) -> None:
    assert interpret(text, Context.INVITATION).rsvp is rsvp


def test_ja_answers_no_checkin_question() -> None:
    assert interpret("ja", "checkin").mood is None


@pytest.mark.parametrize(
    ("text", "mood"),
    [
        ("daligt", Mood.BAD),
        ("sadar", Mood.OK),
        ("Braaa", Mood.GOOD),
        ("bra tack", Mood.GOOD),
        ("jättebra", Mood.GOOD),
        ("helt ok", Mood.OK),
        ("okej", Mood.OK),
        ("sisådär", Mood.OK),
        ("inget vidare", Mood.BAD),
        ("ganska dåligt", Mood.BAD),
    ],
)
def test_missing_diacritics_and_stretched_letters_are_understood(text: str, mood: Mood) -> None:
    assert interpret(text, "checkin").mood is mood


@pytest.mark.parametrize(
    ("text", "mood"),
    [
        ("inte bra", Mood.BAD),
        ("inte så bra", Mood.BAD),
        ("inte alls bra", Mood.BAD),
        ("mår inte bra", Mood.BAD),
        ("inte så dåligt", Mood.OK),
        ("inte dåligt alls", Mood.GOOD),
        ("kunde varit bättre", Mood.OK),
    ],
)
def test_negation_and_degree_change_the_mood(text: str, mood: Mood) -> None:
    assert interpret(text, "checkin").mood is mood


def test_negation_does_not_cross_a_sentence() -> None:
    assert interpret("Kan inte komma. Mår bra", "invitation").mood is Mood.GOOD


@pytest.mark.parametrize(
    ("text", "mood"),
    [
        ("det knallar och går", Mood.OK),
        ("pigg som en mört", Mood.GOOD),
        ("på topp", Mood.GOOD),
        ("har varit bättre dagar", Mood.BAD),
        ("vet inte", None),
    ],
)
def test_idioms(text: str, mood: Mood | None) -> None:
    assert interpret(text, "checkin").mood is mood


@pytest.mark.parametrize(
    "text", ["känner mig ensam", "bra men ensam", "ingen har hört av sig på länge", "so lonely"]
)
def test_loneliness_is_a_bad_mood_and_a_wish_for_contact(text: str) -> None:
    # Issue 13 changed this: loneliness reads as contact (the flow may first
    # ask "Vill du att någon ringer dig?").
    reading = interpret(text, "checkin", "en" if text.isascii() and "so" in text else "sv")
    assert reading.mood in (Mood.BAD, Mood.OK)
    assert reading.contact


@pytest.mark.parametrize(
    "text", ["ring mig", "RINGG", "rimg mig", "ring", "RING", "kan någon komma förbi"]
)
def test_requests_for_contact_survive_typos(text: str) -> None:
    assert interpret(text, "checkin").contact


@pytest.mark.parametrize("text", ["vill prata med någon", "skulle vilja ha sällskap", "call me"])
def test_wanting_to_talk_or_company_is_contact(text: str) -> None:
    lang = "en" if text.startswith("call") else "sv"
    assert interpret(text, "none", lang).contact


def test_menu_answer_and_contact_together() -> None:
    reading = interpret("3 RING", "checkin")
    assert reading.mood is Mood.BAD
    assert reading.contact


def test_fall_is_urgent_even_when_answering_checkin() -> None:
    reading = interpret("Bra men har ramlat igår", "checkin")
    assert reading.mood is Mood.GOOD
    assert reading.urgent
    assert reading.contact


@pytest.mark.parametrize(
    "text",
    [
        "har ramlat",
        "ramlade",
        "jag föll",
        "kommer inte upp",
        "ont i bröstet",
        "får inte luft",
        "svårt att andas",
        "svimmade",
        "det brinner",
        "luktar rök",
        "hittar inte hem",
        "vet inte var jag är",
        "hjälp",
        "hjalp",
        "HJÄLP!!",
    ],
)
def test_danger_is_urgent_and_asks_for_contact(text: str) -> None:
    reading = interpret(text, "checkin")
    assert reading.urgent
    assert reading.contact


@pytest.mark.parametrize(
    "text", ["orkar inte leva", "vill inte leva längre", "vill dö", "ta livet av mig"]
)
def test_not_wanting_to_live_is_urgent_and_suicidal(text: str) -> None:
    reading = interpret(text, "checkin")
    assert reading.suicidal
    assert reading.urgent
    assert reading.contact


@pytest.mark.parametrize("text", ["hjälpte grannen", "tack för hjälpen", "har hemhjälp"])
def test_helping_and_thanks_for_help_are_not_urgent(text: str) -> None:
    assert not interpret(text, "checkin").urgent


def test_near_fall_stays_urgent_because_safety_wins() -> None:
    assert interpret("ramlade nästan men det gick bra", "checkin").urgent


def test_yes_with_no_way_to_get_there_asks_for_transport() -> None:
    reading = interpret("Ja men jag kan inte ta mig dit själv", "invitation")
    assert reading.rsvp is Rsvp.YES
    assert reading.transport
    assert reading.contact


def test_no_with_a_call_request_keeps_both() -> None:
    reading = interpret("Nej, men ring mig gärna", "invitation")
    assert reading.rsvp is Rsvp.NO
    assert reading.contact


def test_declining_because_unwell_gives_no_and_bad() -> None:
    reading = interpret("Kan inte komma, mår inte bra", "invitation")
    assert reading.rsvp is Rsvp.NO
    assert reading.mood is Mood.BAD


@pytest.mark.parametrize(
    ("text", "guests"),
    [
        ("vi blir två", 1),
        ("jag och min man", 1),
        ("ja 2 personer", 1),
        ("vi kommer tre stycken", 2),
        ("ja", None),
        ("ja bara jag", 0),
        ("ja, tar med mina två barnbarn", 2),
    ],
)
def test_guests_count_extra_people(text: str, guests: int | None) -> None:
    assert interpret(text, "invitation").guests == guests


@pytest.mark.parametrize(
    ("text", "rsvp"),
    [
        ("japp", Rsvp.YES),
        ("jadå", Rsvp.YES),
        ("J", Rsvp.YES),
        ("absolut", Rsvp.YES),
        ("gärna", Rsvp.YES),
        ("👍", Rsvp.YES),
        ("nä", Rsvp.NO),
        ("nej tack", Rsvp.NO),
        ("N", Rsvp.NO),
        ("kanske", Rsvp.MAYBE),
        ("vet inte än", Rsvp.MAYBE),
        ("ja om jag orkar", Rsvp.MAYBE),
        ("jag kommer inte", Rsvp.NO),
    ],
)
def test_invitation_answers(text: str, rsvp: Rsvp) -> None:
    assert interpret(text, "invitation").rsvp is rsvp


def test_mood_words_in_an_invitation_give_mood_but_no_rsvp() -> None:
    reading = interpret("bra", "invitation")
    assert reading.mood is Mood.GOOD
    assert reading.rsvp is None


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("STOPP", "stop"),
        ("stop", "stop"),
        ("sluta skicka", "stop"),
        ("avsluta", "stop"),
        ("vill inte ha fler sms", "stop"),
        ("START", "start"),
        ("börja igen", "start"),
        ("hej", "greeting"),
        ("god morgon", "greeting"),
        ("tack så mycket", "thanks"),
        ("vem är det här?", "who_is_this"),
        ("vem är du", "who_is_this"),
        ("fel nummer", "wrong_number"),
        ("känner ingen anna", "wrong_number"),
        ("behöver skjuts", "transport"),
        ("färdtjänst", "transport"),
    ],
)
def test_service_signals(text: str, field: str) -> None:
    assert getattr(interpret(text, "none"), field)


@pytest.mark.parametrize(
    ("text", "question"),
    [("var ligger det?", "place"), ("vilken tid?", "time"), ("vad kostar det?", "cost")],
)
def test_questions_about_the_event(text: str, question: str) -> None:
    assert interpret(text, "invitation").question == question


def test_important_part_in_the_middle_of_a_long_message_is_found() -> None:
    text = (
        "Hej! Här är det som vanligt, tittade på tv igår och dottern ringde. "
        "Vi pratade länge om barnbarnen. "
        * 20
        + "Men i morse ramlade jag i badrummet. "
        + "Annars är det fint väder och jag har vattnat blommorna. " * 20
    )
    assert interpret(text, "checkin").urgent


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("good", Reading(mood=Mood.GOOD)),
        ("not so good", Reading(mood=Mood.BAD)),
        ("I fell", Reading(mood=Mood.BAD, urgent=True, contact=True)),
        ("who is this", Reading(who_is_this=True)),
    ],
)
def test_english_replies(text: str, expected: Reading) -> None:
    assert interpret(text, "checkin" if "who" not in text else "none", "en") == expected


def test_english_invitation_with_partner() -> None:
    reading = interpret("me and my wife", "invitation", "en")
    assert reading.rsvp is Rsvp.YES
    assert reading.guests == 1


def test_unknown_context_and_language_fall_back_safely() -> None:
    assert interpret("har ramlat", "whatever", "xx").urgent


def test_labelled_replies_meet_the_accuracy_bar() -> None:
    result = score(load_labelled())
    print(report(result))
    print(misses(result))
    assert len(load_labelled()) >= 250
    assert result.recall("urgent") == 1.0
    assert result.recall("contact") >= 0.95
    for name in FIELDS:
        assert result.field_accuracy(name) >= 0.90, name
    assert result.exact_rate >= 0.85
