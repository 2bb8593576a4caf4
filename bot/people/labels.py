"""Tags and areas: matched by a folded key, shown as the coordinator wrote them.

"Tyresö", "tyreso" and " TYRESÖ " are one tag for matching a campaign's
audience; the first spelling a coordinator used is the one shown back.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterable

MAX_LABEL = 100


@functools.lru_cache(maxsize=8192)
def match_key(label: str) -> str:
    """Lower case, accents folded (å/ä/ö -> a/a/o), runs of spaces to one."""
    decomposed = unicodedata.normalize("NFKD", label.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.split())


def clean_labels(labels: Iterable[str]) -> tuple[str, ...]:
    """One display spelling per key (the first given), blanks dropped, sorted by key."""
    kept: dict[str, str] = {}
    for label in labels:
        shown = " ".join((label or "").split())
        key = match_key(shown)
        if key and key not in kept:
            kept[key] = shown
    return tuple(kept[key] for key in sorted(kept))


def label_keys(labels: Iterable[str]) -> frozenset[str]:
    """The keys of `labels`, for set matching."""
    return frozenset(key for key in (match_key(label) for label in labels) if key)
