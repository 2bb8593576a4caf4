"""Which languages Hejsan speaks, and what a coordinator's list may say."""

from __future__ import annotations

from pathlib import Path

import pytest

import conversations
from bot.people.languages import LANG_ALIASES, read_lang, supported_langs

DATA = Path(conversations.__file__).parent


def test_the_languages_are_the_template_files_swedish_first() -> None:
    """Adding a language is adding its data files, not editing a list."""
    shipped = sorted(path.stem for path in (DATA / "templates").glob("*.toml"))
    assert sorted(supported_langs()) == shipped
    assert supported_langs()[0] == "sv"
    assert {"sv", "en", "fi"} <= set(supported_langs())


def test_every_language_spoken_also_has_a_lexicon_to_read_answers() -> None:
    lexicons = {path.stem for path in (DATA / "lexicon").glob("*.toml")}
    assert set(supported_langs()) <= lexicons


def test_every_word_a_coordinator_may_write_names_a_language_spoken() -> None:
    assert set(LANG_ALIASES.values()) <= set(supported_langs())
    for code in supported_langs():
        assert read_lang(code, "sv") == (code, None)


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("Svenska", "sv"),
        (" SE ", "sv"),
        ("engelska", "en"),
        ("English", "en"),
        ("suomi", "fi"),
        ("Finska", "fi"),
        ("ruotsi", "sv"),
    ],
)
def test_what_coordinators_write_in_the_language_column_is_understood(
    written: str, code: str
) -> None:
    assert read_lang(written, "fi" if code != "fi" else "sv") == (code, None)


@pytest.mark.parametrize("empty", [None, "", "   "])
def test_an_empty_cell_is_the_default_language_without_a_warning(empty: str | None) -> None:
    assert read_lang(empty, "fi") == ("fi", None)


def test_an_unknown_language_keeps_the_person_on_the_default_with_a_warning() -> None:
    code, warning = read_lang("Tyska", "sv")
    assert code == "sv"
    assert warning is not None
    assert "'Tyska'" in warning
    assert "stöds inte" in warning
    assert "not supported" in warning
    assert "sv används" in warning
    assert "using sv" in warning


def test_a_long_wrong_cell_is_cut_short_in_the_warning() -> None:
    pasted = "x" * 500
    code, warning = read_lang(pasted, "en")
    assert code == "en"
    assert warning is not None
    assert "x" * 40 in warning
    assert "x" * 41 not in warning
