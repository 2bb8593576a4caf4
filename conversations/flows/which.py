"""Which open question a reply answers, by what it says.

A mood answers the check-in; "ja", "nej", "vi blir två" the invitation; "ja",
"nej" or "ring mig" the offer of a call. A reply is read once per kind of
question that is open (a bare "1" means "Bra" after the check-in and "Ja"
after the invitation) and once without any question. An answer that reads
the same without a question is firm ("mår bra", "jag kommer gärna"); one
that only means something after its question is not ("1", "ja", "jodå").

- one question fits: it is answered;
- several fit and all are firm ("mår bra, jag kommer gärna"): all answered;
- several fit, some firm: the firm ones are answered ("ja bra" is a mood;
  the invitation stays open);
- several fit, none firm ("1" while both are open): Hejsan asks which one,
  never guesses. The reply that names one ("MÅR", or the button) applies the
  first reply to it; any other reply is read afresh.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from conversations.actions import Question
from conversations.normalize import tokenize
from conversations.reading import Context, Reading, Rsvp
from conversations.state import ConversationState
from conversations.templates import Templates

# The context a question's answers are read in.
CONTEXTS: Mapping[Question, Context] = {
    Question.CHECKIN: Context.CHECKIN,
    Question.CONTACT_OFFER: Context.INVITATION,
    Question.INVITATION: Context.INVITATION,
    Question.WAITLIST_OFFER: Context.INVITATION,
}
# The word a senior picks a question with, as `buttons.which_*` (an
# invitation and a waiting-list offer are never open together).
CHOICE_KEYS: Mapping[Question, str] = {
    Question.CHECKIN: "which_checkin",
    Question.CONTACT_OFFER: "which_call",
    Question.INVITATION: "which_event",
    Question.WAITLIST_OFFER: "which_event",
}
# The clarifying text for the questions a reply fitted, in this order.
_ORDER = ("which_checkin", "which_call", "which_event")


@dataclass(frozen=True, slots=True)
class Attribution:
    """The questions a reply answers, or those it might answer (ambiguous)."""

    answered: tuple[Question, ...] = ()
    ambiguous: tuple[Question, ...] = ()


def contexts_needed(state: ConversationState) -> tuple[Context, ...]:
    """The readings `attribute` needs: one per open question's context, and
    the neutral one when several questions are open."""
    needed = {CONTEXTS[question.kind] for question in state.questions}
    if len(state.questions) > 1:
        needed.add(Context.NONE)
    return tuple(sorted(needed))


def attribute(state: ConversationState, readings: Mapping[Context, Reading]) -> Attribution:
    """Which of the open questions the reply (read in `readings`) answers."""
    neutral = readings.get(Context.NONE)
    fits: list[tuple[Question, bool]] = []
    for question in state.questions:
        reading = readings[CONTEXTS[question.kind]]
        fit = _fit(question.kind, reading, neutral)
        if fit is not None:
            fits.append((question.kind, fit))
    if len(fits) <= 1 or all(firm for _, firm in fits):
        return Attribution(answered=tuple(kind for kind, _ in fits))
    firm = tuple(kind for kind, is_firm in fits if is_firm)
    if firm:
        return Attribution(answered=firm)
    return Attribution(ambiguous=tuple(kind for kind, _ in fits))


def _fit(kind: Question, reading: Reading, neutral: Reading | None) -> bool | None:
    """None if `reading` does not answer `kind`, else whether it is firm
    (means the same without the question)."""
    if kind is Question.CHECKIN:
        if reading.mood is None:
            return None
        return neutral is None or neutral.mood is reading.mood
    if kind is Question.CONTACT_OFFER:
        # "ring mig" is firm; a bare yes or no only means something after a
        # question, so a yes or no that also answers an invitation never wins.
        if reading.contact:
            return True
        return False if reading.rsvp in (Rsvp.YES, Rsvp.NO) else None
    if reading.rsvp is None:
        return None
    # A head count ("vi blir två", "bara jag") only ever answers an invitation.
    return neutral is None or neutral.rsvp is reading.rsvp or reading.guests is not None


def clarifying_key(questions: tuple[Question, ...]) -> str:
    """The `which.*` text that asks between `questions`."""
    keys = {CHOICE_KEYS[kind] for kind in questions}
    return "which." + "_or_".join(key.removeprefix("which_") for key in _ORDER if key in keys)


def choice_buttons(questions: tuple[Question, ...]) -> tuple[str, ...]:
    keys = {CHOICE_KEYS[kind] for kind in questions}
    return tuple(key for key in _ORDER if key in keys)


def chosen(text: str, questions: tuple[Question, ...], templates: Templates) -> Question | None:
    """The one question of `questions` the reply names by its choice word
    (typed, or the button pressed), else None."""
    words = tokenize(text).words
    named = [
        kind
        for kind in questions
        if _contains(words, tokenize(templates.render(f"buttons.{CHOICE_KEYS[kind]}", {})).words)
    ]
    return named[0] if len(named) == 1 else None


def _contains(words: tuple[str, ...], phrase: tuple[str, ...]) -> bool:
    if not phrase:
        return False
    size = len(phrase)
    return any(words[at : at + size] == phrase for at in range(len(words) - size + 1))
