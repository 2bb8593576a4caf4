"""Every Swedish text on the seniors, volunteers, events, today and cases pages has its English."""

from __future__ import annotations

import re
from pathlib import Path

from bot.console.english import ENGLISH
from bot.console.forms import FIELD_HINTS
from bot.console.queries.cases import _ACTIONS as TIMELINE
from bot.console.render import NOTICES
from bot.console.routes.cases import REASONS
from bot.console.routes.seniors import LANGUAGES

TEMPLATES = Path(__file__).parents[3] / "bot" / "console" / "templates"
PAGES = (
    "senior.html",
    "seniors.html",
    "volunteer.html",
    "volunteers.html",
    "event.html",
    "events.html",
    "today.html",
    "cases.html",
    "case.html",
    "form_fields.html",
)
LITERAL = re.compile(r"""\bt\(\s*(["'])(.*?)\1\s*\)""")
# Texts a template passes to t() from a literal list or dict, not as t("...").
LISTED = re.compile(r"""\(\s*'[a-z_]*',\s*'([A-ZÅÄÖ][^']*)'\s*\)|'[a-z_]+':\s*'([^']+)'""")
OUR_NOTICES = (
    "person_added",
    "person_saved",
    "person_paused",
    "person_resumed",
    "opted_out",
    "opted_in",
    "person_removed",
    "event_saved",
    "event_cancelled",
)


def _swedish_texts() -> set[str]:
    texts: set[str] = set()
    for name in PAGES:
        source = (TEMPLATES / name).read_text(encoding="utf-8")
        texts |= {m[2] for m in LITERAL.finditer(source)}
        for found in LISTED.finditer(source):
            text = found[1] or found[2]
            if not text.startswith(("%", "badge")) and text not in ("SMS", "Telegram"):
                texts.add(text)
    texts |= set(FIELD_HINTS.values()) | set(REASONS.values()) | set(TIMELINE.values())
    texts |= {word for _, word in LANGUAGES} | {NOTICES[key] for key in OUR_NOTICES}
    return texts


def test_every_text_on_our_pages_has_english() -> None:
    missing = sorted(text for text in _swedish_texts() if text not in ENGLISH)
    assert missing == []


def test_placeholders_survive_translation() -> None:
    """An English text that lost "{name}" would show a blank where the senior's name goes."""
    for swedish, english in ENGLISH.items():
        assert set(re.findall(r"{\w+}", swedish)) == set(re.findall(r"{\w+}", english)), swedish
