"""Train the learned second reader and write `conversations/learned_reader.json`.

One reproducible command (fixed seed, data from the repository):

    .venv/bin/python bench/train_reader.py            # cross-validate, train, export
    .venv/bin/python bench/train_reader.py --cv-only  # figures only, file untouched

Every labelled reply under tests/conversations/data/ is used except the sets
kept blind for the final figure (`HELD_BACK`). Prints cross-validated figures
per field and picks the thresholds from out-of-fold scores, so they are not
tuned on replies the model saw. scikit-learn is needed here only; the service
reads the exported numbers with `conversations.learned`.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import StratifiedKFold

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.accuracy import FIELDS, Score, report, score  # noqa: E402
from conversations import review  # noqa: E402
from conversations.learned import HEADS, MODEL_FILE, LearnedReader, ngrams  # noqa: E402
from conversations.normalize import tokenize  # noqa: E402

DATA = ROOT / "tests" / "conversations" / "data"
OUT = ROOT / "conversations" / MODEL_FILE
# File-name prefixes never trained on: the blind set not yet scored. Earlier
# blind sets join the training data once their first score is recorded.
HELD_BACK = ("blind_final45", "blind_final46")
SEED = 13
FOLDS = 5
NGRAMS = (2, 5)
MAX_FEATURES = 8000
C = 4.0
# Largest share of calm replies a threshold may wrongly flag (out of fold):
# "sure" sets the flag, "unsure" sends the reply to a person.
SURE_FALSE_RATE = {"urgent": 0.005, "contact": 0.015}
UNSURE_FALSE_RATE = {"urgent": 0.04, "contact": 0.04}


def analyse(text: str) -> list[str]:
    return ngrams(tokenize(text).words, *NGRAMS)


def load_rows() -> list[dict[str, Any]]:
    rows = []
    for path in sorted(DATA.glob("*.jsonl")):
        if path.name.startswith(HELD_BACK):
            continue
        with path.open(encoding="utf-8") as lines:
            rows += [json.loads(line) for line in lines if line.strip()]
    return rows


def vectorizer() -> TfidfVectorizer:
    return TfidfVectorizer(analyzer=analyse, sublinear_tf=True, min_df=2, max_features=MAX_FEATURES)


def model() -> LogisticRegression:
    return LogisticRegression(
        C=C, class_weight="balanced", max_iter=5000, solver="liblinear", random_state=SEED
    )


def out_of_fold(texts: list[str], labels: np.ndarray) -> np.ndarray:
    """Scores each reply got from a model that never saw it."""
    scores = np.zeros(len(texts))
    folds = StratifiedKFold(n_splits=FOLDS, shuffle=True, random_state=SEED)
    for train, test in folds.split(texts, labels):
        vec = vectorizer()
        x_train = vec.fit_transform([texts[i] for i in train])
        fitted = model().fit(x_train, labels[train])
        scores[test] = fitted.predict_proba(vec.transform([texts[i] for i in test]))[:, 1]
    return scores


def threshold(scores: np.ndarray, labels: np.ndarray, false_rate: float) -> float:
    """The lowest score whose out-of-fold false alarms stay within `false_rate`."""
    calm = np.sort(scores[labels == 0])[::-1]
    allowed = int(false_rate * len(calm))
    return float(min(0.99, calm[allowed] + 1e-6)) if allowed < len(calm) else 0.5


def head_report(
    head: str, scores: np.ndarray, labels: np.ndarray, sure: float, unsure: float
) -> str:
    positives = labels == 1
    calm = ~positives

    def rate(mask: np.ndarray, cut: float) -> float:
        return float(np.mean(scores[mask] >= cut)) if mask.any() else 0.0

    flagged = scores >= sure
    precision = float(np.mean(labels[flagged])) if flagged.any() else 1.0
    return (
        f"{head:8} n={len(labels)} positives={int(positives.sum())} "
        f"AUC {roc_auc_score(labels, scores):.3f} | sure>={sure:.2f}: recall "
        f"{rate(positives, sure):.1%} precision {precision:.1%} false {rate(calm, sure):.1%}"
        f" | unsure>={unsure:.2f}: recall {rate(positives, unsure):.1%}"
        f" false {rate(calm, unsure):.1%}"
    )


def export(rows: list[dict[str, Any]], thresholds: dict[str, float]) -> dict[str, Any]:
    """Fit on `rows` and return the model as `conversations.learned` reads it."""
    texts = [row["text"] for row in rows]
    vec = vectorizer()
    x_all = vec.fit_transform(texts)
    weights = []
    intercepts = []
    for head in HEADS:
        fitted = model().fit(x_all, np.array([int(row[head]) for row in rows]))
        weights.append(fitted.coef_[0])
        intercepts.append(round(float(fitted.intercept_[0]), 5))
    features = {
        gram: [round(float(vec.idf_[i]), 4)] + [round(float(w[i]), 5) for w in weights]
        for gram, i in sorted(vec.vocabulary_.items())
    }
    return {
        "trained_on": len(rows),
        "seed": SEED,
        "ngram_range": list(NGRAMS),
        "intercepts": intercepts,
        "thresholds": thresholds,
        "features": features,
    }


def cross_validate_reader(rows: list[dict[str, Any]], thresholds: dict[str, float]) -> Score:
    """The whole reader (word lists + a model trained without the fold) on each
    fold. The word lists were written looking at these replies, so this is an
    upper bound for the rules and an honest figure for what the model adds."""
    total = Score()
    folds = StratifiedKFold(n_splits=FOLDS, shuffle=True, random_state=SEED)
    labels = np.array([int(row["urgent"]) * 2 + int(row["contact"]) for row in rows])
    for train, test in folds.split(rows, labels):
        fold_reader = LearnedReader(export([rows[i] for i in train], thresholds))
        review.learned_reader = lambda reader=fold_reader: reader  # type: ignore[misc]
        part = score([rows[i] for i in test])
        total.total += part.total
        total.exact += part.exact
        for name in FIELDS:
            total.correct[name] += part.correct[name]
        for flag, counts in part.flags.items():
            for key, value in counts.items():
                total.flags[flag][key] += value
        total.urgent_rows += part.urgent_rows
        total.urgent_reached += part.urgent_reached
        total.reviewed += part.reviewed
        total.review_wanted += part.review_wanted
        total.review_found += part.review_found
    return total


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cv-only", action="store_true", help="print figures, write nothing")
    parser.add_argument(
        "--reader", action="store_true", help="also cross-validate the whole reader per field"
    )
    args = parser.parse_args(argv)
    rows = load_rows()
    texts = [row["text"] for row in rows]
    langs = {lang: sum(1 for r in rows if r["lang"] == lang) for lang in ("sv", "en", "fi")}
    print(f"training replies: {len(rows)} {langs}")
    thresholds: dict[str, float] = {}
    for head in HEADS:
        labels = np.array([int(row[head]) for row in rows])
        scores = out_of_fold(texts, labels)
        sure = threshold(scores, labels, SURE_FALSE_RATE[head])
        unsure = min(sure, threshold(scores, labels, UNSURE_FALSE_RATE[head]))
        thresholds[f"{head}_sure"] = round(sure, 4)
        thresholds[f"{head}_unsure"] = round(unsure, 4)
        print(head_report(head, scores, labels, sure, unsure))
    if args.reader:
        print("whole reader, 5-fold cross-validated (model retrained per fold):")
        print(report(cross_validate_reader(rows, thresholds)))
    if args.cv_only:
        return
    data = export(rows, thresholds)
    features = data["features"]
    OUT.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n")
    size = OUT.stat().st_size / 1024
    print(f"wrote {OUT.relative_to(ROOT)} ({size:.0f} KiB, {len(features)} n-grams)")


if __name__ == "__main__":
    main(sys.argv[1:])
