"""Understand a reply the way a careful coordinator would.

`interpret` is pure and fast: the words live in `lexicon/<lang>.toml`, this
module only decides what the matches add up to. Safety comes first: anything
that may be danger is urgent even when the message also answers the question,
and a request for contact is never lost inside a mood answer.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from conversations.danger import SAFETY, explained_away, near_hits, told_as_over
from conversations.guests import count_guests, names_in, small_number, unit_at
from conversations.lexicon import ANCHOR, LEXICONS, SPELLINGS, Hit, Lexicon
from conversations.mood_words import courtesy_only, lunch_joy, read_mood
from conversations.normalize import Tokens, fold_text, tokenize
from conversations.reading import Context, Mood, Reading, Rsvp
from conversations.review import Signals, second_look
from conversations.rsvp_words import read_rsvp, settle_rsvp

DEFAULT_LANG = "sv"
_MENU_WINDOW = 1  # the menu number must be the first word ("3 RING", " 1. ")


def interpret(text: str, context: Context | str, lang: str = DEFAULT_LANG) -> Reading:
    """What a reply says: mood, RSVP, guests, every call for help in it, and
    whether a person should read it (`review`)."""
    ctx = _context(context)
    tokens = tokenize(text)
    own = _lexicon(lang)
    lexicon = _language_of(tokens.words, own)
    words = lexicon.correct(tokens.words, tokens.raw)
    hits = _without_refused_scam(_hits(words, tokens, ctx, lexicon))
    flags = {category for hit in hits for category in hit.categories}
    foreign = [
        _Foreign.read(tokens, ctx, other) for other in LEXICONS.values() if other is not lexicon
    ]
    for other in foreign:  # danger and STOP are read in every language
        flags |= _safety(text, other, lexicon.vocabulary)
    menu = _menu_answer(words, ctx, lexicon)
    explained = explained_away(hits)
    told_over = told_as_over(hits, tokens.breaks, words, lexicon.present)
    settled = "suicidal" not in flags and (told_over or explained)
    urgent = not settled and ("urgent" in flags or "suicidal" in flags)
    if explained:  # "hjärtat rusar av glädje" says nothing bad of the day
        hits = [hit for hit in hits if "urgent" not in hit.categories]
    names = names_in(text, lexicon)
    mood = Mood.BAD if "suicidal" in flags else read_mood(hits, words, tokens, lexicon, menu, names)
    if mood is None:  # "hyvin menee, tack" from a Swedish senior still says how she is
        mood = next((m for other in foreign if (m := _foreign_mood(other, tokens, lexicon))), None)
    if mood is Mood.GOOD and courtesy_only(ctx, flags, hits, words, tokens, lexicon):
        mood = None  # "Tack för soppan, den var jättegod", "Glad midsommar! God jul!"
    rsvp = read_rsvp(hits, words, tokens, lexicon, menu)
    if rsvp is None and ctx is Context.INVITATION:  # "ja" from an English senior
        rsvp = next((r for other in foreign if (r := _foreign_rsvp(other, tokens, lexicon))), None)
    rsvp = settle_rsvp(rsvp, ctx, flags, urgent, hits, words, lexicon)
    if ctx is Context.INVITATION and lunch_joy(
        mood, rsvp is not None, hits, words, tokens, lexicon
    ):
        mood = None  # "kommer 😊", "Yes lovely!": joy about the lunch, not how her day is
    guests = count_guests(words, lexicon, ctx, rsvp, names, tokens.breaks)
    if "asks_to_bring" in flags:
        guests = None  # "Ja! Kan jag ta med Maj-Britt?" asks who may come, it does not say
    elif rsvp is None and guests and ctx is Context.INVITATION:
        if tokens.has_question_mark:
            guests = None  # "Får man ta med hunden?" asks, it does not answer
        else:
            rsvp = Rsvp.YES  # "jag och min man" answers the invitation
    reading = Reading(
        mood=mood,
        rsvp=rsvp,
        guests=guests,
        contact=urgent or bool(flags & {"contact", "transport"}),
        urgent=urgent,
        stop="stop" in flags,
        start="start" in flags and "stop" not in flags,
        suicidal="suicidal" in flags,
        question=_question(hits, tokens),
        greeting="greeting" in flags,
        thanks="thanks" in flags,
        who_is_this="who_is_this" in flags,
        wrong_number="wrong_number" in flags,
        transport="transport" in flags,
    )
    calm = "ignore" in flags or settled
    # A heart racing with joy needs no reader; a smoke alarm's battery does.
    joyful = explained and any({"harmless", "mood.good"} <= set(hit.categories) for hit in hits)
    weak = "review" in flags or (settled and not joyful)
    signals = Signals(weak, lexicon is not own, calm, news="news" in flags)
    read = second_look(reading, tokens, ctx, signals)
    if read.urgent and read.mood is None:
        return replace(read, mood=Mood.BAD)  # a day with danger in it is a bad day
    return read


def _without_refused_scam(hits: list[Hit]) -> list[Hit]:
    """A scam call she hung up on ("huijari soitti, löin luurin korvaan") needs
    nobody: its scam words (contact and review at once) then ask for no call and
    no second reader."""
    if not any("refused" in hit.categories for hit in hits):
        return hits
    return [
        hit
        for hit in hits
        if not ("review" in hit.categories and {"contact", "transport"} & set(hit.categories))
    ]


def _hits(words: tuple[str, ...], tokens: Tokens, ctx: Context, lexicon: Lexicon) -> list[Hit]:
    """Lexicon phrases in the message, overlaps resolved, `near` rules applied."""
    found = [
        hit for hit in lexicon.matchers[ctx].find(words) if _spelt_as_meant(hit, tokens, words)
    ]
    anchors = [hit for hit in found if hit.categories[0][0] == ANCHOR]
    if anchors:
        found = [hit for hit in found if hit.categories[0][0] != ANCHOR]
    hits = _without_overlaps(found)
    if anchors:
        hits += near_hits(anchors, hits, words, tokens, lexicon)
    return hits


def _spelt_as_meant(hit: Hit, tokens: Tokens, words: tuple[str, ...]) -> bool:
    """False when words matched only because doubled letters were collapsed and
    the sender wrote other real words: "I feel" is not the phrase "I fell".
    A word the lexicon respelt ("tuun" is "tulen") was meant as the phrase."""
    spellings = hit.spellings
    return not spellings or any(_written_as(s, hit.start, tokens, words) for s in spellings)


def _written_as(spelt: tuple[str, ...], start: int, tokens: Tokens, words: tuple[str, ...]) -> bool:
    if len(spelt) + start > len(tokens.raw):
        return True
    for offset, expected in enumerate(spelt):
        at = start + offset
        written = tokens.raw[at]
        if written == expected or written == tokens.words[at] or words[at] != tokens.words[at]:
            continue
        if written in SPELLINGS:
            return False
    return True


@dataclass(frozen=True, slots=True)
class _Foreign:
    """The message as another language's word lists read it."""

    lexicon: Lexicon
    words: tuple[str, ...]
    hits: list[Hit]

    @classmethod
    def read(cls, tokens: Tokens, ctx: Context, lexicon: Lexicon) -> _Foreign:
        words = tokens.words
        variants = lexicon.variants
        if variants:
            words = tuple(variants.get(word, word) for word in words)
        return cls(lexicon, words, _hits(words, tokens, ctx, lexicon))


def _safety(text: str, other: _Foreign, own: frozenset[str]) -> set[str]:
    """Danger and STOP as another language reads the message ("help" from a
    Swedish senior, "hjälp" from an English one). Its own `ignore` phrases
    still apply ("thanks for the help"); its spelling correction does not, and
    a phrase made only of words the reading language knows, spelt as that
    language spells them, is that language's to judge ("fel nummer" is not
    "fell", though both fold to "fel"; "I fell" is). One foreign word alone in
    a longer message counts only if more of the message is in that language:
    Finnish "varas" (thief) is also Swedish "våras" folded."""
    words, lexicon = other.words, other.lexicon
    found: set[str] = set()
    for hit in other.hits:
        safety = _CROSS_LANGUAGE.intersection(hit.categories)
        if not safety or safety <= found or _owned(words[hit.start : hit.end], own, text):
            continue
        phrase = hit.span > 1 and _known(words[hit.start : hit.end], lexicon) >= 1
        if phrase or len(words) <= _SHORT_FOREIGN or _known(words, lexicon) >= 1.5:
            found |= safety
    return found


def _foreign_mood(other: _Foreign, tokens: Tokens, own: Lexicon) -> Mood | None:
    """The mood another language reads, from words the reading language does
    not know ("mår bra" in a Finnish reply; not Swedish "bad", "fin")."""
    hits = _foreign_hits(other, own, "mood.")
    return read_mood(hits, other.words, tokens, other.lexicon, None) if hits else None


def _foreign_rsvp(other: _Foreign, tokens: Tokens, own: Lexicon) -> Rsvp | None:
    """The answer to an invitation in another language, when that answer is the
    whole message ("ja" from an English senior, "yes" from a Finnish one)."""
    hits = _foreign_hits(other, own, "rsvp.")
    if sum(hit.span for hit in hits) < len(other.words):
        return None
    return read_rsvp(hits, other.words, tokens, other.lexicon, None)


def _foreign_hits(other: _Foreign, own: Lexicon, prefix: str) -> list[Hit]:
    """Another language's phrases of one kind, made of words `own` does not know."""
    return [
        hit
        for hit in other.hits
        if not own.vocabulary.issuperset(other.words[hit.start : hit.end])
        and any(category.startswith(prefix) for category in hit.categories)
    ]


def _owned(words: Sequence[str], own: frozenset[str], text: str) -> bool:
    """Every word is the reading language's own, and written that way in the text."""
    if not own.issuperset(words):
        return False
    folded = fold_text(text)
    return all(re.search(rf"\b{re.escape(word)}\b", folded) for word in words)


_CROSS_LANGUAGE = frozenset({"urgent", "suicidal", "stop"})
_SHORT_FOREIGN = 6  # words; in a message this short one foreign danger word is heard


def _language_of(words: Sequence[str], own: Lexicon) -> Lexicon:
    """The senior's language unless the message is clearly in another one
    ("Hyvin menee, kiitos" from a Swedish senior): then read it in that one."""
    own_known = _known(words, own)
    best, best_known = own, own_known
    for other in LEXICONS.values():
        if other is own:
            continue
        known = _known(words, other)
        if known >= 1 and known > best_known and (own_known == 0 or known >= own_known + 2):
            best, best_known = other, known
    return best


def _known(words: Sequence[str], lexicon: Lexicon) -> float:
    """How much of the message only this language knows; a short word ("me",
    "ja") counts half, since short words are shared by chance."""
    distinctive, variants = lexicon.distinctive, lexicon.variants
    score = 0.0
    for word in words:
        if variants.get(word, word) in distinctive:
            score += 1.0 if len(word) > 3 else 0.5
    return score


def _lexicon(lang: str) -> Lexicon:
    """Unknown languages fall back to Swedish, the language of the service."""
    return LEXICONS.get(str(lang).casefold()[:2]) or LEXICONS[DEFAULT_LANG]


_CONTEXTS = {c.value: c for c in Context} | {c: c for c in Context}


def _context(context: Context | str) -> Context:
    found = _CONTEXTS.get(context)
    if found is None:
        found = _CONTEXTS.get(str(context).casefold(), Context.NONE)
    return found


def _without_overlaps(hits: list[Hit]) -> list[Hit]:
    """Keep the longest phrase where phrases overlap, so "tack för hjälpen" beats "hjälp";
    between equally long ones safety wins ("kommer inte upp" over "jag kommer inte")."""
    taken: set[int] = set()
    kept: list[Hit] = []
    for hit in sorted(hits, key=lambda h: (-h.span, SAFETY.isdisjoint(h.categories), h.start)):
        covered = range(hit.start, hit.end)
        if taken.isdisjoint(covered):
            taken.update(covered)
            kept.append(hit)
    kept.sort(key=lambda h: h.start)
    return kept


def _menu_answer(words: Sequence[str], ctx: Context, lexicon: Lexicon) -> str | None:
    """A menu number as the first word: "1", "2)", "Tre", "3 RING", "svar 1", "nr 2";
    not "2 personer"."""
    menu = lexicon.menus.get(ctx)
    if not menu or not words:
        return None
    while len(words) > 1 and words[0] in lexicon.menu_prefixes:
        words = words[1:]
    first = words[0]
    number = small_number(first)
    if number is None and len(words) == 1:
        number = lexicon.numbers.get(first)
    if number is None or number not in menu:
        return None
    if unit_at(words, 1, lexicon):
        return None
    return menu[number]


def _question(hits: Sequence[Hit], tokens: Tokens) -> str | None:
    """A single question word ("när", "pris") only counts with a question mark."""
    for hit in hits:
        for category in hit.categories:
            if category.startswith("question.") and (hit.span > 1 or tokens.has_question_mark):
                return category.removeprefix("question.")
    return None
