"""How well `interpret` reads the labelled replies: per-field accuracy, recall, misses.

Run: .venv/bin/python bench/accuracy.py
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from conversations.interpret import interpret  # noqa: E402

LABELLED = ROOT / "tests" / "conversations" / "data" / "labelled_replies.jsonl"
FIELDS = ("mood", "rsvp", "guests", "contact", "urgent", "stop")


@dataclass
class Score:
    """Counts over the labelled set, for the contract fields."""

    total: int = 0
    exact: int = 0
    correct: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    flags: dict[str, dict[str, int]] = field(
        default_factory=lambda: {f: {"tp": 0, "fp": 0, "fn": 0} for f in ("urgent", "contact")}
    )
    misses: list[tuple[dict[str, Any], dict[str, Any]]] = field(default_factory=list)
    urgent_rows: int = 0
    urgent_reached: int = 0  # flagged urgent, or review: a person reads it
    reviewed: int = 0
    review_wanted: int = 0
    review_found: int = 0

    def field_accuracy(self, name: str) -> float:
        return self.correct[name] / self.total

    @property
    def exact_rate(self) -> float:
        return self.exact / self.total

    @property
    def overall(self) -> float:
        return sum(self.correct.values()) / (self.total * len(FIELDS))

    def recall(self, flag: str) -> float:
        c = self.flags[flag]
        return c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 1.0

    @property
    def reach_rate(self) -> float:
        """Share of urgent replies that reach a person (urgent or review)."""
        return self.urgent_reached / self.urgent_rows if self.urgent_rows else 1.0

    @property
    def false_urgent_rate(self) -> float:
        """Urgent alarms raised on replies labelled not urgent."""
        calm = self.total - self.urgent_rows
        return self.flags["urgent"]["fp"] / calm if calm else 0.0

    @property
    def review_rate(self) -> float:
        return self.reviewed / self.total if self.total else 0.0

    def precision(self, flag: str) -> float:
        c = self.flags[flag]
        return c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 1.0


def load_labelled(path: Path = LABELLED) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def score(rows: list[dict[str, Any]]) -> Score:
    """Compare `interpret` with every label."""
    result = Score()
    for row in rows:
        got = interpret(row["text"], row["context"], row["lang"]).contract()
        result.total += 1
        review = bool(got.get("review"))
        result.reviewed += review
        if row["urgent"]:
            result.urgent_rows += 1
            result.urgent_reached += bool(got["urgent"] or review)
        if row.get("review"):
            result.review_wanted += 1
            result.review_found += bool(review or got["urgent"])
        wrong = False
        for name in FIELDS:
            if got[name] == row[name]:
                result.correct[name] += 1
            else:
                wrong = True
        for flag, counts in result.flags.items():
            if got[flag] and row[flag]:
                counts["tp"] += 1
            elif got[flag]:
                counts["fp"] += 1
            elif row[flag]:
                counts["fn"] += 1
        if wrong:
            result.misses.append((row, got))
        else:
            result.exact += 1
    return result


def report(result: Score) -> str:
    lines = [
        f"replies: {result.total}",
        f"overall field accuracy: {result.overall:.1%}",
        f"exact match: {result.exact_rate:.1%}",
    ]
    lines += [f"  {name:8} {result.field_accuracy(name):.1%}" for name in FIELDS]
    for flag in ("urgent", "contact"):
        lines.append(
            f"{flag}: recall {result.recall(flag):.1%} precision {result.precision(flag):.1%}"
        )
    lines += [
        f"urgent reaching a person (urgent or review): {result.reach_rate:.1%}"
        f" of {result.urgent_rows}",
        f"false urgent: {result.false_urgent_rate:.1%} of non-urgent replies",
        f"review rate: {result.review_rate:.1%}"
        f" (labelled review found: {result.review_found}/{result.review_wanted})",
    ]
    return "\n".join(lines)


def misses(result: Score) -> str:
    lines = [f"misses ({len(result.misses)}):"]
    for row, got in result.misses:
        diff = ", ".join(f"{n}: want {row[n]!r} got {got[n]!r}" for n in FIELDS if row[n] != got[n])
        lines.append(f"  [{row['context']}/{row['lang']}] {row['text'][:90]!r} -> {diff}")
    return "\n".join(lines)


def main() -> None:
    result = score(load_labelled())
    print(report(result))
    print(misses(result))


if __name__ == "__main__":
    main()
