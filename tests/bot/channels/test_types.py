"""The channel protocol's types: the words every adapter and the outbox agree on."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

import pytest

from bot.channels.types import (
    Button,
    Channel,
    DeliveryError,
    InboundMessage,
    MalformedPayload,
    OutgoingMessage,
    PermanentDeliveryError,
    RetryableDeliveryError,
    StatusUpdate,
)

AT = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)


def test_a_channel_is_written_as_the_word_stored_in_the_database() -> None:
    """Addresses, outbox rows and rate limits are keyed on "sms"/"telegram"/"simulator":
    a channel formatted into a key or a query must give that word, not "Channel.SMS"."""
    assert [f"{channel}" for channel in Channel] == ["sms", "telegram", "simulator"]
    assert Channel("telegram") is Channel.TELEGRAM
    assert {Channel.SMS: 1}["sms"] == 1


def test_an_unknown_channel_name_is_refused() -> None:
    with pytest.raises(ValueError, match="whatsapp"):
        Channel("whatsapp")


def test_what_a_person_said_cannot_be_changed_on_its_way_in() -> None:
    inbound = InboundMessage(Channel.SMS, "+46701740605", "bra tack", "tw:SM1", AT)
    with pytest.raises(dataclasses.FrozenInstanceError):
        inbound.text = "dåligt"  # type: ignore[misc]
    assert (inbound.start_token, inbound.is_start_command, inbound.is_edited) == (
        None,
        False,
        False,
    )
    assert inbound.callback_query_id is None


def test_the_same_provider_message_twice_is_the_same_message() -> None:
    """A provider's retry carries the same id and content: equal values, one dedupe key."""
    first = InboundMessage(Channel.TELEGRAM, "5550123", "hej", "tg:77", AT)
    retry = InboundMessage(Channel.TELEGRAM, "5550123", "hej", "tg:77", AT)
    assert first == retry
    assert len({first, retry}) == 1


def test_an_outgoing_text_without_buttons_offers_none() -> None:
    plain = OutgoingMessage(Channel.SMS, "+46701740605", "Hur mår du idag?")
    with_buttons = OutgoingMessage(
        Channel.TELEGRAM,
        "5550123",
        "Hur mår du?",
        (Button("Bra", "bra"), Button("Dåligt", "dåligt")),
    )
    assert plain.buttons == ()
    assert plain.outbox_id is None
    assert [button.value for button in with_buttons.buttons] == ["bra", "dåligt"]


def test_a_status_callback_without_an_error_has_no_code() -> None:
    assert StatusUpdate("SM1", "delivered").error_code is None
    assert StatusUpdate("SM1", "undelivered", "30006").error_code == "30006"


def test_a_temporary_failure_carries_the_providers_wait_and_code() -> None:
    error = RetryableDeliveryError("429 from Twilio", code="20429", retry_after=3.5)
    assert isinstance(error, DeliveryError)
    assert not isinstance(error, PermanentDeliveryError)
    assert (error.code, error.retry_after, str(error)) == ("20429", 3.5, "429 from Twilio")
    assert RetryableDeliveryError("timeout").retry_after is None


def test_a_permanent_failure_is_never_taken_for_a_temporary_one() -> None:
    """The dispatcher retries one and gives up on the other: they must not overlap."""
    error = PermanentDeliveryError("bot was blocked by the user", code="403")
    assert isinstance(error, DeliveryError)
    assert not isinstance(error, RetryableDeliveryError)
    assert error.code == "403"
    assert not hasattr(error, "retry_after")


def test_a_malformed_payload_is_bad_input_not_our_failure() -> None:
    """Code that treats ValueError as "the caller sent something wrong" (a 400)
    also catches a malformed webhook body."""
    with pytest.raises(ValueError, match="not JSON"):
        raise MalformedPayload("body is not JSON")
