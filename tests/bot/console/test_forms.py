"""Reading form text and saying a refusal next to its field."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest

from bot.console.forms import FIELD_HINTS, FormError, day_start, errors_of, local_moment
from bot.events.gatherings import EventError
from bot.people.directory import PersonError

TZ = ZoneInfo("Europe/Stockholm")


def test_a_refusal_lands_next_to_its_field() -> None:
    assert errors_of(PersonError("x", field="telegram")) == {"telegram": FIELD_HINTS["telegram"]}
    assert errors_of(EventError("x", field="capacity")) == {"capacity": FIELD_HINTS["capacity"]}


def test_a_number_taken_on_the_sms_channel_is_the_phone_fields_problem() -> None:
    assert errors_of(PersonError("+4670 tillhör någon annan / belongs", field="sms")) == {
        "phone": FIELD_HINTS["sms"]
    }


def test_a_refusal_without_a_field_shows_the_swedish_half() -> None:
    refused = PersonError("personen är borttagen / the person was removed")
    assert errors_of(refused) == {"": "personen är borttagen"}


def test_a_day_starts_at_local_midnight() -> None:
    start = day_start("2027-01-15", "until", TZ)
    assert start is not None
    assert start.isoformat() == "2027-01-15T00:00:00+01:00"
    assert day_start("  ", "until", TZ) is None
    with pytest.raises(FormError) as refused:
        day_start("15/1", "until", TZ)
    assert refused.value.field == "until"


def test_a_bad_time_names_the_time_field_not_the_date() -> None:
    assert local_moment("2027-06-01", "12:30", TZ).isoformat() == "2027-06-01T12:30:00+02:00"
    with pytest.raises(FormError) as refused:
        local_moment("2027-06-01", "halv ett", TZ)
    assert refused.value.field == "at"
