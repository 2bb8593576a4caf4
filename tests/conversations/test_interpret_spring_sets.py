"""Fixes from the thirty-fourth and thirty-fifth blind sets (blind_final33 and
blind_final34, spring and mixed-language lives): a phrase that hides a "can't"
from the rsvp must never silence danger beside it, seasonal greetings in two
languages, rides and head counts said in passing, and scams let in."""

from __future__ import annotations

import tomllib
from importlib import resources

import pytest

from conversations.interpret import interpret
from conversations.reading import Context, Rsvp

DANGER = {
    "en": "the room is spinning and I've come over all faint",
    "sv": "rummet snurrar och jag håller på att svimma",
    "fi": "huone pyörii ja meinaan pyörtyä",
}


def _asides(lang: str) -> list[str]:
    text = resources.files("conversations.lexicon").joinpath(f"{lang}.toml").read_text("utf-8")
    data = tomllib.loads(text)
    return [p for name in ("any", "invitation") for p in data.get(name, {}).get("aside", [])]


@pytest.mark.parametrize(
    ("lang", "aside"), [(lang, aside) for lang in ("sv", "en", "fi") for aside in _asides(lang)]
)
def test_a_phrase_that_is_not_an_answer_never_silences_danger(lang: str, aside: str) -> None:
    reading = interpret(f"{aside}, {DANGER[lang]}", Context.INVITATION, lang)
    assert reading.urgent
    assert reading.rsvp is None


def test_the_reply_that_reached_nobody_is_urgent() -> None:
    text = "Sorry I can't think about lunch, I've just come over all faint and the room is spinning"
    reading = interpret(text, Context.INVITATION, "en")
    assert reading.urgent
    assert reading.rsvp is None


def test_a_burglary_told_as_it_happens_is_urgent() -> None:
    text = "I've been burgled! The back door is smashed and they may still be in the house"
    assert interpret(text, Context.CHECKIN, "en").urgent


@pytest.mark.parametrize(
    ("text", "lang", "rsvp"),
    [
        ("Would love to come but the bus doesn't go out to Sorunda on Sundays", "en", Rsvp.MAYBE),
        ("I'll come if Margareta next door can take me, I'll ask her", "en", Rsvp.MAYBE),
        ("Kanske, det beror på om pojken har tid att köra mig", "sv", Rsvp.MAYBE),
    ],
)
def test_an_answer_that_hangs_on_a_ride_asks_for_one(text: str, lang: str, rsvp: Rsvp) -> None:
    reading = interpret(text, Context.INVITATION, lang)
    assert reading.rsvp is rsvp
    assert reading.contact


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        (
            "En man från Microsoft ringde och jag installerade programmet, nu styr han datorn",
            "sv",
        ),
        ("Someone rang saying they were from Microsoft and I let them onto the computer", "en"),
    ],
)
def test_a_caller_let_into_the_computer_is_a_scam_that_happened(text: str, lang: str) -> None:
    reading = interpret(text, Context.NONE, lang)
    assert reading.contact
    assert reading.review


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Just wanted to say thanks for the call yesterday", "en"),
        ("Tosi hyvä päivä! Lapsenlapset tulivat Göteborgista käymään 😊", "fi"),
        ("Had a call from someone claiming to be from Nordea, I put the phone down on them", "en"),
    ],
)
def test_a_call_or_visit_told_of_is_not_a_wish_for_one(text: str, lang: str) -> None:
    assert not interpret(text, Context.CHECKIN, lang).contact


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("my left side feels numb and my words are coming out funny", "en"),
        ("Keittiössä haisee kaasu", "fi"),
        ("Det är någon inne i lägenheten, jag hör steg i vardagsrummet", "sv"),
        ("Min man har blivit alldeles blå om läpparna", "sv"),
        ("There's a stranger asleep on my sofa", "en"),
        ("En haluaisi enää herätä", "fi"),
        ("Joku yrittää just nyt avata mun ovea", "fi"),
        ("blodsockret är 1,9 och jag skakar", "sv"),
    ],
)
def test_danger_only_the_learned_reader_knew_is_in_the_word_lists(text: str, lang: str) -> None:
    # Each of these was urgent only because the learned reader was sure; a phrase
    # the lists call harmless beside it ("tack för hjälpen") would have hidden it.
    reading = interpret(text, Context.CHECKIN, lang)
    assert reading.urgent
    assert reading.review_reason is None


def test_a_stranger_asking_for_money_in_the_stairwell_is_not_an_intruder() -> None:
    text = "Det står en främmande man i trapphuset varje dag och frågar efter pengar"
    assert not interpret(text, Context.CHECKIN, "sv").urgent


@pytest.mark.parametrize(
    "text",
    [
        "may have taken my tablets twice, not sure",
        "took my tablets with breakfast, then again at lunch by mistake",
        "took my pills with breakfast and then took them again",
    ],
)
def test_a_second_dose_told_around_a_meal_is_urgent(text: str) -> None:
    assert interpret(text, Context.CHECKIN, "en").urgent
