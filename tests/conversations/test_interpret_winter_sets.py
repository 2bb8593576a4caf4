"""Fixes from the twenty-fourth and twenty-fifth blind sets (blind_final23 and
blind_final24, winter and people caring for a partner): the two urgent replies
that reached nobody, false alarms, whose illness a bad word is about, hearing
and sight that are facts rather than moods, and urgent replies that do not
answer the invitation."""

from __future__ import annotations

import pytest

from conversations.interpret import interpret
from conversations.reading import Context, Mood, Rsvp


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("The carers never came today and there's nothing in the fridge", "en"),
        ("Var är jag? Det här är inte mitt kök. Var är Gunnar", "sv"),
        ("Mieheni sai juuri kohtauksen enkä saa häntä hereille", "fi"),
        ("Some idiot's been in the shed and the back door lock is broken", "en"),
    ],
)
def test_danger_these_sets_found_is_urgent(text: str, lang: str) -> None:
    reading = interpret(text, Context.CHECKIN, lang)
    assert reading.urgent
    assert reading.contact
    assert reading.mood is Mood.BAD


@pytest.mark.parametrize(
    ("text", "lang", "ctx"),
    [
        ("Fell on the ice last week but I'm fine now, just a big bruise", "en", Context.CHECKIN),
        (
            "Jag ramlade i köket i förrgår men kom upp själv och nu går det bra",
            "sv",
            Context.CHECKIN,
        ),
        ("Doing well! Got the tree up with my grandson's help yesterday", "en", Context.CHECKIN),
        ("Where am I supposed to go for the lunch? I've forgotten the address", "en", Context.NONE),
        (
            "Det är tungt nu, Gunnar känner inte igen mig längre när jag kommer",
            "sv",
            Context.CHECKIN,
        ),
        (
            "not great. haven't eaten much, don't see the point cooking for one",
            "en",
            Context.CHECKIN,
        ),
        ("Jo int ä dä så farlit, lite kallt bara, 28 minus i natt", "sv", Context.CHECKIN),
    ],
)
def test_what_only_looks_like_danger_is_not_urgent(text: str, lang: str, ctx: Context) -> None:
    assert not interpret(text, ctx, lang).urgent


def test_danger_told_as_over_is_still_read_by_a_person() -> None:
    reading = interpret("Fell on the ice last week but I'm fine now", Context.CHECKIN, "en")
    assert reading.review
    assert not reading.urgent


@pytest.mark.parametrize(
    ("text", "lang", "ctx"),
    [
        ("nej, min man ligger på sjukhus", "sv", Context.INVITATION),
        (
            "Vet inte än, Gunnar har feber och jag vill vara nära telefonen",
            "sv",
            Context.INVITATION,
        ),
        ("Mies on sairas, en pääse", "fi", Context.INVITATION),
        ("Maybe, Biscuit has been poorly and I dont like leaving him", "en", Context.INVITATION),
        ("Mamma ligger på sjukhuset sedan igår och kan inte svara själv", "sv", Context.CHECKIN),
    ],
)
def test_someone_elses_illness_is_not_her_mood(text: str, lang: str, ctx: Context) -> None:
    assert interpret(text, ctx, lang).mood is None


@pytest.mark.parametrize(
    ("text", "lang", "mood"),
    [
        ("Polvi on niin kipee etten pääse kunnolla kävelemään", "fi", Mood.BAD),
        ("Nyårsafton ensam igen i år", "sv", Mood.BAD),
        ("Gunnar och jag är förkylda båda två", "sv", Mood.BAD),
        ("Dä e bra me mej, men gubben e dålig igen", "sv", Mood.GOOD),
        ("mar bra tack, lite ont i knat som vanligt", "sv", Mood.OK),
        ("Menee se. Pimeää on", "fi", Mood.OK),
        ("ei hyvä eikä huono", "fi", Mood.OK),
        ("no mitäs tässä, eletään", "fi", Mood.OK),
        ("Huimaa niin etten pysty seisomaan", "fi", Mood.BAD),
        ("Huolissani rahoista, sähkölasku on niin iso etten saa öisin unta", "fi", Mood.BAD),
        ("Missing my husband terribly, it's the first Christmas without him", "en", Mood.BAD),
        ("Could do better, bad night with my back", "en", Mood.OK),
    ],
)
def test_how_she_says_she_is_is_read_as_hers(text: str, lang: str, mood: Mood) -> None:
    assert interpret(text, Context.CHECKIN, lang).mood is mood


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Jag hör dåligt så ni får skriva. Jag kommer på tisdag", "sv"),
        ("Tulen, mutta kuulen huonosti, voinko istua lähellä puhujaa?", "fi"),
        ("Sorry it's Mum's phone, her hearing is bad so she asked me to say she'll come", "en"),
    ],
)
def test_hearing_and_sight_are_facts_not_moods(text: str, lang: str) -> None:
    reading = interpret(text, Context.INVITATION, lang)
    assert reading.mood is None
    assert reading.rsvp is Rsvp.YES


@pytest.mark.parametrize(
    ("text", "lang", "ctx"),
    [
        ("Kaaduin juuri, en pysty nyt vastaamaan", "fi", Context.INVITATION),
        ("Can't talk, Stan's collapsed in the bathroom", "en", Context.INVITATION),
        ("Apua, joku yrittää tulla ovesta sisään", "fi", Context.NONE),
    ],
)
def test_an_urgent_reply_that_does_not_answer_gives_no_rsvp(
    text: str, lang: str, ctx: Context
) -> None:
    reading = interpret(text, ctx, lang)
    assert reading.urgent
    assert reading.rsvp is None


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Glad första advent allihop! 🕯️", "sv"),
        ("Hyvää itsenäisyyspäivää kaikille!", "fi"),
        ("Hyvää joulua kaikille! God jul! 🎄", "fi"),
        ("Glad påsk på er alla! Hyvää pääsiäistä! 🐣", "sv"),
        ("Happy Midsummer everyone! Glad midsommar! 🌸", "en"),
    ],
)
def test_season_greetings_say_nothing_of_her_day(text: str, lang: str) -> None:
    reading = interpret(text, Context.NONE, lang)
    assert reading.greeting
    assert reading.mood is None


@pytest.mark.parametrize(
    ("text", "lang", "rsvp", "guests"),
    [
        ("Joo tullaan kahestaan", "fi", Rsvp.YES, 1),
        ("Minä ja siskoni ja hänen miehensä", "fi", Rsvp.YES, 2),
        ("Ja, ja kommer gäarna! Ja tar mä maj Ingvar", "sv", Rsvp.YES, 1),
        ("Oh I'd love to but I'm away at my daughter's that week", "en", Rsvp.NO, None),
        ("Thank you dear but I'm not a lunch person", "en", Rsvp.NO, None),
        (
            "Vill gärna komma men ser så dåligt att jag inte hittar dit själv",
            "sv",
            Rsvp.MAYBE,
            None,
        ),
    ],
)
def test_answers_to_the_invitation(text: str, lang: str, rsvp: Rsvp, guests: int | None) -> None:
    reading = interpret(text, Context.INVITATION, lang)
    assert (reading.rsvp, reading.guests) == (rsvp, guests)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Mum passed away on Sunday. Please remove this number.", "en"),
        ("Äiti kuoli viime viikolla. Älkää enää lähettäkö viestejä tähän numeroon", "fi"),
    ],
)
def test_a_relative_telling_of_a_death_stops_the_messages_without_a_second_reader(
    text: str, lang: str
) -> None:
    reading = interpret(text, Context.CHECKIN, lang)
    assert reading.stop
    assert not reading.review


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Ringde nån och sa han var polis, jag la på direkt", "sv"),
        ("Someone rang saying they were from the bank, I put the phone down", "en"),
        ("Joku soitti ja kyseli mun pankkikoodeja, en antanu vaan löin luurin korvaan", "fi"),
        ("Joku huijari soitti mut mä löin luurin korvaan", "fi"),
        ("En bedragare ringde igen o ville ha mitt bankID. Jag sa nej o la på", "sv"),
        ("Fine thanks. Had a scam call pretending to be the bank but I hung up on them", "en"),
    ],
)
def test_a_scam_call_hung_up_on_needs_nobody(text: str, lang: str) -> None:
    reading = interpret(text, Context.CHECKIN, lang)
    assert not reading.contact
    assert not reading.review


def test_a_death_with_loneliness_still_reaches_a_person() -> None:
    reading = interpret("Min man har gått bort och jag är så ensam", Context.CHECKIN, "sv")
    assert reading.contact
    assert reading.mood is Mood.BAD
