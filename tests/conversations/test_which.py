"""Which open question a reply answers (`conversations.flows.which`), read by
the real `interpret` with the shipped word lists."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from conversations.actions import Question
from conversations.flows import which
from conversations.interpret import interpret
from conversations.settings import Settings
from conversations.state import ConversationState, OpenQuestion

ASKED = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
CHECKIN, INVITATION, CALL = Question.CHECKIN, Question.INVITATION, Question.CONTACT_OFFER
TEMPLATES = Settings.build().templates


def attribute(text: str, *kinds: Question, lang: str = "sv") -> which.Attribution:
    state = ConversationState(questions=tuple(OpenQuestion(kind, ASKED) for kind in kinds))
    readings = {ctx: interpret(text, ctx, lang) for ctx in which.contexts_needed(state)}
    return which.attribute(state, readings)


@pytest.mark.parametrize(
    ("text", "answered"),
    [
        ("bra tack", (CHECKIN,)),
        ("inte så bra", (CHECKIN,)),
        ("ja vi blir två", (INVITATION,)),
        ("ja", (INVITATION,)),
        ("kanske", (INVITATION,)),
        ("ja bra", (CHECKIN,)),  # "bra" is a mood anywhere; "ja" only after the invitation
        ("Mår bra tack, och jag kommer gärna!", (CHECKIN, INVITATION)),
        ("👍", (CHECKIN,)),  # a thumb is a good mood even without a question
        ("blå bilen", ()),
    ],
)
def test_with_a_checkin_and_an_invitation_open_the_content_decides(
    text: str, answered: tuple[Question, ...]
) -> None:
    assert attribute(text, CHECKIN, INVITATION) == which.Attribution(answered=answered)


@pytest.mark.parametrize("text", ["1", "2", "3", "jodå", "svar 1", "Tre"])
def test_a_reply_that_fits_both_only_by_the_question_is_ambiguous(text: str) -> None:
    assert attribute(text, CHECKIN, INVITATION) == which.Attribution(
        ambiguous=(CHECKIN, INVITATION)
    )


@pytest.mark.parametrize("text", ["ja", "nej tack", "nej"])
def test_a_bare_yes_or_no_to_an_offer_of_a_call_and_an_invitation_is_ambiguous(
    text: str,
) -> None:
    assert attribute(text, CALL, INVITATION) == which.Attribution(ambiguous=(CALL, INVITATION))


@pytest.mark.parametrize(
    ("text", "answered"),
    [
        ("ring mig", (CALL,)),
        ("ja ring", (CALL,)),
        ("nej jag kan inte komma", (INVITATION,)),
        ("vi blir två", (INVITATION,)),
    ],
)
def test_words_pick_the_call_or_the_invitation(text: str, answered: tuple[Question, ...]) -> None:
    assert attribute(text, CALL, INVITATION) == which.Attribution(answered=answered)


def test_one_open_question_takes_a_bare_number() -> None:
    assert attribute("1", CHECKIN) == which.Attribution(answered=(CHECKIN,))
    assert attribute("1", INVITATION) == which.Attribution(answered=(INVITATION,))


def test_english_numbers_are_ambiguous_too() -> None:
    found = attribute("1", CHECKIN, INVITATION, lang="en")
    assert found == which.Attribution(ambiguous=(CHECKIN, INVITATION))


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("MÅR", "sv", CHECKIN),
        ("mar", "sv", CHECKIN),
        ("Inbjudan", "sv", INVITATION),
        ("jag menade inbjudan", "sv", INVITATION),
        ("Feeling", "en", CHECKIN),
        ("invitation", "en", INVITATION),
        ("hej", "sv", None),
        ("mår inbjudan", "sv", None),
    ],
)
def test_the_answer_to_the_clarifying_question_names_one(
    text: str, lang: str, expected: Question | None
) -> None:
    assert which.chosen(text, (CHECKIN, INVITATION), TEMPLATES[lang]) is expected


def test_every_combination_of_questions_has_a_clarifying_text_in_every_language() -> None:
    combos = [
        (CHECKIN, INVITATION),
        (CALL, INVITATION),
        (CHECKIN, CALL),
        (CHECKIN, CALL, INVITATION),
    ]
    for templates in TEMPLATES.values():
        for combo in combos:
            assert templates.render(which.clarifying_key(combo), {"event_title": "x"}).strip()
        for kind in Question:
            assert templates.render(f"buttons.{which.CHOICE_KEYS[kind]}", {}).strip()
