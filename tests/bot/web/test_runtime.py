"""The running service: adapters behind the dispatcher, one table of timers."""

from __future__ import annotations

import pytest

from bot.channels.types import (
    Channel,
    OutgoingMessage,
    PermanentDeliveryError,
    RetryableDeliveryError,
    SendResult,
)
from bot.core.config import Config
from bot.web.runtime import adapter_sender, build_runtime
from scheduler.dispatcher import GiveUp, OutboxItem, Retry

ITEM = OutboxItem(7, "telegram", "555", "Hej", (("Ja", "yes"),), 0)


async def test_a_send_carries_text_buttons_and_the_outbox_id() -> None:
    seen: list[OutgoingMessage] = []

    async def send(message: OutgoingMessage) -> SendResult:
        seen.append(message)
        return SendResult("42", "sent")

    sent = await adapter_sender(Channel.TELEGRAM, send)(ITEM)
    assert (sent.provider_message_id, sent.status) == ("42", "sent")
    (message,) = seen
    assert (message.address, message.text, message.outbox_id) == ("555", "Hej", 7)
    assert [(b.label, b.value) for b in message.buttons] == [("Ja", "yes")]


async def test_temporary_trouble_is_retried_with_the_providers_wait() -> None:
    async def busy(message: OutgoingMessage) -> SendResult:
        raise RetryableDeliveryError("too many requests", code="429", retry_after=3)

    with pytest.raises(Retry) as caught:
        await adapter_sender(Channel.TELEGRAM, busy)(ITEM)
    assert (caught.value.code, caught.value.retry_after) == ("429", 3)


async def test_a_blocked_bot_is_given_up() -> None:
    async def blocked(message: OutgoingMessage) -> SendResult:
        raise PermanentDeliveryError("bot was blocked by the user", code="403")

    with pytest.raises(GiveUp) as caught:
        await adapter_sender(Channel.TELEGRAM, blocked)(ITEM)
    assert caught.value.code == "403"


async def test_the_embedded_defaults_send_through_the_simulator_only(db_url: str) -> None:
    runtime = build_runtime(Config.model_validate({"database": {"url": db_url}}))
    try:
        assert set(runtime.dispatcher.senders) == {"simulator"}
        assert runtime.telegram is None
        assert runtime.twilio is None
        assert runtime.timers.by_subject, "the timer table is built with the runtime"
    finally:
        await runtime.database.close()
