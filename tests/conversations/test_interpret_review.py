"""`review`: what Hejsan cannot read with confidence goes to a person; and
guests and indirect wishes for contact in ordinary words (issue 13)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conversations.interpret import interpret
from conversations.learned import learned_reader, ngrams
from conversations.normalize import tokenize
from conversations.reading import Context, Reading, ReviewReason, Rsvp
from conversations.review import Signals, second_look

RAMBLING = (
    "Jo alltså i lördags var det loppis i församlingshemmet och jag köpte en gammal "
    "kaffekvarn och två tavlor med fåglar på, sedan regnade det hela söndagen så jag "
    "satt och tittade på skidskytte och löste korsordet i tidningen tills det blev kväll"
)


def test_the_contract_prints_review() -> None:
    assert interpret("bra", "checkin").contract()["review"] is False


def test_a_long_message_nobody_could_account_for_is_read_by_a_person() -> None:
    reading = interpret(RAMBLING, "checkin")
    assert reading.review
    assert reading.review_reason in (ReviewReason.LONG, ReviewReason.MODEL)


@pytest.mark.parametrize(
    ("text", "ctx"),
    [
        (
            "Mår jättebra tack! I lördags var det loppis i församlingshemmet och jag köpte "
            "en gammal kaffekvarn och två tavlor med fåglar på, sen kom barnbarnen på middag",
            "checkin",
        ),
        (
            "Ja tack, jag kommer gärna! Det var så trevligt förra gången, jag satt bredvid "
            "Inga från syföreningen och vi pratade om gamla tider hela eftermiddagen med kaffe",
            "invitation",
        ),
    ],
)
def test_a_long_message_the_fields_account_for_needs_no_person(text: str, ctx: str) -> None:
    assert not interpret(text, ctx).review


@pytest.mark.parametrize(
    ("text", "ctx"),
    [
        (
            "Sådär. Dottern tycker att jag ska sälja huset och flytta närmare henne i Göteborg, "
            "men jag vill bo kvar här där jag har mina vänner och ibland undrar jag vad det blir",
            "checkin",
        ),
        (
            "Ja tack, jag kommer gärna! Det var så trevligt förra gången, jag satt bredvid "
            "Inga från syföreningen. Kan vi få sitta nära dörren, jag har svårt med trappor?",
            "invitation",
        ),
    ],
)
def test_a_long_message_with_more_in_it_than_the_fields_is_read(text: str, ctx: str) -> None:
    reading = interpret(text, ctx)
    assert reading.review


@pytest.mark.parametrize("text", ["tog mina tabletter två gånger", "lite yr idag", "I feel dizzy"])
def test_weak_danger_signals_are_read_by_a_person(text: str) -> None:
    reading = interpret(text, "checkin", "en" if "feel" in text else "sv")
    assert reading.urgent or reading.review


def test_an_unreadable_answer_to_a_check_in_is_read_by_a_person() -> None:
    reading = interpret("Varför frågar ni det hela tiden?", "checkin")
    assert reading.review
    assert reading.review_reason is ReviewReason.NOT_UNDERSTOOD


@pytest.mark.parametrize("text", ["bra", "1", "Ja", "STOPP", "tack", "nej tack"])
def test_plain_answers_need_no_person(text: str) -> None:
    assert not interpret(text, "invitation" if text in ("Ja", "nej tack") else "checkin").review


def test_urgent_replies_are_not_also_put_in_the_reading_list() -> None:
    assert not interpret("jag har ramlat", "checkin").review


@pytest.mark.parametrize(
    ("text", "guests"),
    [
        ("ja kommer med Gerd", 1),
        ("min granne Sonja följer med", 1),
        ("Hustrun också", 1),
        ("JA FYRA", 3),
        ("jag och Stig och Gunnel och Berit", 3),
        ("+1", 1),
        ("ja, Sture hänger med", 1),
        ("kommer själv", 0),
        ("Ja, jag kommer med bussen", None),
    ],
)
def test_guests_in_ordinary_words(text: str, guests: int | None) -> None:
    reading = interpret(text, "invitation")
    assert reading.rsvp is Rsvp.YES
    assert reading.guests == guests


@pytest.mark.parametrize(
    "text",
    [
        "bra men ensam",
        "ingen har hört av sig på länge",
        "skulle vilja att någon ringde mig",
        "behöver följeslagare till vårdcentralen",
    ],
)
def test_indirect_wishes_for_contact(text: str) -> None:
    assert interpret(text, "checkin").contact


@pytest.mark.parametrize("text", ["Ramlade förra året men nu går det bra", "Hjälp vad roligt, JA!"])
def test_a_past_fall_and_a_happy_hjalp_are_not_urgent(text: str) -> None:
    assert not interpret(text, "invitation").urgent


def test_ngrams_are_padded_per_word() -> None:
    assert ngrams(["yr"], 2, 3) == [" y", "yr", "r ", " yr", "yr "]


@given(st.text(max_size=300))
def test_learned_scores_are_probabilities(text: str) -> None:
    scores = learned_reader().scores(tokenize(text).words)
    assert 0.0 <= scores.urgent <= 1.0
    assert 0.0 <= scores.contact <= 1.0


@pytest.mark.parametrize("text", ["jag kan inte", "jag kan inte komma ändå"])
def test_a_clear_no_to_an_invitation_raises_no_alarm_from_the_learned_reader(text: str) -> None:
    reading = interpret(text, "invitation", "sv")
    assert reading.rsvp == "no"
    assert not reading.urgent


def test_a_bad_answer_can_still_be_raised_to_urgent_by_the_learned_reader() -> None:
    # The word lists read a bad day here and no danger; the learned reader hears it.
    reading = interpret("I keep being sick and there's blood in it", "checkin", "en")
    assert reading.mood == "bad"
    assert reading.urgent


def test_where_the_lists_call_danger_words_harmless_a_sure_model_still_sends_a_person() -> None:
    # The lists read an answer ("yes") and call "help" harmless ("thanks for the
    # help"); the danger is in words only the learned reader knows. It may not
    # ring the alarm there, but a person must read it.
    text = "thanks for the help, yes. a man I don't know is in my kitchen"
    tokens = tokenize(text)
    reader = learned_reader()
    if reader.scores(tokens.words).urgent < reader.thresholds.urgent_sure:
        pytest.fail("the learned reader is no longer sure of this example: pick another")
    answered = Reading(rsvp=Rsvp.YES)
    read = second_look(answered, tokens, Context.INVITATION, Signals(ignored=True))
    assert not read.urgent
    assert read.review
    assert read.review_reason is ReviewReason.MODEL
