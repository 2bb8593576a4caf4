"""How the mood words of a reply add up: negated ("inte så bra"), softened
("lite trött"), mixed ("bra men ensam"), and whose mood it is ("mår bra men
katten är sjuk"). LABELLING.md's mood rules, as the reader applies them."""

from __future__ import annotations

from collections.abc import Sequence

from conversations.danger import FIXED, SAFETY
from conversations.guests import DETERMINERS
from conversations.lexicon import Hit, Lexicon
from conversations.normalize import Tokens
from conversations.reading import Context, Mood

# Danger stays bad however small it is told ("lite ont i bröstet"); loneliness
# told as small is ok like any other low feeling ("bit lonely", LABELLING rule 4).
_UNSOFTENED = SAFETY - {"contact"}
_SELF_REPORT_REACH = 2  # words between "mår" / "känner mig" and the mood word


def courtesy_only(
    ctx: Context,
    flags: set[str],
    hits: Sequence[Hit],
    words: Sequence[str],
    tokens: Tokens,
    lexicon: Lexicon,
) -> bool:
    """Thanks or a greeting outside a check-in, and the good words come after it
    with no word of how she is: the lunch was lovely, not her day ("Tack för
    soppan, den var god"; LABELLING.md, rule 8). "Hyvin menee, kiitos" first
    says how she is."""
    if ctx is Context.CHECKIN or not flags & {"thanks", "greeting"}:
        return False
    courtesy = min(hit.start for hit in hits if {"thanks", "greeting"} & set(hit.categories))
    good = [hit for hit in hits if "mood.good" in hit.categories]
    return all(
        hit.start >= courtesy and not self_reported(hit, words, tokens, lexicon) for hit in good
    )


def lunch_joy(
    mood: Mood | None,
    answered: bool,
    hits: Sequence[Hit],
    words: Sequence[str],
    tokens: Tokens,
    lexicon: Lexicon,
) -> bool:
    """After an invitation, what reads as a mood is joy about the lunch: an emoji
    beside an answer ("kommer 😊"), or good words she does not say of herself
    ("Yes lovely!", "så god fisk förra gången"; LABELLING.md, rules 7 and 8)."""
    if answered and _only_emoji(hits, words):
        return True
    return mood is Mood.GOOD and not _said_of_herself(hits, words, tokens, lexicon)


def _said_of_herself(
    hits: Sequence[Hit], words: Sequence[str], tokens: Tokens, lexicon: Lexicon
) -> bool:
    """A good word she says of herself: after "mår"/"feeling", or opening a clause
    without praising anything ("Bra tack. Och ja jag kommer", "Hyvin menee")."""
    return any(
        "mood.good" in hit.categories
        and (
            self_reported(hit, words, tokens, lexicon)
            or (
                (hit.start == 0 or hit.start in tokens.breaks)
                and not lexicon.praise.intersection(words[hit.start : hit.end])
            )
        )
        for hit in hits
    )


def _only_emoji(hits: Sequence[Hit], words: Sequence[str]) -> bool:
    """Every mood phrase is an emoji, no word ("kommer 😊")."""
    found = [hit for hit in hits if any(c.startswith("mood.") for c in hit.categories)]
    return bool(found) and not any(
        char.isalnum() for hit in found for word in words[hit.start : hit.end] for char in word
    )


def read_mood(
    hits: Sequence[Hit],
    words: Sequence[str],
    tokens: Tokens,
    lexicon: Lexicon,
    menu: str | None,
    names: frozenset[str] = frozenset(),
) -> Mood | None:
    """The menu number if given, else the mood words, each read with its negation."""
    if menu and menu.startswith("mood."):
        return Mood(menu.removeprefix("mood."))
    mood = _mood_words(hits, words, tokens, lexicon, names)
    if mood is Mood.GOOD and _good_but(hits, words, lexicon):
        return Mood.OK
    return mood


def _good_but(hits: Sequence[Hit], words: Sequence[str], lexicon: Lexicon) -> bool:
    """A good word, then a complaint or a wish for company: "Bra fast hostan vill
    inte ge sig", "fine but would love a visitor" are ok (LABELLING.md, rule 3).
    A wish for practical help ("bra men ring gärna ändå") keeps the good day."""
    good = next((hit for hit in hits if "mood.good" in hit.categories), None)
    if good is None:  # "inte dåligt alls"
        return False
    if good.end < len(words) and words[good.end] in lexicon.concessive:
        return True
    but = next((at for at in range(good.end, len(words)) if words[at] in lexicon.contrast), None)
    return but is not None and any(
        "contact" in hit.categories
        and "urgent" not in hit.categories
        and hit.start > but
        and lexicon.company.intersection(words[hit.start : hit.end])
        for hit in hits
    )


def _mood_words(
    hits: Sequence[Hit],
    words: Sequence[str],
    tokens: Tokens,
    lexicon: Lexicon,
    names: frozenset[str],
) -> Mood | None:
    """The mood words, each read with its negation and softening, added up."""
    moods = [
        (
            _softened(
                _negated(Mood(category.removeprefix("mood.")), hit, words, tokens, lexicon),
                hit,
                words,
                lexicon,
            ),
            hit,
        )
        for hit in hits
        for category in hit.categories
        if category.startswith("mood.")
        and not (
            category == "mood.bad"
            and _about_someone_else(hit, words, tokens, lexicon, names)
            and not self_reported(hit, words, tokens, lexicon)
        )
    ]
    found = [mood for mood, _ in moods]
    if len(set(found)) < 2:
        return found[0] if found else None
    if set(found) == {Mood.OK, Mood.BAD}:
        # "trött och ledsen" is bad, "sov dåligt men annars okej" ok; a first
        # word or "mår sådär" answers the question ("sådär, sov dåligt" is ok).
        first, hit = moods[0]
        # "sådär, ..." and "sådär idag, ..." answer alone; "trött och ..." does not
        end = hit.end + 1 if hit.end < len(words) and words[hit.end] in lexicon.present else hit.end
        alone = hit.start == 0 and end in tokens.breaks
        answered = (first is Mood.OK and alone) or lexicon.contrast.intersection(words)
        said = any(self_reported(hit, words, tokens, lexicon) for m, hit in moods if m is Mood.OK)
        return Mood.OK if answered or said else Mood.BAD
    # "Katten är sjuk. Själv mår jag bra": what the sender says of themself answers.
    own = [(mood, hit) for mood, hit in moods if self_reported(hit, words, tokens, lexicon)]
    if not own:
        return _combine(found)
    # Loneliness ("saknar att prata med någon") is always the sender's own, and
    # so is what follows "men" after her own mood ("mår bra, men saknar barnen").
    said_at = own[0][1].end
    also = [
        mood
        for mood, hit in moods
        if "contact" in hit.categories
        or (mood is Mood.OK and hit.start >= said_at)  # "mår bra tack, lite trött bara"
        or _still_hers(said_at, hit.start, words, lexicon, names)
    ]
    return _combine([mood for mood, _ in own] + also)


def _about_someone_else(
    hit: Hit, words: Sequence[str], tokens: Tokens, lexicon: Lexicon, names: frozenset[str]
) -> bool:
    """ "Gunnar har feber", "min man ligger på sjukhus", "Mies on sairas": a bad
    word in a clause that begins with someone else is about them, not her
    (LABELLING.md, rule 8), unless she is in it too ("Gunnar och jag")."""
    start = max((at for at in tokens.breaks if at <= hit.start), default=0)
    if "contact" in hit.categories or start >= hit.start:
        return False  # loneliness is always hers ("My neighbour moved and I'm lonely")
    if lexicon.me.intersection(words[start : hit.start]):
        return False
    if words[start] in lexicon.contrast and start + 1 < hit.start:
        start += 1  # "..., men gubben är dålig igen"
    first, after = words[start], words[start + 1]
    companions = lexicon.guests.companions
    if first in companions:
        return True
    if start and first in names and after in lexicon.linking:
        return True  # not the message's first word, capitalised anyway ("Polvi on kipeä")
    return first in lexicon.others and (
        first not in DETERMINERS or after in companions or after in names
    )


def _still_hers(
    start: int, end: int, words: Sequence[str], lexicon: Lexicon, names: frozenset[str]
) -> bool:
    """A "men" after her own mood goes on about her ("mår bra, men saknar barnen")
    unless someone else comes next ("men Gösta har ramlat", "men min katt")."""
    for at in range(start, end):
        if words[at] in lexicon.contrast:
            after = words[at + 1] if at + 1 < len(words) else ""
            return not (
                after in lexicon.others or after in lexicon.guests.companions or after in names
            )
    return False


def self_reported(hit: Hit, words: Sequence[str], tokens: Tokens, lexicon: Lexicon) -> bool:
    """The mood word follows "mår" / "känner mig" / "feel" in the same clause."""
    for at in range(hit.start, max(-1, hit.start - _SELF_REPORT_REACH - 1), -1):
        if words[at] in lexicon.self_report:
            return True
        if at in tokens.breaks:
            return False
    return False


def _negated(mood: Mood, hit: Hit, words: Sequence[str], tokens: Tokens, lex: Lexicon) -> Mood:
    """Apply a negator before the phrase: "inte (så) bra" is bad, "inte dåligt alls" good.
    Not to danger a negator is part of ("kan inte lyfta armen")."""
    if FIXED in hit.categories:
        return mood
    at = hit.start - 1
    while at >= 0 and at + 1 not in tokens.breaks and words[at] in lex.fillers:
        at -= 1
    if at < 0 or at + 1 in tokens.breaks or words[at] not in lex.negators:
        return mood
    if mood is not Mood.BAD:
        return Mood.BAD
    nearby = words[max(0, at) : hit.end + 1]
    return Mood.GOOD if lex.strengtheners.intersection(nearby) else Mood.OK


def _softened(mood: Mood, hit: Hit, words: Sequence[str], lexicon: Lexicon) -> Mood:
    """A bad word told as small is "ok": "lite trött", "a bit dizzy", "vähän
    huimaa"; never a sign of danger ("lite ont i bröstet" stays bad)."""
    if mood is not Mood.BAD or not _UNSOFTENED.isdisjoint(hit.categories):
        return mood
    after = words[hit.end] if hit.end < len(words) else ""
    before = words[hit.start - 1] if hit.start else ""
    first = words[hit.start]  # the phrase itself may start small ("bit lonely")
    softened = lexicon.softeners.intersection((before, after, first))
    return Mood.OK if softened else mood


def _combine(moods: Sequence[Mood]) -> Mood | None:
    """The first mood answers the question ("sådär, sov dåligt" is "ok");
    good with bad or with "ok" makes "ok" ("bra men ensam", "Fine, bit tired")."""
    if not moods:
        return None
    found = set(moods)
    if Mood.GOOD in found and (Mood.BAD in found or Mood.OK in found):
        return Mood.OK
    return moods[0]
