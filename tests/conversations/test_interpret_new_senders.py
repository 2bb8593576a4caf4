"""Fixes from the twenty-sixth to twenty-ninth blind sets (blind_final25 to
blind_final28): late winter, people new to the service, summer, and men
living alone. The wish not to wake that reached nobody, understated danger,
lists that start with "me", joy about the lunch that is not her mood, and
indirect wishes for company."""

from __future__ import annotations

import pytest

from conversations.interpret import interpret
from conversations.reading import Context, Mood, Rsvp


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Trött. Vill helst inte vakna i morgon om jag ska vara ärlig", "sv"),
        ("Mulla menee hyvin mut naapurin Matti kaatu pihalla eikä pääse ylös", "fi"),
        ("Joku yritti tulla ovesta sisään yöllä ja nyt se on taas pihalla", "fi"),
        ("Dad can't remember where he is this morning, keeps asking for Mum", "en"),
        ("Olen tosi kipeä, kuume on noussut ja yskin verta", "fi"),
        ("Tosi kova päänsärky ja oikea käsi ei tottele, puhekin tuntuu oudolta", "fi"),
        ("Hej jag är orolig för min väninna Elsa, hon har inte öppnat på två dagar", "sv"),
        ("Coughing up blood since this morning", "en"),
        ("Hostar blod sen i natt", "sv"),
    ],
)
def test_understated_danger_is_urgent(text: str, lang: str) -> None:
    reading = interpret(text, Context.CHECKIN, lang)
    assert reading.urgent
    assert reading.contact


@pytest.mark.parametrize(
    ("text", "lang", "mood"),
    [
        ("Ei mee kovin hyvin, flunssa päällä", "fi", Mood.BAD),
        ("Sairas oon. Maha sekaisin koko yön", "fi", Mood.BAD),
        ("I keep seeing double since the new tablets. Otherwise ok", "en", Mood.OK),
    ],
)
def test_illness_and_side_effects_are_not_an_emergency(text: str, lang: str, mood: Mood) -> None:
    reading = interpret(text, Context.CHECKIN, lang)
    assert not reading.urgent
    assert reading.mood is mood


def test_double_vision_from_new_tablets_is_read_by_a_person() -> None:
    reading = interpret("I keep seeing double since the new tablets", Context.CHECKIN, "en")
    assert reading.review


def test_home_care_that_did_not_come_is_a_call_not_an_alarm() -> None:
    reading = interpret("Kotihoitaja ei tullut aamulla", Context.CHECKIN, "fi")
    assert reading.contact
    assert not reading.urgent
    stuck = interpret("kotihoitaja ei tullut enkä pääse sängystä ylös", Context.CHECKIN, "fi")
    assert stuck.urgent


@pytest.mark.parametrize(
    ("text", "lang", "mood"),
    [
        ("Yes lovely, what time does it start?", "en", None),
        ("Ja tack! Så roligt att bli bjuden, det var länge sen", "sv", None),
        (
            "Ja tack det vill jag gärna, förra gången var det så god fisk och trevligt folk",
            "sv",
            None,
        ),
        ("Bra tack. Och ja jag kommer till lunchen", "sv", Mood.GOOD),
        ("Doing well thank you, see you there", "en", Mood.GOOD),
        ("Yes I'll come, feeling much better now", "en", Mood.GOOD),
    ],
)
def test_after_an_invitation_praise_of_the_lunch_is_not_her_mood(
    text: str, lang: str, mood: Mood | None
) -> None:
    assert interpret(text, Context.INVITATION, lang).mood is mood


def test_a_first_word_with_today_answers_how_she_is() -> None:
    reading = interpret("Sådär idag, ont i knät efter promenaden", Context.CHECKIN, "sv")
    assert reading.mood is Mood.OK


@pytest.mark.parametrize(
    ("text", "lang", "ctx"),
    [
        ("Been to the shops. Wouldn't mind a visitor one of these days", "en", Context.CHECKIN),
        ("Ei täällä kukaan käy koskaan", "fi", Context.CHECKIN),
        ("so so. would be nice if my son rang a bit more", "en", Context.CHECKIN),
        ("Riippuu siitä ehtiikö tytär viedä minut", "fi", Context.INVITATION),
        ("Pratar inte med någon på hela veckorna", "sv", Context.CHECKIN),
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
def test_indirect_wishes_for_company_or_a_ride_reach_a_person(
    text: str, lang: str, ctx: Context
) -> None:
    assert interpret(text, ctx, lang).contact


def test_a_scam_call_hung_up_on_in_other_words_needs_nobody() -> None:
    reading = interpret(
        "Got a call about my bank account, didn't sound right so I hung up", Context.CHECKIN, "en"
    )
    assert not reading.contact


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Stung by a wasp on my lip and now my throat is swelling up", "en"),
        ("Getingen stack mig i munnen och nu svullnar halsen", "sv"),
        ("Kotihoitoa ei oo näkyny kolmeen päivään eikä jääkaapissa oo mitään", "fi"),
        ("Balkongdörren stod öppen när jag vaknade och jag har inte öppnat den", "sv"),
        ("Joku on ollut asunnossa, ovi oli auki ja lompakko on poissa", "fi"),
        ("Jag har glömt om jag tagit kvällsmedicinen så jag tog en till för säkerhets skull", "sv"),
        (
            "jag kan inte hitta min lägenhet, står i en korridor och alla dörrar ser likadana ut",
            "sv",
        ),
    ],
)
def test_danger_told_without_its_usual_words_is_urgent(text: str, lang: str) -> None:
    assert interpret(text, Context.CHECKIN, lang).urgent


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Someone phoned saying they were from the bank and I gave them my card number", "en"),
        ("Annoin huijarille kortin numeron ja turvakoodin", "fi"),
        (
            "Blev lurad i telefon, gav mitt kortnummer till en som sa att han var från Postnord",
            "sv",
        ),
    ],
)
def test_a_scam_that_happened_reaches_a_person_without_a_mood_she_did_not_give(
    text: str, lang: str
) -> None:
    reading = interpret(text, Context.NONE, lang)
    assert reading.contact
    assert reading.review
    assert reading.mood is None


@pytest.mark.parametrize(
    ("text", "mood"),
    [
        ("Mustikoita poimittiin kolme ämpärillistä! 😊", Mood.GOOD),
        ("Hyvä. Sain kolme ahventa pilkillä", Mood.GOOD),
        ("kolme", Mood.BAD),
    ],
)
def test_a_number_word_is_a_menu_answer_only_on_its_own(text: str, mood: Mood) -> None:
    assert interpret(text, Context.CHECKIN, "fi").mood is mood


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Kan ni hämta mig i Haga? Då kommer jag", "sv"),
        ("Tulisin jos joku tulee hakemaan", "fi"),
        ("En tiiä, ei oo kyytiä", "fi"),
    ],
)
def test_coming_only_if_a_ride_works_out_is_a_maybe(text: str, lang: str) -> None:
    reading = interpret(text, Context.INVITATION, lang)
    assert reading.rsvp is Rsvp.MAYBE
    assert reading.contact
