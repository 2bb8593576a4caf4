"""The second look: the learned reader, and whether a person should read the reply.

The word lists decide first and stay the precise reader. Where they are silent
the learned reader may raise `urgent` or `contact` when it is sure, and send
the reply to a person when it is unsure. Whatever Hejsan cannot read with
confidence carries `review` with its reason, so a cry for help in words
nobody foresaw still reaches a person (DESIGN.md, "Two rules keep it safe").
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from conversations.learned import learned_reader
from conversations.normalize import Tokens
from conversations.reading import Context, Mood, Reading, ReviewReason

LONG_MESSAGE = 25  # words; longer replies say more than the word lists account for
# The learned reader sets flags by itself only on replies this short: it was
# trained mostly on short replies and over-reads longer calm ones.
MODEL_TRUSTED_WORDS = 15
SHORT_UNKNOWN = 4  # words; outside a question, shorter unread messages need no person


@dataclass(frozen=True, slots=True)
class Signals:
    """What the word lists noticed besides the Reading's own fields.

    `weak_danger`: a phrase that may be danger (medicine, dizziness, smoke);
    `foreign`: the message was read in another language than the senior's;
    `ignored`: a phrase the lists say is harmless ("tack för hjälpen",
    "hemhjälp", "fått ungar"): there the learned reader may not raise `urgent`
    or `contact` by itself, but when it is sure of danger a person reads it;
    `news`: an everyday report ("har varit i kyrkan", "kävin kaupassa"), an
    answer that needs no reader although it says no mood.
    """

    weak_danger: bool = False
    foreign: bool = False
    ignored: bool = False
    news: bool = False


def second_look(reading: Reading, tokens: Tokens, ctx: Context, signals: Signals) -> Reading:
    """`reading` with the learned reader's flags and `review` set."""
    words = tokens.words
    if reading.urgent or not words:
        return reading
    reader = learned_reader()
    limits = reader.thresholds
    scores = reader.scores(words)
    urgent = scores.urgent
    # On longer replies the model only asks a person to read.
    trusted = len(words) <= MODEL_TRUSTED_WORDS
    # A clear answer to the question ("jag kan inte", "mår bra") is doubted only
    # on strong evidence, and then a person reads it rather than an alarm ringing.
    clear = _clear_answer(reading, ctx)
    # Unsure of danger is its own signal: a reply the model reads as a wish for
    # contact ("har tagit hela burken med sömnpiller") may still be danger.
    # Where the lists call a danger word harmless ("tack för hjälpen"), the model
    # may not ring the alarm, but when it is sure of danger a person still reads it.
    doubtful = clear or signals.ignored
    unsure = urgent >= (limits.urgent_sure if doubtful else limits.urgent_unsure)
    if trusted and urgent >= limits.urgent_sure and not doubtful:
        reading = replace(reading, urgent=True, contact=True)
    elif signals.ignored or reading.contact:
        pass  # harmless by the lists ("fått ungar"), or contact already set
    elif trusted and scores.contact >= limits.contact_sure:
        reading = replace(reading, contact=True)
    elif scores.contact >= limits.contact_unsure and not _answered(reading, ctx, len(words)):
        unsure = True  # a clear answer ("jag kan inte komma ändå") needs no second reader
    if reading.urgent:
        return replace(reading, review=True, review_reason=ReviewReason.MODEL)
    reason = _reason(reading, tokens, ctx, signals, unsure)
    return replace(reading, review=True, review_reason=reason) if reason else reading


def _reason(
    reading: Reading,
    tokens: Tokens,
    ctx: Context,
    signals: Signals,
    unsure: bool,
) -> ReviewReason | None:
    """The most important reason a person should read this, or None."""
    words = tokens.words
    if signals.weak_danger:
        return ReviewReason.WEAK_DANGER
    if unsure:
        return ReviewReason.MODEL
    if reading.stop:
        return None  # the senior has asked to stop
    if reading.contact and len(words) <= LONG_MESSAGE:
        return None  # a person calls anyway; a long message may hide more than the wish
    if signals.foreign:
        return ReviewReason.LANGUAGE
    if len(words) > LONG_MESSAGE and not _accounted_for(reading, ctx, tokens.has_question_mark):
        return ReviewReason.LONG
    if not _answered(reading, ctx, len(words)) and not signals.news:
        return ReviewReason.NOT_UNDERSTOOD
    return None


def _accounted_for(reading: Reading, ctx: Context, asks: bool) -> bool:
    """A long message whose point the fields carry: a good day after a check-in,
    or an answer to an invitation with nothing bad in it, and no question back.
    Anything else long ("mår sådär … ibland undrar jag vad det ska vara bra
    för") is read by a person (DESIGN.md: long and not fully accounted for)."""
    if asks:
        return False
    if ctx is Context.CHECKIN:
        return reading.mood is Mood.GOOD
    return ctx is Context.INVITATION and reading.rsvp is not None and reading.mood is not Mood.BAD


def _clear_answer(reading: Reading, ctx: Context) -> bool:
    """The word lists read the answer to the open question itself, and it says
    nothing bad ("mår bra", "jag kan inte"; not "jag är så rädd")."""
    if reading.mood is Mood.BAD:
        return False
    if ctx is Context.CHECKIN:
        return reading.mood is not None
    return ctx is Context.INVITATION and reading.rsvp is not None


def _answered(reading: Reading, ctx: Context, length: int) -> bool:
    """Something was understood where an answer was expected."""
    if reading.question or reading.greeting or reading.thanks or reading.start:
        return True
    if reading.who_is_this or reading.wrong_number:
        return True
    if ctx is not Context.NONE:  # an answer to another open question counts too
        return reading.mood is not None or reading.rsvp is not None
    return not reading.is_empty or length < SHORT_UNKNOWN
