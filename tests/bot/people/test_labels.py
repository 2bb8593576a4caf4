"""Tags and areas match however they are spelled, and show as first written."""

from __future__ import annotations

from bot.people.labels import clean_labels, label_keys, match_key


def test_case_accents_and_spaces_do_not_split_a_tag() -> None:
    assert match_key(" TYRESÖ ") == match_key("tyreso") == match_key("Tyresö")
    assert match_key("Västra  Frölunda") == "vastra frolunda"


def test_the_first_spelling_is_kept_for_display() -> None:
    assert clean_labels(["Tyresö", "tyreso", " ", "Sopplunch"]) == ("Sopplunch", "Tyresö")


def test_keys_of_labels() -> None:
    assert label_keys(["Tyresö", "SOPPLUNCH"]) == {"tyreso", "sopplunch"}
