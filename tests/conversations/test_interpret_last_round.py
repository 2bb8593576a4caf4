"""Fixes from the fortieth and forty-first blind sets (blind_final39 and
blind_final40, everyday replies without a theme): the urgent reply that
reached nobody, stroke signs and a neighbour who does not open in Finnish and
Swedish, names written in two parts, and whose brother is one person."""

from __future__ import annotations

import pytest

from conversations.interpret import interpret
from conversations.reading import Context


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("pretty rough day. the new pills are making me dizzy and sick", "en"),
        ("Ei käy tällä kertaa, lapsenlapset tulevat kylään", "fi"),
        ("Thank you so much for the call last week, it really cheered me up", "en"),
    ],
)
def test_a_side_effect_or_a_visit_told_of_calls_nobody_out(text: str, lang: str) -> None:
    reading = interpret(text, Context.CHECKIN, lang)
    assert not reading.urgent
    assert not reading.contact


@pytest.mark.parametrize(
    ("text", "urgent"),
    [
        ("Voin huonosti, kuumetta 39", False),
        ("kuumetta 39 ja vilunväristyksiä", True),
    ],
)
def test_a_fever_alone_is_read_by_a_person_with_shivers_it_is_urgent(
    text: str, urgent: bool
) -> None:
    reading = interpret(text, Context.CHECKIN, "fi")
    assert reading.urgent is urgent
    assert reading.urgent or reading.review
