"""Which languages Hejsan speaks, and what coordinators write for them in lists.

A language is supported when the engine speaks it (`bot.core.config.LANGS`). An
unknown or unsupported language in a list never drops the person: they get
the default language and the row gets a warning.
"""

from __future__ import annotations

from bot.core.config import LANGS

# What coordinators write in the "Språk" column -> language code.
LANG_ALIASES: dict[str, str] = {
    "sv": "sv",
    "se": "sv",
    "svenska": "sv",
    "swedish": "sv",
    "ruotsi": "sv",
    "en": "en",
    "engelska": "en",
    "english": "en",
    "englanti": "en",
    "fi": "fi",
    "finska": "fi",
    "finnish": "fi",
    "suomi": "fi",
    "suomeksi": "fi",
}


def supported_langs() -> tuple[str, ...]:
    """The languages Hejsan speaks: the one list the engine and the config use."""
    return LANGS


def read_lang(raw: str | None, default: str) -> tuple[str, str | None]:
    """The language code for `raw`, and a warning when the default had to stand in."""
    text = (raw or "").strip().casefold()
    if not text:
        return default, None
    code = LANG_ALIASES.get(text, text)
    if code in supported_langs():
        return code, None
    shown = (raw or "").strip()[:40]
    return default, (
        f"språket {shown!r} stöds inte, {default} används / language not supported, using {default}"
    )
