"""Fixes from the thirty-sixth and thirty-seventh blind sets (blind_final35 and
blind_final36, an ordinary week and the lunch club itself): asking whether
someone may come is not a head count, a yes given last week and taken back,
"then I'll come" after asking for company, pets are not guests, and a fall
she got up from herself is still urgent."""

from __future__ import annotations

import pytest

from conversations.interpret import interpret
from conversations.reading import Context, Rsvp


@pytest.mark.parametrize(
    ("text", "lang", "rsvp"),
    [
        (
            "Ja gärna! Kan jag ta med Maj-Britt från trappan bredvid, hon är också änka",
            "sv",
            Rsvp.YES,
        ),
        ("Kan jag ta med mitt barnbarn Elsa, hon är 9 år", "sv", None),
        ("Can I bring my granddaughter, she's 12 and helps me with everything", "en", None),
        ("Saanko tuoda ystäväni? Hän on paljon yksin", "fi", None),
    ],
)
def test_asking_who_may_come_counts_no_guests(text: str, lang: str, rsvp: Rsvp | None) -> None:
    reading = interpret(text, Context.INVITATION, lang)
    assert reading.guests is None
    assert reading.rsvp is rsvp


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Jag sa ja förra veckan men jag måste ändra mig, min syster kommer på besök", "sv"),
        ("I said yes but I'll have to cancel, sorry. Hip is bad again", "en"),
        ("Sanoin kyllä mutta en pääsekään, vävy tulee käymään", "fi"),
    ],
)
def test_a_yes_given_before_and_taken_back_is_a_no(text: str, lang: str) -> None:
    reading = interpret(text, Context.INVITATION, lang)
    assert reading.rsvp is Rsvp.NO
    assert reading.guests is None


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Would someone walk with me from the bus stop? Then I'll come", "en"),
        ("Voiko joku hakea mut? Sit tuun", "fi"),
        ("Yes if someone could collect me from Elm Court, I'm not allowed to drive any more", "en"),
        ("Jos ei sada, niin tulen", "fi"),
    ],
)
def test_coming_if_something_works_out_is_a_maybe(text: str, lang: str) -> None:
    assert interpret(text, Context.INVITATION, lang).rsvp is Rsvp.MAYBE


@pytest.mark.parametrize(
    ("text", "lang", "guests"),
    [
        ("Ja vi kommer, jag och min sambo Kjell och hans hund", "sv", 1),
        ("Tulen ja otan koiran mukaan jos sopii", "fi", None),
        ("Tulen hoitajan kanssa", "fi", 1),
        ("JOO VIISI TULEE", "fi", 4),
        ("joo, tuun naapurin rouvan kanssa", "fi", 1),
        ("Kyllä, tulen poikani, miniän ja pojanpojan kanssa", "fi", 3),
        ("tullaan koko porukka, mina ja kolme lasta", "fi", 3),
        ("tuun miehen kans", "fi", 1),
        ("ja kommer garna, ar sa ensam nu for tiden", "sv", None),
        ("ja, ensam", "sv", 0),
    ],
)
def test_who_counts_as_one_guest_and_who_as_none(text: str, lang: str, guests: int | None) -> None:
    assert interpret(text, Context.INVITATION, lang).guests == guests


def test_a_fall_she_got_up_from_herself_is_still_urgent() -> None:
    text = "Sådär, har trillat och slagit i höften men kom upp själv"
    assert interpret(text, Context.CHECKIN, "sv").urgent


def test_a_ride_she_already_has_is_a_yes_and_asks_for_nobody() -> None:
    reading = interpret("Tulen, poika tuo minut ja hakee pois", Context.INVITATION, "fi")
    assert reading.rsvp is Rsvp.YES
    assert not reading.contact


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Ja tack, gärna i eftermiddag", "sv"),
        ("Yes please, any time after lunch", "en"),
        ("Kyllä kiitos, iltapäivällä sopii", "fi"),
    ],
)
def test_yes_with_a_time_of_day_accepts_the_offer_of_a_call(text: str, lang: str) -> None:
    # After "Vill du att någon ringer dig?", which the reader sees as an invitation.
    assert interpret(text, Context.INVITATION, lang).contact


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Smoke alarm keeps chirping and I can't reach it", "en"),
        ("Brandvarnaren piper hela tiden och jag når inte upp till den", "sv"),
        ("The reminder says my jab is Thursday but I've no way to get to the clinic", "en"),
        ("Ihan ok, mutta yöt on pitkiä yksin", "fi"),
    ],
)
def test_needs_a_person_can_meet_are_contact(text: str, lang: str) -> None:
    assert interpret(text, Context.CHECKIN, lang).contact


def test_a_ride_told_of_is_not_a_ride_asked_for() -> None:
    reading = interpret("Tack för hjälpen med färdtjänsten förra veckan!", Context.NONE, "sv")
    assert not reading.contact


@pytest.mark.parametrize(
    ("text", "rsvp", "contact"),
    [
        ("Would love to, my daughter can take me", Rsvp.YES, False),
        ("Only if my daughter can take me, she works Tuesdays", Rsvp.MAYBE, True),
        ("can you collect me? then ill come", Rsvp.MAYBE, True),
        ("would love to but no way of gettin there", Rsvp.MAYBE, True),
    ],
)
def test_a_ride_she_has_or_waits_for(text: str, rsvp: Rsvp, contact: bool) -> None:
    reading = interpret(text, Context.INVITATION, "en")
    assert (reading.rsvp, reading.contact) == (rsvp, contact)
