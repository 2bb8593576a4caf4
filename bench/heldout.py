"""How well `interpret` reads replies its authors did not write: the held-out sets.

The labelled set was written together with the lexicon, so its score is
optimistic; the held-out files were written without looking at the lexicon and
are the honest figure. Prints per-field accuracy, exact-match rate, urgent and
contact recall/precision, then every miss.

Run: .venv/bin/python bench/heldout.py [FILE ...]
(default: tests/conversations/data/heldout_replies.jsonl)
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.accuracy import load_labelled, misses, report, score  # noqa: E402

HELDOUT = ROOT / "tests" / "conversations" / "data" / "heldout_replies.jsonl"


def main(argv: list[str]) -> None:
    paths = [Path(arg) for arg in argv] or [HELDOUT]
    for path in paths:
        result = score(load_labelled(path))
        print(f"== {path}")
        print(report(result))
        print(misses(result))
        print()


if __name__ == "__main__":
    main(sys.argv[1:])
