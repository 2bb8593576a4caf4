"""Every word a reader sees on these pages goes through t(), and has English.

A simple, honest check: strip the Jinja tags, HTML tags and comments from a
template; any letters left are text a reader sees that t() never touched.
Visible attributes (aria-label, title, placeholder, alt, value of buttons)
must be expressions too. Then each t("...") literal must have an English entry.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.console.english import ENGLISH
from bot.console.render import NAVIGATION, NOTICES, ROLE_NAMES, in_lang
from bot.console.routes.campaigns import DAY_NAMES, EVERY_WEEKS, KINDS

TEMPLATES = Path(__file__).resolve().parents[3] / "bot" / "console" / "templates"
MINE = (
    "base.html",
    "login.html",
    "password.html",
    "set_password.html",
    "accounts.html",
    "audit.html",
    "campaign.html",
    "campaigns.html",
    "report.html",
    "review.html",
    "event_print.html",
    "macros.html",
)
# Shown as they are in every language: the product's name, symbols, and the
# language switch, which names each language in itself.
AS_IS = {"Hejsan", "Svenska", "English", "IP"}
_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
_TAG = re.compile(r"<[^>]*>", re.DOTALL)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_VISIBLE_ATTR = re.compile(r'\b(?:aria-label|title|placeholder|alt)="([^"]*)"')
# Attributes a macro writes for a tag in the calling template (outside any <...> here).
_LOOSE_ATTR = re.compile(r'[\w-]+="[^"]*"')
_LITERAL = re.compile(r"""\bt\(\s*(["'])(.*?)\1""", re.DOTALL)


def unwrapped_text(source: str) -> list[str]:
    """Words a reader would see that no t() call produced."""
    attributes = [value for value in _VISIBLE_ATTR.findall(source) if _JINJA.sub("", value)]
    text = _TAG.sub(" ", _JINJA.sub(" ", _COMMENT.sub(" ", source)))
    text = _LOOSE_ATTR.sub(" ", text)
    words = [w for w in re.findall(r"[^\W\d_][\w’'-]*", text) if w not in AS_IS]
    return attributes + words


def test_the_check_finds_an_unwrapped_word() -> None:
    assert unwrapped_text("<p>Spara</p>") == ["Spara"]
    assert unwrapped_text('<nav aria-label="Huvudmeny">') == ["Huvudmeny"]
    assert unwrapped_text('<p>{{ t("Spara") }}</p><nav aria-label="{{ t(\'Meny\') }}">') == []


@pytest.mark.parametrize("name", MINE)
def test_no_visible_word_bypasses_t(name: str) -> None:
    assert unwrapped_text((TEMPLATES / name).read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("name", MINE)
def test_every_wrapped_string_has_english(name: str) -> None:
    literals = [text for _, text in _LITERAL.findall((TEMPLATES / name).read_text("utf-8"))]
    missing = [text for text in literals if text not in ENGLISH]
    assert missing == []


def test_route_wording_has_english() -> None:
    words = [label for _, label, _ in NAVIGATION]
    words += [*NOTICES.values(), *ROLE_NAMES.values(), *KINDS.values(), *DAY_NAMES.values()]
    words += [label for _, label in EVERY_WEEKS]
    assert [w for w in words if w not in ENGLISH] == []


def test_fields_are_filled_in_after_translation() -> None:
    assert in_lang("en", "Roll för {email}", email="a@b.se") == "Role for a@b.se"
    assert in_lang("sv", "Roll för {email}", email="a@b.se") == "Roll för a@b.se"
    assert in_lang("en", "var {n}:e vecka", n=3) == "every 3 weeks"
