"""Message texts per language: shipped defaults, coordinator overrides, checks.

Texts are data (`conversations/templates/<lang>.toml`) so a coordinator can
reword "Hur mår du idag?" in the config without touching code. Overrides are
checked when the config loads, not when the first senior is waiting for an
answer: an unknown key or a placeholder the engine never fills is a
`TemplateError` naming the language and key.

Keys are `section.name`. Sections `format`, `service` and `buttons` hold
fragments (date words, "en volontär", button labels); the others are messages.
Every message may use the common placeholders in `COMMON_PLACEHOLDERS` besides
the ones its default text uses.
"""

from __future__ import annotations

import re
import string
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from importlib import resources
from typing import Any

COMMON_PLACEHOLDERS = frozenset(
    {"hello", "name", "service", "organisation", "coordinator_phone", "helper", "eta"}
)
FRAGMENT_SECTIONS = frozenset({"format", "service", "buttons"})
_WORD_COUNTS = {"format.weekdays": 7, "format.months": 12}
_SPACES = re.compile(r"[ \t]{2,}")


class TemplateError(ValueError):
    """A template set cannot be used; the message names language and key."""

    def __init__(self, lang: str, key: str | None, problem: str) -> None:
        where = f"templates.{lang}" + (f' "{key}"' if key else "")
        super().__init__(f"{where}: {problem}")
        self.lang = lang
        self.key = key


class UnknownLanguageError(TemplateError):
    """No default texts ship for this language."""


class UnknownTemplateKeyError(TemplateError):
    """An override names a key the engine never uses (often a typo)."""


class TemplatePlaceholderError(TemplateError):
    """An override uses a `{placeholder}` the engine does not fill for that key."""


class TemplateSyntaxError(TemplateError):
    """Unbalanced braces or a `{placeholder}` with format options."""


class TemplateValueError(TemplateError):
    """Empty message text, or the wrong number of weekday or month names."""


@dataclass(frozen=True, slots=True)
class Templates:
    """The merged texts of one language. Build with `load_templates`."""

    lang: str
    texts: Mapping[str, str]
    allowed: Mapping[str, frozenset[str]] = field(repr=False)

    def keys(self) -> Iterable[str]:
        return self.texts.keys()

    def is_message(self, key: str) -> bool:
        """True for texts sent on their own; False for fragments."""
        return key.split(".", 1)[0] not in FRAGMENT_SECTIONS

    def render(self, key: str, values: Mapping[str, object]) -> str:
        """Fill in `key` from `values` (which may hold more than it uses).

        Doubled spaces left by an empty optional part are collapsed, so
        "{price_text}" may be empty.
        """
        raw = self.texts[key]
        if "{" not in raw and "  " not in raw:  # fixed texts (buttons, fragments): hot path
            return raw.strip()
        text = raw.format_map(_Values(values, key))
        return _SPACES.sub(" ", text).strip()

    def render_sample(self, key: str, values: Mapping[str, str], default: str) -> str:
        """Fill in `key` with `values`, using `default` for any other placeholder."""
        filled = {name: values.get(name, default) for name in placeholders(self.texts[key])}
        return self.render(key, filled)

    def words(self, key: str) -> list[str]:
        return self.texts[key].split()

    def format_time(self, moment: datetime) -> str:
        return self.render(
            "format.time", {"hour": f"{moment.hour:02d}", "minute": f"{moment.minute:02d}"}
        )

    def format_date(self, day: date) -> str:
        """ "onsdag 9 december" / "Wednesday 9 December"."""
        return self.render("format.date", self._date_values(day))

    def format_when(self, moment: datetime) -> str:
        """ "onsdag 9 december kl 12.00", in the moment's own time zone."""
        values = {**self._date_values(moment.date()), "time": self.format_time(moment)}
        return self.render("format.when", values)

    def format_soon(self, moment: datetime, now: datetime) -> str:
        """ "i dag kl 16.00", "i morgon kl 08.00" or a full date further out,
        counted in the moment's time zone."""
        today = now.astimezone(moment.tzinfo).date()
        days = (moment.date() - today).days
        time = self.format_time(moment)
        if days <= 0:
            return self.render("format.today", {"time": time})
        if days == 1:
            return self.render("format.tomorrow", {"time": time})
        return self.format_when(moment)

    def _date_values(self, day: date) -> dict[str, str]:
        return {
            "weekday": self.words("format.weekdays")[day.weekday()],
            "day": str(day.day),
            "month": self.words("format.months")[day.month - 1],
        }


class _Values(dict[str, object]):
    """format_map values that fail with a clear message instead of KeyError."""

    def __init__(self, values: Mapping[str, object], key: str) -> None:
        super().__init__(values)
        self._key = key

    def __missing__(self, name: str) -> object:
        raise LookupError(f"template {self._key!r} needs {{{name}}} but it was not given")


def placeholders(text: str) -> frozenset[str]:
    """The `{names}` in `text`. Raises ValueError on bad syntax or format options."""
    names: set[str] = set()
    for _literal, name, spec, conversion in string.Formatter().parse(text):
        if name is None:
            continue
        if not name.isidentifier() or spec or conversion:
            raise ValueError(f"use plain {{name}} placeholders, not {{{name}...}}")
        names.add(name)
    return frozenset(names)


def _shipped_languages() -> tuple[str, ...]:
    """Every language with a `templates/<lang>.toml`, Swedish first: adding a
    language is adding its data files, not editing a list in the code."""
    folder = resources.files("conversations") / "templates"
    found = sorted(
        entry.name.removesuffix(".toml")
        for entry in folder.iterdir()
        if entry.name.endswith(".toml")
    )
    return tuple(sorted(found, key=lambda lang: (lang != "sv", lang)))


SUPPORTED_LANGUAGES: tuple[str, ...] = _shipped_languages()


def default_texts(lang: str) -> dict[str, str]:
    """The texts shipped in `conversations/templates/<lang>.toml`."""
    resource = resources.files("conversations") / "templates" / f"{lang}.toml"
    if not resource.is_file():
        raise UnknownLanguageError(lang, None, "no default texts for this language")
    return _flatten(tomllib.loads(resource.read_text(encoding="utf-8")))


def load_templates(lang: str, overrides: Mapping[str, str] | None = None) -> Templates:
    """The default texts of `lang` with the coordinator's `overrides` merged in.

    Raises a `TemplateError` subclass naming the key when an override is for an
    unknown key, uses a placeholder the engine does not fill there, has bad
    brace syntax, or is empty.
    """
    defaults = default_texts(lang)
    allowed = {key: _allowed(key, text) for key, text in defaults.items()}
    texts = dict(defaults)
    for key, text in (overrides or {}).items():
        if key not in defaults:
            raise UnknownTemplateKeyError(lang, key, _unknown_key_hint(key, defaults))
        if not isinstance(text, str):
            raise TemplateValueError(lang, key, "must be a string")
        try:
            used = placeholders(text)
        except ValueError as exc:
            raise TemplateSyntaxError(lang, key, str(exc)) from exc
        extra = used - allowed[key]
        if extra:
            raise TemplatePlaceholderError(
                lang,
                key,
                f"unknown placeholder {', '.join('{' + n + '}' for n in sorted(extra))};"
                f" this text may use {', '.join('{' + n + '}' for n in sorted(allowed[key]))}",
            )
        texts[key] = text
    for key, text in texts.items():
        _check_value(lang, key, text)
    return Templates(lang=lang, texts=texts, allowed=allowed)


def _allowed(key: str, default: str) -> frozenset[str]:
    own = placeholders(default)
    if key.split(".", 1)[0] in FRAGMENT_SECTIONS:
        return own
    return own | COMMON_PLACEHOLDERS


def _check_value(lang: str, key: str, text: str) -> None:
    if key.split(".", 1)[0] not in FRAGMENT_SECTIONS and not text.strip():
        raise TemplateValueError(lang, key, "a message text cannot be empty")
    expected = _WORD_COUNTS.get(key)
    if expected is not None and len(text.split()) != expected:
        raise TemplateValueError(
            lang, key, f"needs {expected} words separated by spaces, got {len(text.split())}"
        )


def _unknown_key_hint(key: str, defaults: Mapping[str, str]) -> str:
    section = key.split(".", 1)[0]
    near = sorted(k for k in defaults if k.split(".", 1)[0] == section)
    hint = f" (known in [{section}]: {', '.join(near)})" if near else ""
    return "unknown template key" + hint


def _flatten(table: Mapping[str, Any], prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for name, value in table.items():
        key = f"{prefix}{name}"
        if isinstance(value, Mapping):
            flat.update(_flatten(value, key + "."))
        else:
            flat[key] = str(value)
    return flat
