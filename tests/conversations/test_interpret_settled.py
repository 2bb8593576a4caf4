"""Fixes from the fifth blind set (blind_final4): danger told as over goes to a
person instead of the alarm, harmless news is not a wish for contact, and new
wordings of danger are heard."""

from __future__ import annotations

import pytest

from conversations.interpret import interpret


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Katten Måns har fått ungar i garderoben", "sv"),
        ("Kossan Rosa har fått en kalv i ladan i natt!", "sv"),
        ("my cat had kittens in the airing cupboard!", "en"),
        ("Kissa sai poikasia vaatekaappiin!", "fi"),
    ],
)
def test_animal_news_is_not_a_wish_for_contact(text: str, lang: str) -> None:
    reading = interpret(text, "checkin", lang)
    assert not reading.contact
    assert not reading.urgent


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("det luktade bränt förut men nu är det nog bra", "sv"),
        ("Mår bra. Grannen fick åka ambulans i går men hon är hemma igen nu", "sv"),
        ("naapurin talossa oli tulipalo viime vuonna, nyt se on korjattu", "fi"),
        ("fell two years ago but fine now", "en"),
        ("halkade på isen förra vintern och bröt handleden men nu har jag broddar", "sv"),
        ("Ramlade på isen i februari och bröt handleden, nu är gipset borta", "sv"),
        ("Had a fall in January and broke my wrist, all healed now", "en"),
        ("Slipped on the path last winter and broke my hip, so I stay in when it's icy", "en"),
        ("Kaaduin pari viikkoa sitten, mustelma on vielä. Muuten kaikki hyvin", "fi"),
        ("Jag ramlade i påskas förra året och bröt handleden, nu är den bra igen", "sv"),
        ("trillade på isen i tisdags men mår bra nu, bara ett stort blåmärke", "sv"),
        ("Had a nasty fall at Christmas but all mended now thanks", "en"),
    ],
)
def test_danger_told_as_over_goes_to_a_person_not_the_alarm(text: str, lang: str) -> None:
    reading = interpret(text, "checkin", lang)
    assert not reading.urgent
    assert reading.review


@pytest.mark.parametrize(
    "text",
    [
        "Ramlade förra året, nu har jag ramlat igen och kommer inte upp",
        "ramlade nästan men det gick bra",
        "hade tryck över bröstet i kväll men det går nog över",
    ],
)
def test_danger_after_the_past_or_a_near_miss_stays_urgent(text: str) -> None:
    assert interpret(text, "checkin", "sv").urgent


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Det är ingen som skulle märka om jag var borta", "sv"),
        ("har tagit hela burken med sömnpiller", "sv"),
        ("Stig har slutat andas", "sv"),
        ("please send someone", "en"),
        ("there is a man in my house I don't know", "en"),
        ("no point going on", "en"),
        ("oksennan verta", "fi"),
        ("sokeri on tosi alhaalla ja tärisen", "fi"),
    ],
)
def test_new_wordings_of_danger_are_urgent(text: str, lang: str) -> None:
    reading = interpret(text, "checkin", lang)
    assert reading.urgent
    assert reading.contact


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("I took all of my sleeping pills", "en"),
        ("tungan känns konstig och munnen hänger på ena sidan", "sv"),
        ("otin liikaa lääkkeitä vahingossa", "fi"),
    ],
)
def test_an_overdose_or_stroke_sign_is_a_bad_day(text: str, lang: str) -> None:
    reading = interpret(text, "checkin", lang)
    assert reading.urgent
    assert reading.mood is not None
    assert reading.mood.value == "bad"


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Dad died on Friday, please remove this number. His son.", "en"),
        ("Nu får det vara slut på sms:en, jag klarar mig själv", "sv"),
        ("This is Tom, Eileen's son. Mum passed away on Sunday. Please stop the messages.", "en"),
        ("Detta är Annas son. Mamma somnade in i juni, var snälla och ta bort hennes nummer", "sv"),
        ("Äiti kuoli viime viikolla, ei tarvitse enää lähettää. Marja", "fi"),
    ],
)
def test_asking_to_be_removed_is_stop(text: str, lang: str) -> None:
    assert interpret(text, "none", lang).stop


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Skulle gärna komma men kan inte gå så långt, finns det skjuts?", "sv"),
        ("yes if someone can pick me up", "en"),
        ("haluaisin tulla mutta ei ole kyytiä", "fi"),
    ],
)
def test_coming_if_there_is_a_ride_is_a_maybe_with_contact(text: str, lang: str) -> None:
    reading = interpret(text, "invitation", lang)
    assert reading.rsvp is not None
    assert reading.rsvp.value == "maybe"
    assert reading.contact


@pytest.mark.parametrize(
    ("text", "lang"),
    [("nej, orkar inte", "sv"), ("no, not feeling up to it", "en"), ("ei, en jaksa", "fi")],
)
def test_not_up_to_an_invitation_is_a_no_and_a_bad_day(text: str, lang: str) -> None:
    reading = interpret(text, "invitation", lang)
    assert reading.rsvp is not None
    assert reading.rsvp.value == "no"
    assert reading.mood is not None
    assert reading.mood.value == "bad"


def test_danger_after_how_are_you_answers_no_invitation() -> None:
    reading = interpret("jag har ramlat i köket och kommer inte upp", "checkin", "sv")
    assert reading.urgent
    assert reading.rsvp is None


@pytest.mark.parametrize(("text", "lang"), [("Fine, bit tired", "en"), ("bra men trött", "sv")])
def test_good_with_tired_is_ok(text: str, lang: str) -> None:
    reading = interpret(text, "checkin", lang)
    assert reading.mood is not None
    assert reading.mood.value == "ok"


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("had a scam call, gave them my card number", "en"),
        ("Någon ringde och sa att mitt barnbarn sitter i fängelse och behöver pengar", "sv"),
    ],
)
def test_a_scam_asks_for_a_call_and_a_person_to_read_it(text: str, lang: str) -> None:
    reading = interpret(text, "checkin", lang)
    assert reading.contact
    assert reading.review
    assert not reading.urgent
