"""Phone numbers as coordinators type them, stored as E.164 and masked in logs."""

from __future__ import annotations

import pytest

from bot.core.phone import InvalidPhoneNumber, mask_chat_id, mask_phone, normalize_phone


@pytest.mark.parametrize(
    "typed",
    ["070-174 06 05", "0701740605", "+46 70 174 06 05", "0046701740605", " 070 1740605 "],
)
def test_the_swedish_ways_of_writing_a_number_are_one_number(typed: str) -> None:
    assert normalize_phone(typed) == "+46701740605"


@pytest.mark.parametrize(
    ("typed", "why"), [("", "missing"), ("ring mig", "not a phone"), ("070", "invalid")]
)
def test_what_is_not_a_number_says_why(typed: str, why: str) -> None:
    with pytest.raises(InvalidPhoneNumber, match=why):
        normalize_phone(typed)


def test_logs_see_only_the_country_code_and_the_last_two_digits() -> None:
    masked = mask_phone("+46701740605")
    assert masked.startswith("+4670")
    assert masked.endswith("05")
    assert "1740" not in masked
    assert mask_chat_id(123456789) == "•••••••89"
    assert mask_phone(None) == ""
