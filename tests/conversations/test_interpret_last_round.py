"""Fixes from the fortieth and forty-first blind sets (blind_final39 and
blind_final40, everyday replies without a theme): the urgent reply that
reached nobody, stroke signs and a neighbour who does not open in Finnish and
Swedish, names written in two parts, and whose brother is one person."""

from __future__ import annotations

import pytest

from conversations.interpret import interpret
from conversations.reading import Context, Rsvp


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Olen tosi kipeä, kuume on noussut ja yskin verta", "fi"),
        ("Tosi kova päänsärky ja oikea käsi ei tottele, puhekin tuntuu oudolta", "fi"),
        ("Hej jag är orolig för min väninna Elsa, hon har inte öppnat på två dagar", "sv"),
        ("Coughing up blood since this morning", "en"),
        ("Hostar blod sen i natt", "sv"),
    ],
)
def test_danger_the_last_round_found_is_urgent(text: str, lang: str) -> None:
    reading = interpret(text, Context.CHECKIN, lang)
    assert reading.urgent
    assert reading.contact


@pytest.mark.parametrize(
    ("text", "lang", "guests"),
    [
        ("Kommer med min väninna Maj-Britt 😊", "sv", 1),
        ("Ja, Sven-Erik kommer också", "sv", 1),
        ("Mukana ollaan! Koko porukka, minä, Eino ja Einon veli", "fi", 2),
        ("Japp vi kommer, jag och grannarna Stina och Bosse och Bosses bror", "sv", 3),
        ("yes x2", "en", 1),
        ("Yes. Bringing my carer Susan, I can't go anywhere without her now", "en", 1),
    ],
)
def test_names_in_two_parts_and_whose_brother(text: str, lang: str, guests: int) -> None:
    reading = interpret(text, Context.INVITATION, lang)
    assert reading.rsvp is Rsvp.YES
    assert reading.guests == guests


@pytest.mark.parametrize(
    ("text", "lang", "rsvp"),
    [
        ("Put me down as a maybe, I'll know nearer the time", "en", Rsvp.MAYBE),
        ("Tuletteko hakemaan? Muuten en pääse", "fi", Rsvp.MAYBE),
        (
            "Skulle gärna komma men bilen är på verkstan och jag har ingen som kör mig",
            "sv",
            Rsvp.MAYBE,
        ),
        ("Jag kommer nog, om inte benet krånglar", "sv", Rsvp.MAYBE),
        ("Thanks but I'll give this one a miss, feeling a bit under the weather", "en", Rsvp.NO),
    ],
)
def test_answers_the_last_round_found(text: str, lang: str, rsvp: Rsvp) -> None:
    assert interpret(text, Context.INVITATION, lang).rsvp is rsvp


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("pretty rough day. the new pills are making me dizzy and sick", "en"),
        ("Ei käy tällä kertaa, lapsenlapset tulevat kylään", "fi"),
        ("Thank you so much for the call last week, it really cheered me up", "en"),
    ],
)
def test_a_side_effect_or_a_visit_told_of_calls_nobody_out(text: str, lang: str) -> None:
    reading = interpret(text, Context.CHECKIN, lang)
    assert not reading.urgent
    assert not reading.contact


@pytest.mark.parametrize(
    ("text", "lang", "ctx"),
    [
        ("It's my 85th today and no one has rung. Feeling a bit forgotten", "en", Context.NONE),
        (
            "Hej. Min son har inte hört av sig sen julen och jag vet inte varför",
            "sv",
            Context.CHECKIN,
        ),
        ("Mulla menee ihan ok, vähän yksin vaan oon", "fi", Context.CHECKIN),
        (
            "I gave a man on the phone my bank login, he said my account had been hacked",
            "en",
            Context.NONE,
        ),
    ],
)
def test_indirect_wishes_and_a_scam_from_the_last_round_reach_a_person(
    text: str, lang: str, ctx: Context
) -> None:
    assert interpret(text, ctx, lang).contact


@pytest.mark.parametrize(
    ("text", "lang", "rsvp"),
    [
        ("Tack för inbjudan men vi är bortresta hela veckan", "sv", Rsvp.NO),
        ("Away that week visiting family, sorry", "en", Rsvp.NO),
        ("Kommer gärna om någon kan möta mig vid bussen", "sv", Rsvp.MAYBE),
        ("Keen but the bus doesn't run on Sundays, is there a lift?", "en", Rsvp.MAYBE),
    ],
)
def test_more_answers_from_the_last_round(text: str, lang: str, rsvp: Rsvp) -> None:
    assert interpret(text, Context.INVITATION, lang).rsvp is rsvp


@pytest.mark.parametrize(
    ("text", "urgent"),
    [
        ("Voin huonosti, kuumetta 39", False),
        ("kuumetta 39 ja vilunväristyksiä", True),
    ],
)
def test_a_fever_alone_is_read_by_a_person_with_shivers_it_is_urgent(
    text: str, urgent: bool
) -> None:
    reading = interpret(text, Context.CHECKIN, "fi")
    assert reading.urgent is urgent
    assert reading.urgent or reading.review
