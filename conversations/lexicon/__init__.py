"""Per-language word lists, loaded once at import and compiled for fast matching.

The data lives in `<lang>.toml` next to this module; this code only knows
how to read and match it, so a new language or a new phrase is a data change.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from importlib import resources
from typing import Any

from rapidfuzz.distance import OSA

from conversations.normalize import fold_text, fold_word, squeeze
from conversations.reading import Context
from conversations.templates import SUPPORTED_LANGUAGES

GAP = "*"
MAX_GAP = 2
SHORT_MESSAGE = 3  # words; "[x.short]" phrases only count in messages this short
MAX_FUZZY_LOOKUPS = 400  # per message, so a 10,000-character text stays fast


@dataclass(frozen=True, slots=True)
class Phrase:
    """One lexicon entry: folded words ("*" gaps, "ord*" prefixes, "*ord" suffixes)
    and what it signals.

    A category key may name several signals joined by "+" ("urgent+mood.bad").
    """

    words: tuple[str, ...]
    categories: tuple[str, ...]
    short_only: bool
    # How the data file spells the words before repeated letters are collapsed
    # ("fell"; "lopeta" and "lopettaa"), or () when any spelling will do
    # (wildcards, variants).
    spellings: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True, slots=True)
class Hit:
    """A phrase found in a message, covering words[start:end]."""

    start: int
    end: int
    categories: tuple[str, ...]
    spellings: tuple[tuple[str, ...], ...] = ()

    @property
    def span(self) -> int:
        return self.end - self.start


class _Node:
    """One step of the phrase trie: the next exact word, a word prefix ("golv*"),
    a word suffix ("*golvet", for Swedish compounds like "köksgolvet"), or a gap."""

    __slots__ = ("children", "ends", "gap", "prefixes", "suffixes")

    def __init__(self) -> None:
        self.children: dict[str, _Node] = {}
        self.prefixes: list[tuple[str, _Node]] = []
        self.suffixes: list[tuple[str, _Node]] = []
        self.gap: _Node | None = None
        self.ends: list[Phrase] = []

    def step(self, word: str) -> _Node:
        if word == GAP:
            self.gap = self.gap or _Node()
            return self.gap
        if word.endswith("*") and len(word) > 1:
            return self._affix(self.prefixes, word[:-1])
        if word.startswith("*") and len(word) > 1:
            return self._affix(self.suffixes, word[1:])
        return self.children.setdefault(word, _Node())

    @staticmethod
    def _affix(affixes: list[tuple[str, _Node]], affix: str) -> _Node:
        for known, child in affixes:
            if known == affix:
                return child
        child = _Node()
        affixes.append((affix, child))
        return child


class Matcher:
    """Finds every lexicon phrase in a message in one pass over a word trie.

    Work per word is a dictionary lookup unless a phrase starts there, so a
    10,000-character message costs about as much as reading it.
    """

    def __init__(self, phrases: Iterable[Phrase]) -> None:
        self._root = _Node()
        for phrase in phrases:
            words = phrase.words
            while words and words[0] == GAP:  # a leading gap would match anywhere
                words = words[1:]
            node = self._root
            for word in words:
                node = node.step(word)
            if node is not self._root:
                node.ends.append(phrase)
        # Phrases that start with a prefix ("svimma*") are looked up by their first
        # two letters, so most words cost no prefix test at all.
        self._root_prefixes: dict[str, list[tuple[str, _Node]]] = {}
        for prefix, child in self._root.prefixes:
            self._root_prefixes.setdefault(prefix[:2], []).append((prefix, child))
        # Suffix phrases ("*golvet") cost one C-level endswith per word.
        self._root_suffixes = tuple(self._root.suffixes)
        self._suffix_test = tuple(suffix for suffix, _ in self._root_suffixes)

    def find(self, words: tuple[str, ...]) -> list[Hit]:
        """All matches, overlapping ones included."""
        short = len(words) <= SHORT_MESSAGE
        hits: list[Hit] = []
        children = self._root.children
        prefixes = self._root_prefixes
        suffix_test = self._suffix_test
        for start, word in enumerate(words):
            child = children.get(word)
            if child is not None:
                self._walk(child, words, start, start + 1, short, hits)
            for key in (word[:2], word[:1]) if len(word) > 1 else (word[:1],):
                for prefix, child in prefixes.get(key, ()):
                    if word.startswith(prefix):
                        self._walk(child, words, start, start + 1, short, hits)
            if suffix_test and word.endswith(suffix_test):
                for suffix, child in self._root_suffixes:
                    if word.endswith(suffix) and word != suffix:
                        self._walk(child, words, start, start + 1, short, hits)
        return hits

    def _walk(
        self, node: _Node, words: tuple[str, ...], start: int, at: int, short: bool, hits: list[Hit]
    ) -> None:
        for phrase in node.ends:
            if short or not phrase.short_only:
                hits.append(Hit(start, at, phrase.categories, phrase.spellings))
        if at < len(words):
            word = words[at]
            child = node.children.get(word)
            if child is not None:
                self._walk(child, words, start, at + 1, short, hits)
            for prefix, child in node.prefixes:
                if word.startswith(prefix):
                    self._walk(child, words, start, at + 1, short, hits)
            for suffix, child in node.suffixes:
                if word.endswith(suffix) and word != suffix:
                    self._walk(child, words, start, at + 1, short, hits)
        if node.gap is not None:
            for skip in range(MAX_GAP + 1):
                if at + skip <= len(words):
                    self._walk(node.gap, words, start, at + skip, short, hits)


# Category prefix of the internal phrases that anchor `near` rules.
ANCHOR = "~"


@dataclass(frozen=True, slots=True)
class NearRule:
    """Two word families close together mean something neither means alone:
    a body part and a symptom ("bröstet ... värker"), a smell and a gas, a
    person and a threat. Anchors are ordinary phrases (prefixes, suffixes, gaps).

    `within` is the most words allowed between the two anchors; `negatable`
    drops the rule when a negator stands just before or between them ("inte så
    yr"); `same_clause` keeps it inside one sentence.
    """

    name: str
    categories: tuple[str, ...]
    within: int
    negatable: bool
    same_clause: bool


@dataclass(frozen=True, slots=True)
class GuestWords:
    """Words that say how many people come along ("vi blir två", "jag och min man")."""

    we: frozenset[str]
    we_verbs: frozenset[str]
    units: tuple[tuple[str, ...], ...]  # "personer", "of us": whole phrases
    companions: frozenset[str]
    with_me: tuple[tuple[str, ...], ...]
    bringing: tuple[tuple[str, ...], ...]
    coming_along: tuple[tuple[str, ...], ...]
    alone: tuple[tuple[str, ...], ...]
    we_without_number: int
    # Companion words that are also everyday words ("man" is "one", "far" is a
    # folded "får"): they only count after a possessive ("min man").
    possessive_only: frozenset[str]
    # A yes right before a closing head count: "JA FYRA" is four people.
    count_after: frozenset[str] = frozenset()


@dataclass(slots=True)
class Lexicon:
    """Everything `interpret` needs for one language, precomputed."""

    lang: str
    matchers: dict[Context, Matcher]
    negators: frozenset[str]
    fillers: frozenset[str]
    strengtheners: frozenset[str]
    softeners: frozenset[str]
    contrast: frozenset[str]
    # "nu", "now": what follows is today, not the long ago told before it.
    present: frozenset[str]
    # "min", "han": after "men" the sentence is about someone else.
    others: frozenset[str]
    # "om", "if": a yes with one of these outside any phrase is a maybe.
    conditions: frozenset[str]
    # "fast": right after a good word, a complaint follows ("Bra fast hostan ...").
    concessive: frozenset[str]
    # "besök", "chat", "vore": a wish for company, not for practical help.
    company: frozenset[str]
    # "jag", "I", "minä": the sender herself in a clause about someone else.
    me: frozenset[str]
    # "har", "is", "on": after a capitalised word, it was a name ("Gunnar har feber").
    linking: frozenset[str]
    # "roligt", "lovely", "kiva": good words that praise the lunch, not her day.
    praise: frozenset[str]
    numbers: dict[str, int]
    menus: dict[Context, dict[int, str]]
    menu_prefixes: frozenset[str]
    self_report: frozenset[str]
    postnegators: frozenset[str]
    guests: GuestWords
    vocabulary: frozenset[str]
    min_fuzzy_length: int
    fuzzy_targets: dict[tuple[str, int], list[str]] = field(default_factory=dict)
    variants: dict[str, str] = field(default_factory=dict)
    # Variants told apart only by a doubled letter, looked up as written:
    # spoken Finnish "oon" is "olen", but "on" is a word of its own.
    spelt_variants: dict[str, str] = field(default_factory=dict)
    near: tuple[NearRule, ...] = ()
    # Words no other language's lexicon knows: they tell which language a message is in.
    distinctive: frozenset[str] = frozenset()

    def correct(self, words: tuple[str, ...], raw: tuple[str, ...] = ()) -> tuple[str, ...]:
        """Spell colloquial forms the standard way ("mej" -> "mig", "oon" -> "olen";
        `raw` is the words as written, before doubled letters were collapsed) and
        replace misspelt important words ("rimg" -> "ring"); leave the rest alone."""
        variants = self.variants
        out = [variants.get(word, word) for word in words]
        if self.spelt_variants and len(raw) == len(out):
            out = [
                self.spelt_variants.get(written, word)
                for written, word in zip(raw, out, strict=True)
            ]
        lookups = 0
        for i, word in enumerate(out):
            if word in self.vocabulary or len(word) < self.min_fuzzy_length:
                continue
            if not word.isalpha() or lookups >= MAX_FUZZY_LOOKUPS:
                continue
            lookups += 1
            out[i] = self._closest(word) or word
        return tuple(out)

    @functools.lru_cache(maxsize=20_000)  # noqa: B019 - lexicons live as long as the process
    def _closest(self, word: str) -> str | None:
        allowed = 1 if len(word) < 8 else 2
        best: tuple[int, str] | None = None
        for length in range(len(word) - allowed, len(word) + allowed + 1):
            for target in self.fuzzy_targets.get((word[0], length), ()):
                distance = OSA.distance(word, target, score_cutoff=allowed)
                if distance <= allowed and (best is None or distance < best[0]):
                    best = (distance, target)
        return best[1] if best else None

    def __hash__(self) -> int:
        return hash(self.lang)


Variants = Mapping[str, str]


def _fold_phrase(text: str, variants: Variants) -> tuple[str, ...]:
    """Fold a data-file phrase exactly as incoming words are, variants included."""
    folded = (fold_word(word) for word in text.split())
    return tuple(GAP if word == GAP else variants.get(word, word) for word in folded)


def _spellings_of(entry: str, words: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    """The entry's words folded but not squeezed, if they line up with `words`."""
    if GAP in entry:
        return ()
    spelt = tuple(fold_text(word) for word in entry.split())
    if len(spelt) != len(words) or any(squeeze(a) != b for a, b in zip(spelt, words, strict=True)):
        return ()
    return (spelt,)


# Phrases by their folded words. Usually one each; two when folding makes two
# phrases look alike but their spelling tells them apart ("feel down", "fell down").
_Table = dict[tuple[str, ...], list[Phrase]]


class LexiconError(ValueError):
    """A data file lists one phrase under two meanings; only one could ever count."""


def _told_apart(a: Phrase, b: Phrase) -> bool:
    """True when the sender's spelling decides which of two look-alikes she wrote."""
    return bool(a.spellings and b.spellings) and set(a.spellings).isdisjoint(b.spellings)


def _put(found: _Table, phrase: Phrase, *, overrides: bool) -> None:
    """Add a phrase. One meaning the same merges with it, keeping both spellings
    ("lopeta" and "lopettaa"); one meaning something else that spelling cannot
    tell apart is replaced when `overrides` (a context's own section over
    [any]) and otherwise refused, since the later entry would silently win."""
    kept: list[Phrase] = []
    for known in found.get(phrase.words, ()):
        if known.categories == phrase.categories:
            both = known.spellings and phrase.spellings
            spellings = tuple({*known.spellings, *phrase.spellings}) if both else ()
            # Listed for any length too, it counts in long messages ("unsubscribe").
            short_only = known.short_only and phrase.short_only
            phrase = replace(phrase, spellings=spellings, short_only=short_only)
        elif _told_apart(known, phrase):
            kept.append(known)
        elif not overrides:
            listed = " ".join(phrase.words)
            raise LexiconError(
                f"'{listed}' is listed as {'+'.join(known.categories)} "
                f"and as {'+'.join(phrase.categories)}"
            )
    found[phrase.words] = [*kept, phrase]


def _phrases(section: Mapping[str, Any], short_only: bool, variants: Variants) -> list[Phrase]:
    found: _Table = {}
    for category, entries in section.items():
        if isinstance(entries, dict):
            continue
        categories = tuple(category.split("+"))
        for entry in entries:
            words = _fold_phrase(entry, variants)
            if words:
                phrase = Phrase(words, categories, short_only, _spellings_of(entry, words))
                _put(found, phrase, overrides=False)
    return [phrase for same in found.values() for phrase in same]


def _context_phrases(data: Mapping[str, Any], context: Context, variants: Variants) -> list[Phrase]:
    """Phrases for one context: [any], overridden by the context's own section."""
    merged: _Table = {}
    for name in ("any", context.value):
        section = data.get(name, {})
        for short in (False, True):
            for phrase in _phrases(section.get("short", {}) if short else section, short, variants):
                _put(merged, phrase, overrides=True)
    return [phrase for same in merged.values() for phrase in same]


def _near_rules(data: Mapping[str, Any]) -> tuple[NearRule, ...]:
    return tuple(
        NearRule(
            name=str(rule["name"]),
            categories=tuple(str(rule["category"]).split("+")),
            within=int(rule.get("within", 3)),
            negatable=bool(rule.get("negatable", True)),
            same_clause=bool(rule.get("same_clause", True)),
        )
        for rule in data.get("near", ())
    )


def _anchor_phrases(data: Mapping[str, Any], variants: Variants) -> list[Phrase]:
    """Each near rule's two word families as phrases tagged "~<rule>a" / "~<rule>b"."""
    anchors: dict[tuple[tuple[str, ...], str], Phrase] = {}
    for index, rule in enumerate(data.get("near", ())):
        for side in ("a", "b"):
            tag = f"{ANCHOR}{index}{side}"
            for entry in rule[side]:
                words = _fold_phrase(entry, variants)
                if words:
                    anchors[(words, tag)] = Phrase(words, (tag,), False)
    return list(anchors.values())


def _fold_all(words: Iterable[str], variants: Variants) -> frozenset[str]:
    return frozenset(w for text in words for w in _fold_phrase(text, variants))


def _fold_each(phrases: Iterable[str], variants: Variants) -> tuple[tuple[str, ...], ...]:
    return tuple(_fold_phrase(p, variants) for p in phrases)


def _with_endings(words: frozenset[str], endings: Iterable[str]) -> frozenset[str]:
    """Add inflected forms: "svägerska" + "n" -> "svägerskan", "son" + "en" -> "sonen"."""
    folded = [fold_word(ending) for ending in endings]
    return words | {fold_word(word + ending) for word in words for ending in folded}


def _guest_words(data: Mapping[str, Any], variants: Variants) -> GuestWords:
    companions = _fold_all(data["companions"], variants)
    return GuestWords(
        we=_fold_all(data["we"], variants),
        we_verbs=_fold_all(data["we_verbs"], variants),
        units=_fold_each(data["units"], variants),
        companions=_with_endings(companions, data.get("companion_endings", ())),
        with_me=_fold_each(data["with_me"], variants),
        bringing=_fold_each(data["bringing"], variants),
        coming_along=_fold_each(data["coming_along"], variants),
        alone=_fold_each(data["alone"], variants),
        we_without_number=int(data["we_without_number"]),
        possessive_only=_fold_all(data.get("possessive_only", ()), variants),
        count_after=_fold_all(data.get("count_after", ()), variants),
    )


def _fuzzy_targets(words: Iterable[str], variants: Variants) -> dict[tuple[str, int], list[str]]:
    targets: dict[tuple[str, int], list[str]] = {}
    for word in sorted(_fold_all(words, variants)):
        targets.setdefault((word[0], len(word)), []).append(word)
    return targets


def build(lang: str, data: Mapping[str, Any]) -> Lexicon:
    """Compile one language's data file."""
    words = data["words"]
    variants = {fold_word(k): fold_word(v) for k, v in data.get("variants", {}).items()}
    spelt_variants = {fold_text(k): fold_word(v) for k, v in data.get("spelt_variants", {}).items()}
    try:
        phrases = {ctx: _context_phrases(data, ctx, variants) for ctx in Context}
    except LexiconError as error:
        raise LexiconError(f"{lang}.toml: {error}") from error
    anchors = _anchor_phrases(data, variants)
    matchers = {ctx: Matcher(found + anchors) for ctx, found in phrases.items()}
    phrase_words = {w for found in phrases.values() for p in found for w in p.words if w != GAP}
    phrase_words.update(w for p in anchors for w in p.words if w != GAP)
    menus = {
        Context(name): {int(k): v for k, v in menu.items()}
        for name, menu in data.get("menu", {}).items()
    }
    return Lexicon(
        lang=lang,
        matchers=matchers,
        negators=_fold_all(words["negators"], variants),
        fillers=_fold_all(words["fillers"], variants),
        strengtheners=_fold_all(words["strengtheners"], variants),
        softeners=_fold_all(words.get("softeners", ()), variants),
        contrast=_fold_all(words.get("contrast", ()), variants),
        present=_fold_all(words.get("present", ()), variants),
        others=_fold_all(words.get("others", ()), variants),
        conditions=_fold_all(words.get("conditions", ()), variants),
        concessive=_fold_all(words.get("concessive", ()), variants),
        company=_fold_all(words.get("company", ()), variants),
        me=_fold_all(words.get("me", ()), variants),
        linking=_fold_all(words.get("linking", ()), variants),
        praise=_fold_all(words.get("praise", ()), variants),
        numbers={fold_word(k): int(v) for k, v in data["numbers"].items()},
        menus=menus,
        menu_prefixes=_fold_all(words.get("menu_prefixes", ()), variants),
        self_report=_fold_all(words.get("self_report", ()), variants),
        postnegators=_fold_all(words.get("postnegators", ()), variants),
        guests=_guest_words(data["guests"], variants),
        vocabulary=frozenset(phrase_words) | _fold_all(words["known"], variants),
        min_fuzzy_length=int(words["min_fuzzy_length"]),
        fuzzy_targets=_fuzzy_targets(words["fuzzy"], variants),
        variants=variants,
        spelt_variants=spelt_variants,
        near=_near_rules(data),
    )


def _data(lang: str) -> dict[str, Any]:
    text = resources.files(__package__).joinpath(f"{lang}.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def _spellings(data: Any) -> set[str]:
    """Every word a data file writes, folded but not squeezed ("feel", "fell", "blod")."""
    if isinstance(data, str):
        return {fold_text(word) for word in data.split() if word.isalpha()}
    if isinstance(data, dict):
        data = list(data.values()) + list(data)
    if isinstance(data, list):
        return {word for item in data for word in _spellings(item)}
    return set()


def _mark_distinctive(lexicons: Mapping[str, Lexicon]) -> None:
    """Give each lexicon the words only it knows ("mår", "feel", "kuuluu")."""
    for lang, lexicon in lexicons.items():
        others = {w for other, lex in lexicons.items() if other != lang for w in lex.vocabulary}
        lexicon.distinctive = frozenset(
            word
            for word in lexicon.vocabulary - others
            if len(word) > 1 and word.isalpha() and not word.endswith("*")
        )


_DATA = {lang: _data(lang) for lang in SUPPORTED_LANGUAGES}
LEXICONS: dict[str, Lexicon] = {lang: build(lang, data) for lang, data in _DATA.items()}
_mark_distinctive(LEXICONS)
# Words some lexicon spells with a double letter that folding collapses: "feel"
# is a word of its own, not a way of writing "fell".
SPELLINGS: frozenset[str] = frozenset(
    word for data in _DATA.values() for word in _spellings(data) if squeeze(word) != word
)
del _DATA
