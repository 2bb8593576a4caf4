"""Telegram channel adapter: Bot API updates in, `sendMessage` out.

Two halves, like PTB's own handlers: `parse_update` is pure (a webhook or
`getUpdates` JSON dict in, an `InboundMessage` or None out), and
`TelegramAdapter` does the I/O through PTB's `telegram.Bot`.

We use the plain `telegram.Bot`, never `telegram.ext.ExtBot`/`Application`, so
there is no `AIORateLimiter` and no PTB retry loop: our outbox dispatcher owns
rate limits and retries, and every send failure surfaces at once as a
`RetryableDeliveryError` or `PermanentDeliveryError`.
"""

from __future__ import annotations

import datetime as dtm
import hmac
import json
import logging
import re
import warnings
from collections.abc import Sequence
from types import TracebackType
from typing import Any, Final, Self

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatType
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)
from telegram.helpers import create_deep_linked_url
from telegram.request import BaseRequest
from telegram.warnings import PTBDeprecationWarning

from bot.channels.payload_checks import check_telegram_update
from bot.channels.types import (
    Button,
    Channel,
    InboundMessage,
    MalformedPayload,
    OutgoingMessage,
    PermanentDeliveryError,
    RetryableDeliveryError,
    SendResult,
)
from bot.core.phone import mask_chat_id

__all__ = [
    "DEFAULT_ALLOWED_UPDATES",
    "TELEGRAM_API_BASE_URL",
    "MalformedUpdate",
    "TelegramAdapter",
    "deep_link",
    "is_valid_secret_token",
    "is_valid_start_token",
    "keyboard_for",
    "parse_update",
    "verify_secret_token",
]

logger = logging.getLogger(__name__)

TELEGRAM_API_BASE_URL: Final = "https://api.telegram.org/bot"

#: The only update kinds we act on; everything else is not a person talking to us.
DEFAULT_ALLOWED_UPDATES: Final = ("message", "edited_message", "callback_query")

_TOKEN_RE: Final = re.compile(r"[A-Za-z0-9_-]{1,64}")
_CHAT_ID_RE: Final = re.compile(r"-?[0-9]{1,20}")
_SECRET_RE: Final = re.compile(r"[A-Za-z0-9_-]{1,256}")
# "/start", "/start TOKEN", "/start@HejsanBot TOKEN"; not "/starta".
_START_RE: Final = re.compile(r"/start(?:@[A-Za-z0-9_]+)?(?:\s+(?P<payload>.*))?", re.DOTALL)

_CALLBACK_DATA_MAX_BYTES: Final = 64
_BUTTONS_PER_ROW: Final = 3
# Longer labels get a row of their own so Telegram does not cut them short.
_SHORT_LABEL_CHARS: Final = 12


class MalformedUpdate(MalformedPayload):
    """The JSON is not a Telegram update (answer 400; Telegram will not send it)."""


# --------------------------------------------------------------------------- pure


def is_valid_start_token(token: str) -> bool:
    """Deep-link payloads are 1–64 chars of A-Za-z0-9_- (Telegram's own rule)."""
    return _TOKEN_RE.fullmatch(token) is not None


def is_valid_secret_token(secret: str) -> bool:
    """Webhook secret tokens are 1–256 chars of A-Za-z0-9_- (Telegram's own rule)."""
    return _SECRET_RE.fullmatch(secret) is not None


def verify_secret_token(header_value: str | None, configured: str) -> bool:
    """Check `X-Telegram-Bot-Api-Secret-Token` in constant time.

    A missing header or an empty configured secret never passes: a webhook
    without a secret would accept updates from anyone who guesses the path.
    """
    if not header_value or not configured:
        return False
    return hmac.compare_digest(header_value.encode("utf-8"), configured.encode("utf-8"))


def deep_link(bot_username: str, token: str) -> str:
    """`https://t.me/<bot>?start=<token>`: opening it sends us "/start <token>"."""
    if not is_valid_start_token(token):
        raise ValueError("deep-link token must be 1–64 characters of A-Za-z0-9_-")
    return create_deep_linked_url(bot_username, token)


def keyboard_for(buttons: Sequence[Button]) -> InlineKeyboardMarkup:
    """Inline keyboard: short labels three to a row, long labels one per row.

    Raises ValueError when a button's value is not 1–64 bytes of UTF-8
    (Telegram's limit for `callback_data`).
    """
    for button in buttons:
        size = len(button.value.encode("utf-8"))
        if not 1 <= size <= _CALLBACK_DATA_MAX_BYTES:
            raise ValueError(
                f"button value must be 1–{_CALLBACK_DATA_MAX_BYTES} bytes, "
                f"got {size} for {button.label!r}"
            )
    per_row = _BUTTONS_PER_ROW if all(len(b.label) <= _SHORT_LABEL_CHARS for b in buttons) else 1
    rows = [
        [InlineKeyboardButton(b.label, callback_data=b.value) for b in buttons[i : i + per_row]]
        for i in range(0, len(buttons), per_row)
    ]
    return InlineKeyboardMarkup(rows)


def parse_update(data: dict[str, Any], received_at: dtm.datetime) -> InboundMessage | None:
    """Turn one Bot API update into what a person said, or None.

    - a text message in a private chat: its text ("/start TOKEN" also sets
      `is_start_command` and, when the token is valid, `start_token`);
    - a button tap (callback query): the button's value as text, with
      `callback_query_id` so the caller can answer it;
    - a photo, sticker, voice note… from a person: its caption or "" so the
      senior still gets an answer;
    - an edited message: the new text, with `is_edited` set;
    - anything not written by a person in a private chat (channel posts,
      group messages, bots, my_chat_member, service messages…): None.

    Raises MalformedUpdate when `data` is not a Telegram update at all.
    """
    if not isinstance(data, dict):
        raise MalformedUpdate("update is not a JSON object")
    try:
        check_telegram_update(data)
    except MalformedPayload as exc:
        raise MalformedUpdate(str(exc)) from exc
    update_id = data.get("update_id")
    if isinstance(update_id, bool) or not isinstance(update_id, int):
        raise MalformedUpdate("update_id missing or not an integer")
    for key in ("message", "edited_message", "callback_query"):
        if key in data and not isinstance(data[key], dict):
            raise MalformedUpdate(f"{key} is not a JSON object")
    try:
        with warnings.catch_warnings():
            # Some service messages make PTB read its own deprecated int durations.
            warnings.simplefilter("ignore", PTBDeprecationWarning)
            update = Update.de_json(data, None)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise MalformedUpdate(f"not a Telegram update: {type(exc).__name__}: {exc}") from exc

    provider_message_id = f"tg:{update_id}"
    if update.callback_query is not None:
        return _parse_callback_query(update, provider_message_id, received_at)
    message, is_edited = update.message, False
    if message is None and update.edited_message is not None:
        message, is_edited = update.edited_message, True
    if message is None:
        return None
    return _parse_message(message, provider_message_id, received_at, is_edited=is_edited)


def _from_private_person(message: Message) -> bool:
    user = message.from_user
    return message.chat.type == ChatType.PRIVATE and user is not None and not user.is_bot


def _parse_message(
    message: Message, provider_message_id: str, received_at: dtm.datetime, *, is_edited: bool
) -> InboundMessage | None:
    if not _from_private_person(message):
        return None
    if message.text is not None:
        text = message.text
    elif message.effective_attachment is not None:
        text = message.caption or ""
    else:
        # Service messages (auto-delete timer changed, pinned message…): nobody wrote anything.
        return None

    is_start, token = False, None
    if not is_edited and (match := _START_RE.fullmatch(text.strip())) is not None:
        is_start = True
        payload = (match.group("payload") or "").strip()
        token = payload if is_valid_start_token(payload) else None

    return InboundMessage(
        channel=Channel.TELEGRAM,
        address=str(message.chat.id),
        text=text,
        provider_message_id=provider_message_id,
        received_at=received_at,
        start_token=token,
        is_start_command=is_start,
        is_edited=is_edited,
    )


def _parse_callback_query(
    update: Update, provider_message_id: str, received_at: dtm.datetime
) -> InboundMessage | None:
    query = update.callback_query
    assert query is not None
    if query.from_user.is_bot or query.data is None:
        return None  # game callbacks carry no data; we never send games
    if query.message is not None:
        if query.message.chat.type != ChatType.PRIVATE:
            return None
        chat_id = query.message.chat.id
    else:
        chat_id = query.from_user.id  # in a private chat the chat id is the user id
    return InboundMessage(
        channel=Channel.TELEGRAM,
        address=str(chat_id),
        text=query.data,
        provider_message_id=provider_message_id,
        received_at=received_at,
        callback_query_id=query.id,
    )


def _retry_after_seconds(exc: RetryAfter) -> float:
    """Seconds to wait, whether PTB gives an int or a timedelta.

    PTB 22.2+ warns (PTBDeprecationWarning) on every read of `retry_after`
    unless PTB_TIMEDELTA=true is set in the environment; the value is right
    either way, so our own read is silenced. PTB's `RetryAfter.__init__` reads
    it too, before we can catch anything: set PTB_TIMEDELTA=true where
    warnings are errors (tests), or a 429 surfaces as the warning instead.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value: object = exc.retry_after
    if isinstance(value, dtm.timedelta):
        return value.total_seconds()
    if isinstance(value, int | float):
        return float(value)
    return 1.0


# ------------------------------------------------------------------------ adapter


class TelegramAdapter:
    """Sends through the Bot API and runs the few webhook/polling calls we need.

    Use as `async with TelegramAdapter(token) as telegram: ...` or call
    `initialize()` / `shutdown()` from the app lifespan. `api_base_url` is
    the Bot API URL the token is appended to (point it at a fake server in
    tests); `request` replaces PTB's default HTTPXRequest for every call.
    """

    channel = Channel.TELEGRAM

    def __init__(
        self,
        token: str,
        api_base_url: str = TELEGRAM_API_BASE_URL,
        request: BaseRequest | None = None,
    ) -> None:
        if not token:
            raise ValueError("Telegram bot token is empty")
        self._bot = Bot(
            token=token,
            base_url=api_base_url,
            request=request,
            get_updates_request=request,
        )
        self._bot_username: str | None = None

    @property
    def bot(self) -> Bot:
        """The PTB client, for calls this adapter does not wrap."""
        return self._bot

    @property
    def bot_username(self) -> str:
        """The bot's @username without the @ (known after `initialize()`)."""
        if self._bot_username is None:
            raise RuntimeError("TelegramAdapter.initialize() has not been awaited")
        return self._bot_username

    async def initialize(self) -> None:
        """Open the HTTP client and call getMe (fails fast on a wrong token)."""
        try:
            await self._bot.initialize()
        except InvalidToken:
            # PTB's message quotes the token itself; keep it out of logs and tracebacks.
            raise InvalidToken(
                "Telegram rejected the bot token (or api_base_url is wrong)"
            ) from None
        self._bot_username = self._bot.username

    async def shutdown(self) -> None:
        """Close the HTTP clients. Safe to call more than once."""
        await self._bot.shutdown()

    async def __aenter__(self) -> Self:
        await self.initialize()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.shutdown()

    async def send(self, message: OutgoingMessage) -> SendResult:
        """sendMessage with the buttons as an inline keyboard.

        Returns SendResult("<chat_id>:<message_id>", "sent"): Telegram has no
        delivery receipts, so "sent" (accepted by Telegram) is final.
        """
        if message.channel != Channel.TELEGRAM:
            raise ValueError(f"TelegramAdapter cannot send {message.channel} messages")
        if _CHAT_ID_RE.fullmatch(message.address) is None:  # int() would take "+4670…"
            raise PermanentDeliveryError("not a Telegram chat id", code="invalid_chat_id")
        chat_id = int(message.address)
        try:
            markup = keyboard_for(message.buttons) if message.buttons else None
        except ValueError as exc:
            raise PermanentDeliveryError(str(exc), code="invalid_button") from exc

        masked = mask_chat_id(chat_id)
        try:
            sent = await self._bot.send_message(
                chat_id=chat_id, text=message.text, reply_markup=markup
            )
        except RetryAfter as exc:
            seconds = _retry_after_seconds(exc)
            logger.warning("telegram flood control for chat %s: retry in %ss", masked, seconds)
            raise RetryableDeliveryError(
                f"Telegram flood control: retry in {seconds:g} s",
                code="retry_after",
                retry_after=seconds,
            ) from exc
        except Forbidden as exc:
            # "bot was blocked by the user", "user is deactivated", ...
            raise PermanentDeliveryError(exc.message, code="forbidden") from exc
        except ChatMigrated as exc:
            raise PermanentDeliveryError(
                f"chat moved to {exc.new_chat_id}", code="chat_migrated"
            ) from exc
        except BadRequest as exc:  # must come before NetworkError: it is a subclass
            if "chat not found" in exc.message.lower():
                raise PermanentDeliveryError(exc.message, code="chat_not_found") from exc
            raise PermanentDeliveryError(exc.message, code="bad_request") from exc
        except TimedOut as exc:
            raise RetryableDeliveryError(exc.message, code="timeout") from exc
        except InvalidToken as exc:
            # Our configuration is wrong, not the recipient: never give up on the senior.
            logger.error("telegram rejected the bot token or API URL: %s", exc.message)
            raise RetryableDeliveryError(exc.message, code="invalid_token") from exc
        except NetworkError as exc:  # connection trouble and every 5xx
            raise RetryableDeliveryError(exc.message, code="network") from exc
        except TelegramError as exc:
            raise RetryableDeliveryError(exc.message, code="telegram_error") from exc

        logger.info("telegram message %s sent to chat %s", sent.message_id, masked)
        return SendResult(provider_message_id=f"{chat_id}:{sent.message_id}", status="sent")

    async def answer_callback(self, query_id: str, text: str | None = None) -> bool:
        """Stop the button's spinner (always answer a callback query).

        Returns False instead of raising: the tap itself is what matters, and
        an old or already-answered query must not lose the senior's answer.
        """
        try:
            return await self._bot.answer_callback_query(query_id, text=text)
        except TelegramError as exc:
            logger.warning("could not answer callback query: %s", exc.message)
            return False

    async def set_webhook(
        self,
        url: str,
        secret_token: str,
        allowed_updates: Sequence[str] = DEFAULT_ALLOWED_UPDATES,
        drop_pending_updates: bool = False,
    ) -> bool:
        """Point Telegram at our webhook; it will send `secret_token` in a header."""
        if not url.startswith("https://"):
            raise ValueError("Telegram webhooks must use an https:// URL")
        if not is_valid_secret_token(secret_token):
            raise ValueError("secret token must be 1–256 characters of A-Za-z0-9_-")
        return await self._bot.set_webhook(
            url=url,
            secret_token=secret_token,
            allowed_updates=list(allowed_updates),
            drop_pending_updates=drop_pending_updates,
        )

    async def delete_webhook(self, drop_pending_updates: bool = False) -> bool:
        """Remove the webhook (needed before long polling works)."""
        return await self._bot.delete_webhook(drop_pending_updates=drop_pending_updates)

    async def get_updates(
        self,
        offset: int | None,
        timeout: int,  # noqa: ASYNC109 - the Bot API's long-poll seconds, not ours
        allowed_updates: Sequence[str] = DEFAULT_ALLOWED_UPDATES,
    ) -> list[dict[str, Any]]:
        """Long-poll for updates as plain JSON dicts (feed each to `parse_update`).

        Confirm updates by passing `offset = last update_id + 1` next time.
        Telegram errors (Conflict when a webhook is set, NetworkError…)
        propagate as `telegram.error` exceptions.
        """
        updates = await self._bot.get_updates(
            offset=offset, timeout=timeout, allowed_updates=list(allowed_updates)
        )
        # to_json, not to_dict: plain JSON values (no PTB enums), as a webhook would get.
        return [json.loads(update.to_json()) for update in updates]
