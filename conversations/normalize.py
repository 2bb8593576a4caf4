"""Turn what people type into tokens the lexicon can match.

Seniors write "DÅLIGT", "daligt", "dååligt!!" and "Braaa 👍🏻" for the same
things. Both the lexicon and incoming text go through `fold_word`, so a
phrase written once in a data file matches every spelling of it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Emoji and pictographs we treat as words; skin tones and variation selectors
# are dropped first so "👍🏻" and "👍" are the same token.
_EMOJI = "\u2600-\u27bf\u2b50\u2b55\U0001f300-\U0001faff"
_MODIFIERS = re.compile("[\ufe0e\ufe0f\u200d\u20e3\U0001f3fb-\U0001f3ff]")
_COMBINING = re.compile("[\u0300-\u036f]")
# Words, digits, "+" and emoji. Clauses are split on punctuation first and each
# is matched with findall (C-level): a third of the cost of a finditer loop.
_WORDS = re.compile(rf"[^\W\d_]+|\d+|\+|[{_EMOJI}]")
_STOPS = re.compile(r"[.,!?;:\n()]+")
_REPEATS = re.compile(r"([^\W\d_])\1+")  # letters only: "112" stays "112"
_APOSTROPHES = re.compile("['’`´]")
# "I'll" would fold to "ill" (sick): spell the contraction out first.
_WILL = re.compile("(?<=[a-z])['’]ll\\b")
_SPECIAL_LETTERS = str.maketrans({"æ": "a", "ø": "o", "ß": "ss", "đ": "d", "ł": "l"})


@dataclass(frozen=True, slots=True)
class Tokens:
    """Folded words of one message and where its clauses break.

    `breaks` holds indexes of tokens that follow punctuation, so negation
    ("Kan inte komma. Mår bra") does not leak across a sentence.
    """

    words: tuple[str, ...]
    breaks: frozenset[int]
    has_question_mark: bool
    # The same words before repeated letters were collapsed ("feel" where
    # `words` has "fel"), to tell "I feel" from "I fell".
    raw: tuple[str, ...] = ()


def fold_text(text: str) -> str:
    """Casefold and strip diacritics: "Dåligt" -> "daligt", "Hjälp" -> "hjalp"."""
    text = text.casefold()
    if "ll" in text:
        text = _WILL.sub(" will", text)
    text = _APOSTROPHES.sub("", text)
    if text.isascii():  # nothing to decompose: most replies typed without å/ä/ö
        return text
    text = unicodedata.normalize("NFKD", text)
    text = _COMBINING.sub("", text)
    return _MODIFIERS.sub("", text).translate(_SPECIAL_LETTERS)


def squeeze(word: str) -> str:
    """Collapse repeated letters: "braaa" -> "bra", "RINGG" -> "ring", "stopp" -> "stop".

    Doubled letters are collapsed in the lexicon too, so "komma" still matches.
    """
    return _REPEATS.sub(r"\1", word)


def fold_word(word: str) -> str:
    """The one spelling of a word used for matching."""
    return squeeze(fold_text(word))


def tokenize(text: str) -> Tokens:
    """Split a message into folded word, digit, "+" and emoji tokens."""
    folded = fold_text(text)
    squeezed = squeeze(folded)
    words, breaks = _split(squeezed)
    if squeezed == folded:
        return Tokens(words, breaks, "?" in text, words)
    raw, _ = _split(folded)
    return Tokens(words, breaks, "?" in text, raw if len(raw) == len(words) else words)


def _split(text: str) -> tuple[tuple[str, ...], frozenset[int]]:
    words: list[str] = []
    breaks: set[int] = set()
    for index, clause in enumerate(_STOPS.split(text)):
        if index:  # a run of punctuation came before this clause
            breaks.add(len(words))
        words += _WORDS.findall(clause)
    return tuple(words), frozenset(breaks)
