"""How the answer words of a reply to an invitation add up: the strongest
answer, a yes taken back by "men" ("gärna men hinner inte"), a yes that hangs
on something ("kommer om ni kan hämta mig"), and no answer where no invitation
was asked. LABELLING.md's rsvp rules, as the reader applies them."""

from __future__ import annotations

from collections.abc import Sequence

from conversations.lexicon import Hit, Lexicon
from conversations.normalize import Tokens
from conversations.reading import Context, Rsvp

_CONDITION_REACH = 6  # words between a yes and the "om" it hangs on


def read_rsvp(
    hits: Sequence[Hit], words: Sequence[str], tokens: Tokens, lex: Lexicon, menu: str | None
) -> Rsvp | None:
    """The strongest answer: phrases beat single words, "kanske" beats a bare "ja"."""
    if menu and menu.startswith("rsvp."):
        return Rsvp(menu.removeprefix("rsvp."))
    answers = [
        _polite_no(hit, words, lex)
        or _unless(hit, category, words, lex)
        or (
            min(hit.span, 2),
            _negated(Rsvp(category.removeprefix("rsvp.")), hit, words, tokens, lex),
        )
        for hit in hits
        for category in hit.categories
        if category.startswith("rsvp.")
    ]
    if not answers:
        return None
    strongest = max(weight for weight, _ in answers)
    top = [answer for weight, answer in answers if weight == strongest]
    if Rsvp.MAYBE in top and Rsvp.NO not in top:
        return Rsvp.MAYBE
    return top[0]


def settle_rsvp(
    rsvp: Rsvp | None,
    ctx: Context,
    flags: set[str],
    urgent: bool,
    hits: Sequence[Hit],
    words: Sequence[str],
    lexicon: Lexicon,
) -> Rsvp | None:
    """The answer as the question it follows makes it: a wish that waits for a
    ride, or a yes with an "om", is a maybe; after "Hur mår du?", or in a cry for
    help nobody asked for, there is no answer to an invitation."""
    if ctx is Context.INVITATION and {"wish", "transport"} <= flags:
        return Rsvp.MAYBE  # "gärna men har ingen skjuts": coming depends on a ride
    if rsvp is Rsvp.YES and _conditional(hits, words, lexicon):
        return Rsvp.MAYBE  # "kommer om ni kan ordna hämtning": coming if something works out
    if ctx is Context.CHECKIN or (ctx is Context.NONE and urgent):
        return None  # "kommer inte upp", "vet inte" after "Hur mår du?" answer no invitation
    return rsvp


def _conditional(hits: Sequence[Hit], words: Sequence[str], lexicon: Lexicon) -> bool:
    """An "om"/"if"/"jos" a few words from the yes, outside a phrase that says
    otherwise ("om det går bra", "undrar om"): the yes hangs on something."""
    covered = {at for hit in hits for at in range(hit.start, hit.end)}
    yeses = [hit.start for hit in hits if "rsvp.yes" in hit.categories]
    return any(
        word in lexicon.conditions
        and at not in covered
        and any(abs(at - yes) <= _CONDITION_REACH for yes in yeses)
        for at, word in enumerate(words)
    )


def _unless(hit: Hit, category: str, words: Sequence[str], lex: Lexicon) -> tuple[int, Rsvp] | None:
    """ "Jag kommer nog, om inte benet krånglar": a "not" that belongs to an "om"
    inside the phrase is "unless", so the answer is a maybe, not a no."""
    inside = words[hit.start + 1 : hit.end]
    unless = category == "rsvp.no" and lex.conditions.intersection(inside)
    return (min(hit.span, 2), Rsvp.MAYBE) if unless else None


def _polite_no(hit: Hit, words: Sequence[str], lex: Lexicon) -> tuple[int, Rsvp] | None:
    """ "Gärna men ...", "I'd like to but ...": a wish that a "but" takes back is
    a polite no (a ride it waits for makes it a maybe), and the weakest answer:
    "vill gärna men hinner inte", "love to come but ... so maybe"."""
    wish_but = "wish" in hit.categories and words[hit.end - 1] in lex.contrast
    return (0, Rsvp.NO) if wish_but else None


def _negated(answer: Rsvp, hit: Hit, words: Sequence[str], tokens: Tokens, lex: Lexicon) -> Rsvp:
    """A yes with a negation right after it is a no: "det passar inte", "I will not"."""
    after = hit.end
    negated = after < len(words) and after not in tokens.breaks and words[after] in lex.postnegators
    return Rsvp.NO if answer is Rsvp.YES and negated else answer
