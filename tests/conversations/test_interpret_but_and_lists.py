"""Fixes from the twenty-second and twenty-third blind sets (blind_final21 and
blind_final22): a good day with a "but", companions in a list, a wish that a
"but" takes back, and money ("råd") that folding made look like fear ("rädd")."""

from __future__ import annotations

import pytest

from conversations.interpret import interpret
from conversations.reading import Context, Mood, Rsvp


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Bra fast hostan vill inte ge sig", "sv"),
        ("Bra, fast knät värker lite i kylan", "sv"),
        ("fine but would love someone to chat to", "en"),
        ("Good but I'd love a visitor now and then", "en"),
        ("Ihan hyvin, mutta kiva olisi jos joku kävisi kylässä", "fi"),
        ("mår bra tack, men det vore roligt med besök nån gång", "sv"),
    ],
)
def test_a_good_day_with_a_complaint_or_a_wish_for_company_is_ok(text: str, lang: str) -> None:
    reading = interpret(text, Context.CHECKIN, lang)
    assert reading.mood is Mood.OK


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Bra men ring gärna ändå", "sv"),  # a call asked for, not loneliness
        ("kaikki hyvin mutta tarvisin apua pihan kolaamiseen", "fi"),  # practical help
        ("mår bra men grannens katt har jamat hela natten", "sv"),  # nothing wrong with her
    ],
)
def test_a_good_day_with_a_practical_request_stays_good(text: str, lang: str) -> None:
    reading = interpret(text, Context.CHECKIN, lang)
    assert reading.mood is Mood.GOOD


@pytest.mark.parametrize(
    ("text", "lang", "guests"),
    [
        ("Ja! Jag och min väninna Siv och hennes syster", "sv", 2),
        ("Kommer med min syster och hennes man", "sv", 2),
        ("Mielelläni! Tulemme Ainon ja Mirjan kanssa", "fi", 2),
        ("Kyllä, tulen poikani, miniän ja pojanpojan kanssa", "fi", 3),
        ("Tulen ja otan pojanpojan mukaan, hän on lomalla", "fi", 1),
        ("Delighted to, thank you 😊", "en", None),
        ("Me, my sister and her friend Pat", "en", 2),
        ("Yes, me, Harold and Doris from next door", "en", 2),
        ("Minä, siskoni ja naapurin Aili tullaan", "fi", 2),
        ("Me tullaan koko porukka, minä, mies ja kaksi naapuria", "fi", 3),
        ("Aye, I'll come. Bringing my mate Dave", "en", 1),
        ("Yes, my daughter will drive me and she'll stay for lunch too", "en", 1),
        ("Yes, but could someone phone me first, I've never been to one of these", "en", None),
        ("Count me in, plus one 🙂", "en", 1),
        ("Ja, plus en", "sv", 1),
        ("Yes and Ailsa's coming too", "en", 1),
        ("Vi kommer två, jag och Maj-Lis från Seskarö", "sv", 1),
        ("Jaa kommer bara mie", "sv", 0),
        ("Kommer med min väninna Maj-Britt 😊", "sv", 1),
        ("Ja, Sven-Erik kommer också", "sv", 1),
        ("Mukana ollaan! Koko porukka, minä, Eino ja Einon veli", "fi", 2),
        ("Japp vi kommer, jag och grannarna Stina och Bosse och Bosses bror", "sv", 3),
        ("yes x2", "en", 1),
        ("Yes. Bringing my carer Susan, I can't go anywhere without her now", "en", 1),
    ],
)
def test_who_comes_along_is_counted(text: str, lang: str, guests: int | None) -> None:
    reading = interpret(text, Context.INVITATION, lang)
    assert reading.rsvp is Rsvp.YES
    assert reading.guests == guests


@pytest.mark.parametrize(
    ("text", "lang", "rsvp"),
    [
        ("I'd like to but I have my memory test that morning", "en", Rsvp.NO),
        ("Gärna men hemtjänsten kommer kl 12 så jag hinner inte", "sv", Rsvp.NO),
        ("love to come but my hip is stiff so maybe", "en", Rsvp.MAYBE),
        ("Gärna men ingen kan köra mig dit", "sv", Rsvp.MAYBE),
        ("Haluaisin tulla mutta ei ole ketään joka veisi", "fi", Rsvp.MAYBE),
        ("Would love to come but I've no transport since I gave up the car", "en", Rsvp.MAYBE),
        ("Skulle vilja men har inte råd med bussen den här månaden", "sv", Rsvp.MAYBE),
        ("Would love to come! See you Thursday", "en", Rsvp.YES),
    ],
)
def test_a_wish_taken_back_by_but_is_a_no_unless_a_ride_would_settle_it(
    text: str, lang: str, rsvp: Rsvp
) -> None:
    reading = interpret(text, Context.INVITATION, lang)
    assert reading.rsvp is rsvp
    assert reading.contact is (rsvp is Rsvp.MAYBE and "maybe" not in text)


def test_no_money_is_not_fear() -> None:
    reading = interpret("Tack men har inte råd just nu", Context.INVITATION, "sv")
    assert (reading.rsvp, reading.mood) == (Rsvp.NO, None)
    scared = interpret("Jag är så rädd att ramla i trappan", Context.CHECKIN, "sv")
    assert scared.mood is Mood.BAD
