"""The safety page speaks through t(): every Swedish string has its English."""

from __future__ import annotations

import re

from bot.console.english import ENGLISH
from bot.console.render import HERE
from bot.console.routes import safety

WORDED = re.compile(r"""\bt\((?:"([^"]+)"|'([^']+)')\)""")


def test_every_string_of_the_safety_page_has_english() -> None:
    template = (HERE / "templates" / "safety.html").read_text(encoding="utf-8")
    swedish = {a or b for a, b in WORDED.findall(template)}
    swedish |= {safety.NO_CONSENT, safety.NO_TIME}
    assert len(swedish) > 40
    assert sorted(s for s in swedish if s not in ENGLISH) == []


def test_the_page_has_no_visible_swedish_outside_t() -> None:
    template = (HERE / "templates" / "safety.html").read_text(encoding="utf-8")
    text = re.sub(r"{%.*?%}|{{.*?}}|<[^>]+>", " ", template, flags=re.S)
    words = [w for w in re.findall(r"[A-Za-zÅÄÖåäö]{3,}", text)]
    assert words == []
