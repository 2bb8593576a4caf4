"""The second, learned reader: character n-grams and two linear models.

The word lists are the precise first reader; this one catches wordings nobody
wrote into them ("har svalt alla sömntabletterna", "ingen har hört av sig").
It was trained by `bench/train_reader.py` (scikit-learn, fixed seed) on the
labelled replies in the repository and exported to `learned_reader.json`:
n-gram -> (idf, weights), so reading needs no scikit-learn, only a few
dictionary lookups per word. Loaded once, on first use.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

MODEL_FILE = "learned_reader.json"
HEADS = ("urgent", "contact")


def ngrams(words: Iterable[str], low: int = 2, high: int = 5) -> list[str]:
    """Character n-grams of each folded word padded with spaces (" yr ", " ram");
    the same function builds the training features, so both sides agree."""
    grams: list[str] = []
    for word in words:
        padded = f" {word} "
        size = len(padded)
        for n in range(low, min(high, size) + 1):
            grams += [padded[at : at + n] for at in range(size - n + 1)]
    return grams


@dataclass(frozen=True, slots=True)
class Scores:
    """How likely the message asks for urgent help or for contact (0..1)."""

    urgent: float
    contact: float


@dataclass(frozen=True, slots=True)
class Thresholds:
    """At `sure` the learned reader sets the flag; from `unsure` a person reads."""

    urgent_sure: float
    urgent_unsure: float
    contact_sure: float
    contact_unsure: float


class LearnedReader:
    """TF-IDF (sublinear tf, l2 norm) over character n-grams, then a logistic
    regression per head; the exact arithmetic scikit-learn does, in plain Python."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.low, self.high = (int(n) for n in data["ngram_range"])
        self._features: dict[str, tuple[float, float, float]] = {
            gram: (float(v[0]), float(v[1]), float(v[2])) for gram, v in data["features"].items()
        }
        self._intercepts = tuple(float(b) for b in data["intercepts"])
        self.thresholds = Thresholds(**{k: float(v) for k, v in data["thresholds"].items()})
        # Words repeat across messages: their n-grams the model knows are looked up once.
        self._known_grams = functools.lru_cache(maxsize=50_000)(self._grams_of)

    def _grams_of(self, word: str) -> tuple[str, ...]:
        features = self._features
        return tuple(g for g in ngrams((word,), self.low, self.high) if g in features)

    def scores(self, words: Sequence[str]) -> Scores:
        counts: dict[str, int] = {}
        for word in words:
            for gram in self._known_grams(word):
                counts[gram] = counts.get(gram, 0) + 1
        features = self._features
        norm = urgent = contact = 0.0
        for gram, count in counts.items():
            idf, w_urgent, w_contact = features[gram]
            value = (1.0 + math.log(count)) * idf
            norm += value * value
            urgent += value * w_urgent
            contact += value * w_contact
        scale = 1.0 / math.sqrt(norm) if norm else 0.0
        return Scores(
            urgent=_sigmoid(urgent * scale + self._intercepts[0]),
            contact=_sigmoid(contact * scale + self._intercepts[1]),
        )


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x)) if x >= 0 else math.exp(x) / (1.0 + math.exp(x))


@functools.cache
def learned_reader() -> LearnedReader:
    """The shipped model, read from the package once."""
    text = resources.files(__package__).joinpath(MODEL_FILE).read_text(encoding="utf-8")
    return LearnedReader(json.loads(text))
