"""Interpretations per second: the labelled replies replayed, and 2,000-character letters.

Run: .venv/bin/python bench/bench_interpret.py
"""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.accuracy import load_labelled  # noqa: E402
from conversations.interpret import interpret  # noqa: E402

TARGET_PER_SECOND = 5_000  # issue 13: with the learned reader loaded


def rate(messages: Sequence[tuple[str, str, str]], rounds: int) -> float:
    """Interpretations per CPU second over `rounds` passes of `messages`: CPU
    time, so other work on a shared machine does not count against us."""
    started = time.process_time()
    for _ in range(rounds):
        for text, context, lang in messages:
            interpret(text, context, lang)
    return rounds * len(messages) / (time.process_time() - started)


def long_letters(rows: Sequence[dict[str, str]], length: int = 2_000) -> list[tuple[str, str, str]]:
    """Rambling messages built from real replies, each about `length` characters."""
    letters = []
    for offset in range(20):
        parts: list[str] = []
        index = offset
        while sum(len(p) + 1 for p in parts) < length:
            parts.append(rows[index % len(rows)]["text"])
            index += 7
        letters.append((" ".join(parts)[:length], "checkin", "sv"))
    return letters


def main() -> None:
    rows = load_labelled()
    typical = [(r["text"], r["context"], r["lang"]) for r in rows]
    rate(typical, 1)  # warm caches the way a running service has them
    mix = rate(typical, 40)
    long = rate(long_letters(rows), 30)
    print(f"typical replies: {mix:,.0f} interpretations/CPU-s (target {TARGET_PER_SECOND:,})")
    print(f"2,000-character messages: {long:,.0f} interpretations/CPU-s")


if __name__ == "__main__":
    main()
