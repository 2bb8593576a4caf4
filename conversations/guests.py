"""How many people come along with a senior who answers an invitation.

"jag och min man", "+1", "JA FYRA", "vi blir tre", "Mej ja Olle", "bara jag":
read from the words `interpret` has already folded and corrected, with the
language's guest words from its lexicon. Pure, like the rest of the reader.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from conversations.lexicon import Lexicon
from conversations.normalize import fold_word
from conversations.reading import Context, Rsvp

_COMPANION_SCAN = 8  # words after "jag och" / "tar med" that may name companions
_LOOKBACK = 4  # words before "följer med" / "och jag" that may name companions
_PLUS = frozenset({"+", "plus"})
_AND = frozenset({"och", "o", "and", "ja", "seka"})  # "ja" is Finnish "and" here
DETERMINERS = frozenset(  # folded like the words they meet ("hennes" -> "henes")
    fold_word(word)
    for word in (
        *("min", "mitt", "mina", "vår", "våra", "hans", "hennes", "deras"),
        *("my", "our", "a", "an", "the", "his", "her", "their"),
        *("hänen", "minun", "meidän"),
    )
)


def count_guests(
    words: Sequence[str],
    lexicon: Lexicon,
    ctx: Context,
    rsvp: Rsvp | None,
    names: frozenset[str],
    breaks: frozenset[int] = frozenset(),
) -> int | None:
    """Extra people coming along; only meaningful for an invitation someone accepts."""
    if rsvp is Rsvp.NO or (ctx is not Context.INVITATION and rsvp is None):
        return None
    for count in (_counted, _answer_count):
        found = count(words, lexicon)
        if found is not None:
            return found
    we = _we_are(words, lexicon)
    named = _companions(words, lexicon, names, breaks)
    if named is not None and (we is None or (not we[1] and we[0] < named)):
        return named  # "vi kommer, jag, min man och två grannar" names more than "vi"
    return we[0] if we is not None else _alone(words, lexicon)


_NAME = re.compile(r"\b[A-ZÅÄÖÉÜ][a-zåäöéüß]{2,}\b")


def names_in(text: str, lexicon: Lexicon) -> frozenset[str]:
    """Capitalised words the lexicon does not know: probably people ("Gerd",
    "Stig"). An all-caps message names nobody this way."""
    if text.isupper() or not any(char.isupper() for char in text):
        return frozenset()
    found = (fold_word(name) for name in _NAME.findall(text))
    return frozenset(name for name in found if name not in lexicon.vocabulary)


def _answer_count(words: Sequence[str], lexicon: Lexicon) -> int | None:
    """A yes followed by a head count at the end: "JA FYRA", "ja 3", "kyllä neljä"."""
    if len(words) < 2 or words[-2] not in lexicon.guests.count_after:
        return None
    number = _number(words[-1], lexicon)
    return number - 1 if number and number > 1 else None


def small_number(word: str) -> int | None:
    """A small written number ("2", "12"); long digit runs are phone numbers, not people."""
    return int(word) if word.isdigit() and len(word) <= 2 else None


def _number(word: str, lexicon: Lexicon) -> int | None:
    return small_number(word) if word.isdigit() else lexicon.numbers.get(word)


def _counted(words: Sequence[str], lexicon: Lexicon) -> int | None:
    """Head counts: "+1", "2 personer", "tre stycken", "3 of us" (the sender is one of them)."""
    for at, word in enumerate(words[:-1]):
        following = words[at + 1]
        if word in _PLUS and (extra := _number(following, lexicon)) is not None:
            return extra  # "+1", "plus one"
        if word == "x" and (times := small_number(following)) is not None:
            return max(times - 1, 0)  # "yes x2": two of us
        number = _number(word, lexicon)
        if number and unit_at(words, at + 1, lexicon):
            return max(number - 1, 0)
    return None


def _we_are(words: Sequence[str], lexicon: Lexicon) -> tuple[int, bool] | None:
    """ "vi blir två", "vi kommer tre stycken", "we are two"; "vi kommer" alone is
    two. With whether the number was said."""
    guests = lexicon.guests
    for at, word in enumerate(words):
        if word not in guests.we:
            continue
        saw_verb = False
        for following in words[at + 1 : at + 4]:
            number = _number(following, lexicon)
            if number:
                return max(number - 1, 0), True
            if following in guests.we_verbs:
                saw_verb = True
            elif saw_verb:
                break
        if saw_verb:
            return guests.we_without_number, False
    return None


def _companions(
    words: Sequence[str], lexicon: Lexicon, names: frozenset[str], breaks: frozenset[int]
) -> int | None:
    """ "jag och min man", "tar med mina två barnbarn", "min fru följer med"."""
    guests = lexicon.guests
    starts = {t[0] for t in guests.with_me + guests.bringing + guests.coming_along}
    counts = [0]  # the longest list wins: "Ainon ja Mirjan kanssa" is two, not "ja Mirjan"
    counts.extend(  # "Me, my sister and her friend Pat"; "Yes, me, Harold and Doris"
        _count_companions(words[at + 1 :], lexicon, names, first_unknown=True)
        for at in _list_starts(words, lexicon, breaks)
    )
    for at, word in enumerate(words):
        if word not in starts:
            continue
        for triggers, first in ((guests.with_me, True), (guests.bringing, False)):
            counts.extend(
                _count_companions(words[at + len(trigger) :], lexicon, names, first)
                for trigger in triggers
                if _matches_at(words, at, trigger)
            )
        counts.extend(
            _count_before(words[max(0, at - _LOOKBACK) : at], lexicon, names)
            for trigger in guests.coming_along
            if _matches_at(words, at, trigger)
        )
    return max(counts) or None


def _list_starts(words: Sequence[str], lexicon: Lexicon, breaks: frozenset[int]) -> list[int]:
    """Where the sender starts a list of who comes with herself: "Me, my sister and
    Pat", "Yes, me, Harold and Doris", "minä, mies ja kaksi naapuria"."""
    return [
        at
        for at, word in enumerate(words)
        if word in lexicon.me and (at == 0 or at in breaks) and at + 1 in breaks
    ]


def _count_before(words: Sequence[str], lexicon: Lexicon, names: frozenset[str]) -> int:
    """People named just before "följer med" / "och jag": "ja, min man och jag" is 1,
    "Sture hänger med" 1."""
    start = len(words)
    while start > 0 and _list_word(words[start - 1], lexicon, names):
        start -= 1
    return _count_companions(words[start:], lexicon, names, first_unknown=False)


def _list_word(word: str, lexicon: Lexicon, names: frozenset[str]) -> bool:
    return (
        word in lexicon.guests.companions
        or _named(word, names)
        or word in DETERMINERS
        or word in _AND
        or _number(word, lexicon) is not None
    )


def _count_companions(
    words: Sequence[str], lexicon: Lexicon, names: frozenset[str], first_unknown: bool
) -> int:
    """People named in a short list: "min man och min syster" is 2, "Karin och
    Birgitta" 2; with `first_unknown` an unknown first word is a name ("Anna")."""
    count = 0
    pending: int | None = None
    for position, word in enumerate(words[:_COMPANION_SCAN]):
        number = _number(word, lexicon)
        if word in lexicon.guests.possessive_only and (
            position == 0 or words[position - 1] not in DETERMINERS
        ):
            break  # "får man ta med", not "min man"
        if position and _same_person(words[position - 1], word, lexicon, names):
            continue
        if word in lexicon.guests.companions or _named(word, names):
            count += pending or 1
            pending = None
        elif number is not None:
            pending = number
        elif word in DETERMINERS or word in _AND:
            continue
        elif first_unknown and position == 0 and _someone(word, lexicon):
            count += 1  # "jag och Anna", "me and she'll stay for lunch"
        else:
            break
    return count


def _same_person(before: str, word: str, lexicon: Lexicon, names: frozenset[str]) -> bool:
    """The word goes on naming the person the word before began: "min väninna
    Märta", "Maj-Britt" (one name in two parts), "naapurin rouvan" (the
    neighbour's wife), "Bosses bror", "Einon veli" (the brother)."""
    companions = lexicon.guests.companions
    person = before in companions or _named(before, names)
    whose = before[-1:] in ("n", "s") and (before in companions or before[:-1] in names)
    return (person and _named(word, names)) or (whose and word in companions)


def _named(word: str, names: frozenset[str]) -> bool:
    """A name, also with an "s" after it ("Ailsa's coming too")."""
    return word in names or (word.endswith("s") and word[:-1] in names)


def _someone(word: str, lexicon: Lexicon) -> bool:
    """A name the lexicon does not know, or "han"/"she"/"hän" naming one person."""
    unknown = word.isalpha() and word not in lexicon.vocabulary
    return unknown or (word in lexicon.others and word not in DETERMINERS)


def _alone(words: Sequence[str], lexicon: Lexicon) -> int | None:
    """ "bara jag", "kommer ensam": nobody extra."""
    alone = lexicon.guests.alone
    starts = {phrase[0] for phrase in alone}
    for at, word in enumerate(words):
        if word in starts and any(_matches_at(words, at, phrase) for phrase in alone):
            return 0
    return None


def _matches_at(words: Sequence[str], at: int, phrase: tuple[str, ...]) -> bool:
    return tuple(words[at : at + len(phrase)]) == phrase


def unit_at(words: Sequence[str], at: int, lexicon: Lexicon) -> bool:
    """A head-count unit starts at `at`: "2 personer", "3 of us" (not "one of these")."""
    return any(_matches_at(words, at, unit) for unit in lexicon.guests.units)
