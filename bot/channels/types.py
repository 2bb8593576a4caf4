"""The small protocol every channel adapter speaks.

Adapters turn provider payloads into `InboundMessage` and `OutgoingMessage`
into provider calls, and nothing else: business rules live elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Protocol


class Channel(StrEnum):
    SMS = "sms"
    TELEGRAM = "telegram"
    SIMULATOR = "simulator"


@dataclass(frozen=True, slots=True)
class Button:
    """An answer offered as a tap; `value` is what a tap sends back as text."""

    label: str
    value: str


@dataclass(frozen=True, slots=True)
class InboundMessage:
    """One message from a person, as our code sees it whatever the provider."""

    channel: Channel
    address: str  # E.164 phone for SMS, chat id for Telegram
    text: str
    provider_message_id: str  # dedupe key: MessageSid, update_id, simulator id
    received_at: datetime
    # Telegram only: "/start <token>" payload and the callback query to answer.
    start_token: str | None = None
    is_start_command: bool = False
    callback_query_id: str | None = None
    # Telegram only: the person edited an earlier message; this is the new text.
    is_edited: bool = False


@dataclass(frozen=True, slots=True)
class OutgoingMessage:
    channel: Channel
    address: str
    text: str
    buttons: tuple[Button, ...] = field(default_factory=tuple)
    outbox_id: int | None = None


@dataclass(frozen=True, slots=True)
class SendResult:
    provider_message_id: str
    status: str  # provider status as returned by the API ("queued", "sent", ...)


@dataclass(frozen=True, slots=True)
class StatusUpdate:
    """A delivery callback: which message, its new status, the provider error."""

    provider_message_id: str
    status: str
    error_code: str | None = None


class MalformedPayload(ValueError):
    """A webhook body is not what the provider sends: answer 400, do not retry."""


class DeliveryError(Exception):
    """A send failed; subclasses say whether trying again can help."""

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.code = code


class RetryableDeliveryError(DeliveryError):
    """Temporary trouble (timeout, 5xx, 429). `retry_after` is in seconds."""

    def __init__(
        self, message: str, *, code: str | None = None, retry_after: float | None = None
    ) -> None:
        super().__init__(message, code=code)
        self.retry_after = retry_after


class PermanentDeliveryError(DeliveryError):
    """Sending to this address will never work (blocked bot, STOP, bad number)."""


class ChannelAdapter(Protocol):
    channel: Channel

    async def send(self, message: OutgoingMessage) -> SendResult:
        """Send one message; raise Retryable/PermanentDeliveryError on failure."""
        ...
