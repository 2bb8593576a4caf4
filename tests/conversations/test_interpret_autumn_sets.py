"""Fixes from the thirtieth to thirty-third blind sets (blind_final29 to
blind_final32): a break-in and a second dose told without the usual words, a
medicine named without a side effect, a scam call hung up on, loneliness told
as small, and answers with an appointment or a ride in them."""

from __future__ import annotations

import pytest

from conversations.interpret import interpret
from conversations.reading import Context, Mood, ReviewReason, Rsvp


def test_another_cup_is_not_another_dose() -> None:
    assert not interpret("Tog en till kopp kaffe i solen", Context.CHECKIN, "sv").urgent


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Joku on ollut asunnossa, tavarat on eri paikoissa", "fi"),
        ("Yr och illamående sen jag började med nya blodtrycksmedicinen", "sv"),
        ("A little dizzy when I stand up since they changed my blood pressure pills", "en"),
    ],
)
def test_things_moved_and_side_effects_are_read_by_a_person_not_an_alarm(
    text: str, lang: str
) -> None:
    reading = interpret(text, Context.CHECKIN, lang)
    assert not reading.urgent
    assert reading.review


@pytest.mark.parametrize(
    ("text", "lang", "review"),
    [
        ("Ja men jag måste äta vid tolv pga insulinet, går det?", "sv", False),
        ("Tyttärenpoika kävi ja laittoi uuden lääkeannostelijan", "fi", False),
        ("New tablets are making me a bit woozy", "en", True),
        ("Vähän heikottaa näiden uusien lääkkeiden jälkeen", "fi", True),
        ("lite illamående av de nya blodtryckstabletterna", "sv", True),
    ],
)
def test_a_medicine_named_is_weak_danger_only_with_a_side_effect(
    text: str, lang: str, review: bool
) -> None:
    ctx = Context.INVITATION if "går det" in text else Context.CHECKIN
    reading = interpret(text, ctx, lang)
    assert (reading.review_reason is ReviewReason.WEAK_DANGER) is review


def test_a_scam_that_happened_still_reaches_a_person() -> None:
    reading = interpret("Huijari soitti ja annoin kortin numeron", Context.CHECKIN, "fi")
    assert reading.contact
    assert reading.review


@pytest.mark.parametrize(
    ("text", "mood"),
    [
        ("Bit lonely out here in the new place, would be nice if someone popped in", Mood.OK),
        ("So lonely, nobody has been for weeks", Mood.BAD),
    ],
)
def test_loneliness_told_as_small_is_ok_and_still_a_wish_for_contact(text: str, mood: Mood) -> None:
    reading = interpret(text, Context.CHECKIN, "en")
    assert reading.mood is mood
    assert reading.contact


@pytest.mark.parametrize(
    ("text", "lang", "rsvp"),
    [
        ("tack för inbjudan men jag har tandläkaren då", "sv", Rsvp.NO),
        ("Nae chance this week hen, I'm at my sister's", "en", Rsvp.NO),
        ("Not for me, thanks", "en", Rsvp.NO),
        (
            "Tack för inbjudan. Jag vill gärna komma men har ont i höften, kan jag svara senare?",
            "sv",
            Rsvp.MAYBE,
        ),
        ("Put me down as a maybe, I'll know nearer the time", "en", Rsvp.MAYBE),
        ("Tuletteko hakemaan? Muuten en pääse", "fi", Rsvp.MAYBE),
        (
            "Skulle gärna komma men bilen är på verkstan och jag har ingen som kör mig",
            "sv",
            Rsvp.MAYBE,
        ),
        ("Jag kommer nog, om inte benet krånglar", "sv", Rsvp.MAYBE),
        ("Thanks but I'll give this one a miss, feeling a bit under the weather", "en", Rsvp.NO),
        ("Tack för inbjudan men vi är bortresta hela veckan", "sv", Rsvp.NO),
        ("Away that week visiting family, sorry", "en", Rsvp.NO),
        ("Kommer gärna om någon kan möta mig vid bussen", "sv", Rsvp.MAYBE),
        ("Keen but the bus doesn't run on Sundays, is there a lift?", "en", Rsvp.MAYBE),
    ],
)
def test_answers_to_the_invitation_the_blind_sets_found(text: str, lang: str, rsvp: Rsvp) -> None:
    assert interpret(text, Context.INVITATION, lang).rsvp is rsvp


def test_asking_to_be_fetched_is_a_ride_not_a_yes() -> None:
    reading = interpret("Kommer ni och hämtar?", Context.INVITATION, "sv")
    assert reading.rsvp is None
    assert reading.contact
