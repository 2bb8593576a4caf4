"""Properties `interpret` keeps for any input: it never raises, and urgent means contact."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from conversations.interpret import interpret
from conversations.reading import Reading

contexts = st.sampled_from(["checkin", "invitation", "none", "", "CHECKIN", "nonsense"])
langs = st.sampled_from(["sv", "en", "", "de", "SV"])
# Words from the lexicons mixed with noise reach the interesting code paths.
lexicon_words = st.sampled_from(
    [
        "ja",
        "nej",
        "inte",
        "så",
        "bra",
        "dåligt",
        "ring",
        "hjälp",
        "ramlat",
        "vi",
        "blir",
        "två",
        "jag",
        "och",
        "min",
        "man",
        "+",
        "1",
        "3",
        "stopp",
        "kanske",
        "*",
        "alls",
        "tack",
        "för",
        "hjälpen",
        "kan",
        "komma",
        "👍",
        "😢",
        "I",
        "fell",
        "not",
        "good",
        "med",
        "mina",
        "barnbarn",
        "personer",
        "?",
        ",",
        ".",
    ]
)
phrases = st.lists(lexicon_words, max_size=40).map(" ".join)


@settings(max_examples=150, deadline=None)
@given(text=st.text(max_size=10_000), context=contexts, lang=langs)
def test_interpret_never_raises_on_any_text(text: str, context: str, lang: str) -> None:
    assert isinstance(interpret(text, context, lang), Reading)


@settings(max_examples=300, deadline=None)
@given(text=phrases, context=contexts, lang=langs)
def test_urgent_always_asks_for_contact(text: str, context: str, lang: str) -> None:
    reading = interpret(text, context, lang)
    assert not reading.urgent or reading.contact
    assert not reading.suicidal or reading.urgent
    assert not reading.transport or reading.contact


@settings(max_examples=150, deadline=None)
@given(text=phrases, context=contexts)
def test_guests_are_never_negative(text: str, context: str) -> None:
    guests = interpret(text, context).guests
    assert guests is None or guests >= 0


@settings(max_examples=30, deadline=None)
@given(chunk=st.text(min_size=1, max_size=100), context=contexts)
def test_ten_thousand_characters_are_scanned_to_the_end(chunk: str, context: str) -> None:
    noise = (chunk * (9_900 // len(chunk) + 1))[:9_900]
    assert interpret(noise + " . har ramlat", context).urgent
