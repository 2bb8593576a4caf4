"""Blind safety sets: danger in wordings written before the rules that catch them.

`urgent_blind.jsonl` was written before the lexicon was read and scored before
any change (urgent recall 56%, precision 84%); `urgent_blind2.jsonl` was written
after the `near` rules and scored as written (urgent recall 62%, precision 77%)
before its misses were fixed with general mechanisms. They now guard against
regressions; a freshly written set remains the honest generalisation figure.
Urgent recall is never traded for precision.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.accuracy import Score, load_labelled, misses, score

DATA = Path(__file__).parent / "data"
BLIND = ["urgent_blind.jsonl", "urgent_blind2.jsonl"]
MIN_CONTACT_RECALL = 0.95
MIN_URGENT_PRECISION = 0.88  # achieved: 96.6% and 92.5%


@pytest.fixture(scope="module", params=BLIND)
def result(request: pytest.FixtureRequest) -> Score:
    return score(load_labelled(DATA / request.param))


def test_blind_sets_are_large_and_balanced() -> None:
    for name, minimum in zip(BLIND, (120, 60), strict=True):
        rows = load_labelled(DATA / name)
        urgent = sum(1 for row in rows if row["urgent"])
        assert len(rows) >= minimum
        assert 0.4 <= urgent / len(rows) <= 0.6


def test_every_blind_danger_is_urgent(result: Score) -> None:
    assert result.recall("urgent") == 1.0, misses(result)


def test_blind_contact_requests_are_found(result: Score) -> None:
    assert result.recall("contact") >= MIN_CONTACT_RECALL, misses(result)


def test_blind_urgent_alerts_are_mostly_real(result: Score) -> None:
    assert result.precision("urgent") >= MIN_URGENT_PRECISION, misses(result)
