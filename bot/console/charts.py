"""Charts drawn on the server as plain SVG, each with a text alternative.

No chart library and no JavaScript: the SVG is a few lines and a table next
to it carries the same numbers for screen readers and printing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from markupsafe import Markup, escape

MOOD_SCORE = {"good": 3, "ok": 2, "bad": 1}
MOOD_WORD = {"good": "bra", "ok": "sådär", "bad": "dåligt"}
SUMMARY = (
    "Humör de senaste {weeks} veckorna: {good} bra, {ok} sådär, {bad} dåligt; "
    "{missed} incheckningar utan svar."
)


@dataclass(frozen=True)
class MoodWeek:
    """One week of a senior's check-ins: answers by mood, and questions missed."""

    week_start: date
    good: int = 0
    ok: int = 0
    bad: int = 0
    missed: int = 0

    @property
    def answered(self) -> int:
        return self.good + self.ok + self.bad

    @property
    def average(self) -> float | None:
        if not self.answered:
            return None
        return (3 * self.good + 2 * self.ok + self.bad) / self.answered


def mood_weeks(
    answers: Sequence[tuple[date, str | None, bool]], today: date, weeks: int = 12
) -> list[MoodWeek]:
    """Group (day, mood, answered) into the last `weeks` Monday-based weeks, oldest first."""
    first = today - timedelta(days=today.weekday()) - timedelta(weeks=weeks - 1)
    counts = [{"good": 0, "ok": 0, "bad": 0, "missed": 0} for _ in range(weeks)]
    for day, mood, answered in answers:
        index = (day - first).days // 7
        if not 0 <= index < weeks:
            continue
        if not answered:
            counts[index]["missed"] += 1
        elif mood in MOOD_SCORE:
            counts[index][mood] += 1
    return [MoodWeek(first + timedelta(weeks=i), **counts[i]) for i in range(weeks)]


def mood_chart_svg(
    weeks: Sequence[MoodWeek], title_id: str, words: Mapping[str, str] = MOOD_WORD
) -> Markup:
    """A line of weekly average mood (3 bra, 2 sådär, 1 dåligt) with missed weeks marked;
    `words` names the three levels in the reader's language."""
    width, height, left, top, bottom = 640, 220, 70, 20, 40
    plot_w = width - left - 20
    plot_h = height - top - bottom
    step = plot_w / max(len(weeks) - 1, 1)

    def y(score: float) -> float:
        return top + (3 - score) / 2 * plot_h

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="img" aria-labelledby="{escape(title_id)}">'
    ]
    for score, mood in ((3, "good"), (2, "ok"), (1, "bad")):
        word = escape(words[mood])
        parts.append(
            f'<line x1="{left}" y1="{y(score):.1f}" x2="{width - 20}" y2="{y(score):.1f}" '
            'stroke="#c9c9c9"/>'
            f'<text x="{left - 8}" y="{y(score) + 5:.1f}" text-anchor="end" '
            f'font-size="14" fill="#1b1b1b">{word}</text>'
        )
    points = []
    for i, week in enumerate(weeks):
        x = left + i * step
        if i % 2 == 0:
            parts.append(
                f'<text x="{x:.1f}" y="{height - 12}" text-anchor="middle" font-size="12" '
                f'fill="#1b1b1b">v{week.week_start.isocalendar()[1]}</text>'
            )
        if week.average is not None:
            points.append((x, y(week.average)))
        elif week.missed:
            parts.append(
                f'<text x="{x:.1f}" y="{top + plot_h + 4:.1f}" text-anchor="middle" '
                'font-size="14" fill="#a3121f">×</text>'
            )
    if len(points) > 1:
        path = " ".join(f"{x:.1f},{y_:.1f}" for x, y_ in points)
        parts.append(f'<polyline points="{path}" fill="none" stroke="#0b4f8a" stroke-width="3"/>')
    for x, y_ in points:
        parts.append(f'<circle cx="{x:.1f}" cy="{y_:.1f}" r="5" fill="#0b4f8a"/>')
    parts.append("</svg>")
    return Markup("".join(parts))


def summary(weeks: Sequence[MoodWeek], wording: str = SUMMARY) -> str:
    """One sentence that says what the chart shows (`wording`: SUMMARY in the
    reader's language), so the chart has a text alternative."""
    return wording.format(
        weeks=len(weeks),
        good=sum(w.good for w in weeks),
        ok=sum(w.ok for w in weeks),
        bad=sum(w.bad for w in weeks),
        missed=sum(w.missed for w in weeks),
    )


def bar_chart_svg(values: Sequence[tuple[str, int]], title_id: str) -> Markup:
    """Horizontal bars, labelled with their words and numbers (for the report)."""
    width, row, left = 640, 34, 170
    height = row * len(values) + 10
    top_value = max((v for _, v in values), default=0) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="img" aria-labelledby="{escape(title_id)}">'
    ]
    for i, (label, value) in enumerate(values):
        y = 5 + i * row
        bar = (width - left - 60) * value / top_value
        parts.append(
            f'<text x="{left - 8}" y="{y + 20}" text-anchor="end" font-size="14" '
            f'fill="#1b1b1b">{escape(label)}</text>'
            f'<rect x="{left}" y="{y + 4}" width="{bar:.1f}" height="22" fill="#0b4f8a"/>'
            f'<text x="{left + bar + 6:.1f}" y="{y + 20}" font-size="14" '
            f'fill="#1b1b1b">{value}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))
