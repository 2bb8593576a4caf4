"""SMS counting must match what the operator bills, to the segment."""

from __future__ import annotations

import pytest

from conversations.settings import Settings
from conversations.sms_cost import check_templates, sms_cost
from conversations.templates import load_templates


@pytest.mark.parametrize(
    ("text", "chars", "encoding", "segments"),
    [
        ("", 0, "GSM-7", 1),
        ("a" * 160, 160, "GSM-7", 1),
        ("a" * 161, 161, "GSM-7", 2),
        ("a" * 306, 306, "GSM-7", 2),
        ("a" * 307, 307, "GSM-7", 3),
        ("x" * 70 + "–", 71, "UCS-2", 2),
        ("😀" * 35, 70, "UCS-2", 1),
        ("ö" * 69 + "😀", 71, "UCS-2", 2),
        ("ä" * 70 + "\u2019", 71, "UCS-2", 2),
        ("\u2019" * 70, 70, "UCS-2", 1),
        ("\u2019" * 134, 134, "UCS-2", 2),
        ("\u2019" * 135, 135, "UCS-2", 3),
    ],
)
def test_segments_are_counted_like_the_operator(
    text: str, chars: int, encoding: str, segments: int
) -> None:
    cost = sms_cost(text)
    assert (cost.chars, cost.encoding, cost.segments) == (chars, encoding, segments)


def test_swedish_letters_stay_in_gsm7() -> None:
    cost = sms_cost("åäöÅÄÖéÉüÜñÑàøØæÆß")
    assert cost.encoding == "GSM-7"
    assert cost.chars == 18


@pytest.mark.parametrize("char", list("€[]{}^~|\\\f"))
def test_extension_characters_count_double(char: str) -> None:
    assert sms_cost(char).chars == 2
    assert sms_cost("a" * 158 + char).segments == 1
    assert sms_cost("a" * 159 + char).segments == 2


def test_an_escaped_character_is_not_split_across_parts() -> None:
    # 152 + the two septets of "€" do not fit in the first 153-septet part.
    text = "a" * 152 + "€" + "a" * 10
    assert sms_cost(text).chars == 164
    assert sms_cost(text).segments == 2
    assert sms_cost("a" * 152 + "€" + "a" * 152).segments == 3


@pytest.mark.parametrize("char", ["😀", "\u201c", "\u2013", "\u2014", "\u00e1", "ç"])
def test_one_character_outside_gsm7_makes_the_whole_text_ucs2(char: str) -> None:
    assert sms_cost("Hej " + char).encoding == "UCS-2"


def test_a_surrogate_pair_is_not_split_across_parts() -> None:
    assert sms_cost("a" * 66 + "😀" + "a" * 10).segments == 2
    assert sms_cost("a" * 66 + "😀" + "a" * 10).chars == 78


def test_every_default_template_is_one_gsm7_segment() -> None:
    checks = check_templates(Settings.build().templates.values())
    assert {check.lang for check in checks} == {"sv", "en", "fi"}
    assert [c for c in checks if c.warnings] == []


def test_check_warns_about_ucs2_and_long_overrides() -> None:
    templates = load_templates(
        "sv",
        {
            "checkin.good": "Vad bra \u2013 ha en fin dag! \U0001f600",
            "checkin.ok": "Tack! " * 30,
        },
    )
    checks = {check.key: check for check in check_templates(templates)}
    good = checks["checkin.good"]
    assert good.encoding == "UCS-2"
    assert "U+2013" in good.warnings[0]
    assert "U+1F600" in good.warnings[0]
    ok = checks["checkin.ok"]
    assert ok.encoding == "GSM-7"
    assert ok.segments == 2
    assert ok.warnings == ("2 SMS segments (179 characters)",)


def test_fragments_are_not_checked_as_messages() -> None:
    keys = {check.key for check in check_templates(load_templates("sv"))}
    assert "checkin.question" in keys
    assert not any(key.startswith(("format.", "service.", "buttons.")) for key in keys)
