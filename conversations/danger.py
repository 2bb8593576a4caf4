"""When danger words count: two word families near each other ("bröstet" ...
"värker"), danger told as over ("ramlade förra vintern") or explained away
("röken kommer från grillen"). Pure: hits in, decisions out."""

from __future__ import annotations

from collections.abc import Sequence

from conversations.lexicon import Hit, Lexicon
from conversations.normalize import Tokens

# Categories that win a tie between overlapping phrases, and that no softener
# makes small ("lite ont i bröstet" stays bad).
SAFETY = frozenset({"urgent", "suicidal", "contact", "transport", "stop"})
# Marks a `near` hit whose rule may not be negated: its negator is the danger.
FIXED = "fixed"


def told_as_over(
    hits: Sequence[Hit], breaks: frozenset[int], words: Sequence[str], present: frozenset[str]
) -> bool:
    """The danger is told as over: every danger phrase comes before one saying it
    ended well or long ago ("ramlade av cykeln men det gick bra", "tulipalo viime
    vuonna"), or shares its clause with a time long past ("halkade förra vintern
    och bröt handleden"). Not urgent then, but a person reads it; "men nu har jag
    ramlat igen" after it stays urgent, and so does hope ("det går nog över")
    about chest pain. A `present` word ("nu", "now") ends the clause of the past."""
    settled = [hit.start for hit in hits if "resolved" in hit.categories]
    if not settled or any("near_miss" in hit.categories for hit in hits):
        return False  # "ramlade nästan men det gick bra": a near miss is worth a call
    if not any("urgent" in hit.categories for hit in hits):
        return False
    last = max(settled)
    danger = [hit.start for hit in hits if "urgent" in hit.categories and hit.end > last]
    if not danger:
        return True
    past = [hit.start for hit in hits if "past" in hit.categories]
    clauses = breaks | {at for at, word in enumerate(words) if word in present}
    return all(any(same_clause(at, when, clauses) for when in past) for at in danger)


def same_clause(one: int, other: int, breaks: frozenset[int]) -> bool:
    low, high = min(one, other), max(one, other)
    return not any(low < at <= high for at in breaks)


def explained_away(hits: Sequence[Hit]) -> bool:
    """The message itself says the danger words are harmless, wherever it says
    so: smoke from a neighbour's barbecue, a fire drill, a programme on TV, a
    heart racing with joy, "no smoke". Not urgent then, but a person reads it;
    a near miss still counts."""
    if any("near_miss" in hit.categories for hit in hits):
        return False
    danger = any("urgent" in hit.categories for hit in hits)
    return danger and any("harmless" in hit.categories for hit in hits)


def near_hits(
    anchors: Sequence[Hit], hits: Sequence[Hit], words: Sequence[str], tokens: Tokens, lex: Lexicon
) -> list[Hit]:
    """Hits of the lexicon's `near` rules: two word families within a few words
    ("bröstet" ... "värker", "luktar" ... "gas"). An anchor inside a kept
    `ignore` phrase ("hjärtat värms", "blodtrycket") does not count."""
    guarded = {at for hit in hits if "ignore" in hit.categories for at in range(hit.start, hit.end)}
    sides: dict[str, list[Hit]] = {}
    for hit in anchors:
        if guarded.isdisjoint(range(hit.start, hit.end)):
            sides.setdefault(hit.categories[0][1:], []).append(hit)
    found: list[Hit] = []
    for index, rule in enumerate(lex.near):
        firsts = sides.get(f"{index}a")
        seconds = sides.get(f"{index}b") if firsts else None
        if not firsts or not seconds:
            continue
        for a in firsts:
            match = next((b for b in seconds if _close(a, b, rule.within)), None)
            if match is None:
                continue
            start, end = min(a.start, match.start), max(a.end, match.end)
            if rule.same_clause and any(start < at < end for at in tokens.breaks):
                continue
            if rule.negatable and negated_span(start, words, tokens, lex):
                continue
            kept = rule.categories if rule.negatable else (*rule.categories, FIXED)
            found.append(Hit(start, end, kept))
            break
    return found


def _close(a: Hit, b: Hit, within: int) -> bool:
    """Two anchors that do not overlap and have at most `within` words between them."""
    gap = b.start - a.end if a.start < b.start else a.start - b.end
    return 0 <= gap <= within


def negated_span(start: int, words: Sequence[str], tokens: Tokens, lex: Lexicon) -> bool:
    """A negator up to two words before the span, in the same clause ("inte så yr",
    "har inget ont i bröstet"); one inside it may be the danger ("yr att jag inte kan gå")."""
    at = start
    while at > 0 and at not in tokens.breaks and start - at < 2:
        at -= 1
    return not lex.negators.isdisjoint(words[at:start])
