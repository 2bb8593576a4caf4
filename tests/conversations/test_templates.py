"""Texts are data: defaults for every language, overrides checked at load."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from conversations.settings import Settings
from conversations.templates import (
    TemplatePlaceholderError,
    TemplateSyntaxError,
    TemplateValueError,
    UnknownLanguageError,
    UnknownTemplateKeyError,
    default_texts,
    load_templates,
    placeholders,
)

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def test_swedish_and_english_have_the_same_keys_and_placeholders() -> None:
    sv, en = default_texts("sv"), default_texts("en")
    assert sv.keys() == en.keys()
    for key in sv:
        assert placeholders(sv[key]) == placeholders(en[key]), key


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_default_texts_avoid_characters_outside_gsm7(lang: str) -> None:
    for key, text in default_texts(lang).items():
        for bad in ("\u2013", "\u2014", "\u2019", "\u201c", "\u201d"):
            assert bad not in text, (key, bad)


def test_an_override_replaces_the_default() -> None:
    templates = load_templates("sv", {"checkin.good": "Härligt, {name}!"})
    assert templates.render("checkin.good", {"name": "Anna"}) == "Härligt, Anna!"
    assert templates.texts["checkin.ok"] == default_texts("sv")["checkin.ok"]


def test_unknown_key_is_a_clear_error() -> None:
    with pytest.raises(UnknownTemplateKeyError) as error:
        load_templates("sv", {"checkin.godd": "Bra!"})
    message = str(error.value)
    assert 'templates.sv "checkin.godd"' in message
    assert "checkin.good" in message  # the known keys of that section are listed
    assert error.value.key == "checkin.godd"


def test_unknown_placeholder_is_a_clear_error() -> None:
    with pytest.raises(TemplatePlaceholderError) as error:
        load_templates("sv", {"checkin.good": "Bra {namn}!"})
    assert "{namn}" in str(error.value)
    assert "{name}" in str(error.value)


def test_a_placeholder_of_another_template_is_not_allowed() -> None:
    with pytest.raises(TemplatePlaceholderError):
        load_templates("en", {"checkin.good": "See you at {venue}"})


def test_every_message_may_use_the_common_placeholders() -> None:
    templates = load_templates("sv", {"checkin.good": "{hello} Hälsningar {organisation}"})
    assert "{organisation}" in templates.texts["checkin.good"]


@pytest.mark.parametrize("text", ["Bra {", "Bra }", "Bra {name!r}", "Bra {name:>10}", "{0}"])
def test_bad_brace_syntax_is_a_clear_error(text: str) -> None:
    with pytest.raises(TemplateSyntaxError):
        load_templates("sv", {"checkin.good": text})


def test_empty_message_is_refused() -> None:
    with pytest.raises(TemplateValueError):
        load_templates("sv", {"checkin.good": "  "})


def test_weekday_names_must_be_seven() -> None:
    with pytest.raises(TemplateValueError):
        load_templates("sv", {"format.weekdays": "mån tis ons"})


def test_unknown_language_is_a_clear_error() -> None:
    with pytest.raises(UnknownLanguageError):
        load_templates("de")
    with pytest.raises(UnknownLanguageError):
        Settings.build(template_overrides={"de": {}})


def test_settings_build_reports_the_bad_override() -> None:
    with pytest.raises(UnknownTemplateKeyError, match=r"templates\.en"):
        Settings.build(template_overrides={"en": {"nope.nope": "x"}})


def test_dates_are_written_the_swedish_way() -> None:
    sv = load_templates("sv")
    lunch = datetime(2026, 12, 9, 12, 0, tzinfo=STOCKHOLM)
    assert sv.format_when(lunch) == "onsdag 9 december kl 12.00"
    assert sv.format_date(date(2026, 12, 7)) == "måndag 7 december"
    assert load_templates("en").format_when(lunch) == "Wednesday 9 December at 12:00"


def test_soon_is_today_tomorrow_or_a_date_in_the_local_zone() -> None:
    sv = load_templates("sv")
    # 23:30 UTC on 1 December is already 00:30 on 2 December in Stockholm.
    now = datetime(2026, 12, 1, 23, 30, tzinfo=ZoneInfo("UTC"))
    assert sv.format_soon(datetime(2026, 12, 2, 8, 0, tzinfo=STOCKHOLM), now) == "i dag kl 08.00"
    assert sv.format_soon(datetime(2026, 12, 3, 8, 0, tzinfo=STOCKHOLM), now) == (
        "i morgon kl 08.00"
    )
    assert sv.format_soon(datetime(2026, 12, 7, 8, 0, tzinfo=STOCKHOLM), now) == (
        "måndag 7 december kl 08.00"
    )


def test_render_names_a_missing_value() -> None:
    with pytest.raises(LookupError, match="name"):
        load_templates("sv").render("service.hello_name", {})
