"""Volunteers' replies to alerts: "OK 17", "KLAR 17 ringde", "NEJ 17"."""

from __future__ import annotations

import dataclasses

import pytest

from conversations.volunteer_commands import VolunteerCommand, parse_volunteer_command


@pytest.mark.parametrize(
    "text", ["OK 17", "ok17", "Ok 17!", "ok #17", " ok 17 ", "TAKE 17", "Okej 17"]
)
def test_ok_with_case_number_claims_the_case(text: str) -> None:
    assert parse_volunteer_command(text) == VolunteerCommand("claim", 17)


def test_klar_resolves_the_case_and_keeps_the_note() -> None:
    assert parse_volunteer_command("KLAR 17 ringde, allt bra") == VolunteerCommand(
        "resolve", 17, "ringde, allt bra"
    )


@pytest.mark.parametrize("text", ["DONE 17", "klar 17", "Klar #17.", "löst 17"])
def test_done_without_note_resolves(text: str) -> None:
    assert parse_volunteer_command(text) == VolunteerCommand("resolve", 17)


@pytest.mark.parametrize("text", ["NEJ 17", "nej17", "NO 17", "nä 17", "pass 17"])
def test_nej_passes_the_case_on(text: str) -> None:
    assert parse_volunteer_command(text) == VolunteerCommand("pass", 17)


def test_note_keeps_original_spelling() -> None:
    command = parse_volunteer_command("klar 5: Pratade med Åsa, hon mår bättre")
    assert command is not None
    assert command.note == "Pratade med Åsa, hon mår bättre"


@pytest.mark.parametrize(
    "text", ["ok", "OK tack", "hej 17", "17", "", "okay17x", "kanske 17", "jag tar det"]
)
def test_anything_else_is_not_a_command(text: str) -> None:
    assert parse_volunteer_command(text) is None


def test_command_is_frozen() -> None:
    command = VolunteerCommand("claim", 1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        command.case_id = 2  # type: ignore[misc]
