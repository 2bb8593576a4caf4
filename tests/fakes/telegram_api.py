"""A fake Telegram Bot API server for tests (real HTTP on 127.0.0.1).

Point a `TelegramAdapter` (or any PTB `Bot`) at `fake.base_url` and it talks
to this server exactly as it would to api.telegram.org. The fake records
every call, answers with real Bot API shapes, and can be scripted:

    fake.fail_next(BotApiError.too_many_requests(3))      # next sendMessage
    fake.fail_next(BotApiError.server_error(), times=2)
    fake.fail_chat(4242, BotApiError.bot_blocked())        # every send to 4242
    fake.queue_update(text_update(4242, "Hej"))            # for getUpdates
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tests.fakes._server import FakeHttpServer, RawRequest, RawResponse

DEFAULT_TOKEN = "123456789:AAH-fake-token_for_tests_only"
DEFAULT_BOT_USERNAME = "HejsanTestBot"
DEFAULT_BOT_ID = 123456789

_JSON_FIELDS = frozenset({"reply_markup", "allowed_updates", "entities", "link_preview_options"})
_update_ids = itertools.count(100_000)
_message_ids = itertools.count(1)


# ----------------------------------------------------------------- scripted errors


@dataclass(frozen=True)
class BotApiError:
    """An error answer exactly as the Bot API sends it."""

    status: int
    description: str
    parameters: dict[str, Any] | None = None

    def payload(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.status,
            "description": self.description,
        }
        if self.parameters:
            body["parameters"] = self.parameters
        return body

    @classmethod
    def too_many_requests(cls, retry_after: int = 3) -> BotApiError:
        return cls(
            429, f"Too Many Requests: retry after {retry_after}", {"retry_after": retry_after}
        )

    @classmethod
    def server_error(cls, status: int = 500) -> BotApiError:
        return cls(status, "Internal Server Error" if status == 500 else "Bad Gateway")

    @classmethod
    def bot_blocked(cls) -> BotApiError:
        return cls(403, "Forbidden: bot was blocked by the user")

    @classmethod
    def user_deactivated(cls) -> BotApiError:
        return cls(403, "Forbidden: user is deactivated")

    @classmethod
    def chat_not_found(cls) -> BotApiError:
        return cls(400, "Bad Request: chat not found")

    @classmethod
    def bad_request(cls, reason: str) -> BotApiError:
        return cls(400, f"Bad Request: {reason}")

    @classmethod
    def query_too_old(cls) -> BotApiError:
        return cls(
            400,
            "Bad Request: query is too old and response timeout expired or query ID is invalid",
        )


# ------------------------------------------------------------------ what was called


@dataclass(frozen=True)
class TelegramCall:
    """One Bot API request the fake received."""

    method: str  # "sendMessage", "getMe", ...
    token: str
    params: dict[str, Any]  # strings, with JSON fields (reply_markup...) decoded

    @property
    def chat_id(self) -> str | None:
        value = self.params.get("chat_id")
        return None if value is None else str(value)

    @property
    def text(self) -> str | None:
        value = self.params.get("text")
        return None if value is None else str(value)

    @property
    def reply_markup(self) -> dict[str, Any] | None:
        value = self.params.get("reply_markup")
        return value if isinstance(value, dict) else None

    @property
    def buttons(self) -> list[list[tuple[str, str]]]:
        """Inline keyboard rows as (label, callback_data); [] when there is none."""
        markup = self.reply_markup or {}
        return [
            [(button["text"], button.get("callback_data", "")) for button in row]
            for row in markup.get("inline_keyboard", [])
        ]


# ------------------------------------------------------------------ update builders


def _user(user_id: int, first_name: str = "Astrid") -> dict[str, Any]:
    return {"id": user_id, "is_bot": False, "first_name": first_name, "language_code": "sv"}


def _private_chat(chat_id: int, first_name: str = "Astrid") -> dict[str, Any]:
    return {"id": chat_id, "type": "private", "first_name": first_name}


def message_dict(chat_id: int, **content: Any) -> dict[str, Any]:
    """A private-chat message from the person `chat_id` with the given content."""
    return {
        "message_id": next(_message_ids),
        "from": _user(chat_id),
        "chat": _private_chat(chat_id),
        "date": int(time.time()),
        **content,
    }


def text_update(chat_id: int, text: str, update_id: int | None = None) -> dict[str, Any]:
    """A person in a private chat sends `text` (commands get their entity, like Telegram)."""
    content: dict[str, Any] = {"text": text}
    if text.startswith("/"):
        command = text.split(maxsplit=1)[0]
        content["entities"] = [
            {"type": "bot_command", "offset": 0, "length": len(command.encode("utf-16-le")) // 2}
        ]
    return {
        "update_id": next(_update_ids) if update_id is None else update_id,
        "message": message_dict(chat_id, **content),
    }


def callback_update(
    chat_id: int, data: str, update_id: int | None = None, query_id: str | None = None
) -> dict[str, Any]:
    """A person taps an inline button whose callback_data is `data`."""
    bot_message = {
        "message_id": next(_message_ids),
        "from": {"id": DEFAULT_BOT_ID, "is_bot": True, "first_name": "Hejsan"},
        "chat": _private_chat(chat_id),
        "date": int(time.time()),
        "text": "Hur mår du idag?",
    }
    uid = next(_update_ids) if update_id is None else update_id
    return {
        "update_id": uid,
        "callback_query": {
            "id": query_id or f"{chat_id}{uid}",
            "from": _user(chat_id),
            "message": bot_message,
            "chat_instance": f"-{chat_id}77",
            "data": data,
        },
    }


def sticker_update(chat_id: int, update_id: int | None = None) -> dict[str, Any]:
    """A person sends a sticker (no text at all)."""
    sticker = {
        "file_id": "CAACAgIAAxkBAAIBZ2Zfake",
        "file_unique_id": "AgADfake",
        "type": "regular",
        "width": 512,
        "height": 512,
        "is_animated": False,
        "is_video": False,
        "emoji": "👍",
    }
    return {
        "update_id": next(_update_ids) if update_id is None else update_id,
        "message": message_dict(chat_id, sticker=sticker),
    }


def photo_update(
    chat_id: int, caption: str | None = None, update_id: int | None = None
) -> dict[str, Any]:
    """A person sends a photo, with or without a caption."""
    content: dict[str, Any] = {
        "photo": [{"file_id": "AgACfake", "file_unique_id": "AQADfake", "width": 90, "height": 67}]
    }
    if caption is not None:
        content["caption"] = caption
    return {
        "update_id": next(_update_ids) if update_id is None else update_id,
        "message": message_dict(chat_id, **content),
    }


# -------------------------------------------------------------------------- server


@dataclass
class _Script:
    errors: deque[tuple[str, BotApiError]] = field(default_factory=deque)
    per_chat: dict[str, BotApiError] = field(default_factory=dict)


class FakeTelegramApi(FakeHttpServer):
    """The Bot API methods Hejsan uses: getMe, sendMessage, answerCallbackQuery,
    setWebhook, deleteWebhook, getWebhookInfo, getUpdates."""

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        bot_username: str = DEFAULT_BOT_USERNAME,
        bot_id: int = DEFAULT_BOT_ID,
    ) -> None:
        super().__init__()
        self.token = token
        self.bot_username = bot_username
        self.bot_id = bot_id
        self._lock = threading.Condition()
        self._calls: list[TelegramCall] = []
        self._script = _Script()
        self._updates: list[dict[str, Any]] = []
        self.webhook_url: str = ""
        self.webhook_secret_token: str | None = None
        self.webhook_allowed_updates: list[str] | None = None

    # --- for tests ---------------------------------------------------------------

    @property
    def base_url(self) -> str:
        """Pass as `api_base_url` / PTB `base_url` (the token is appended)."""
        return f"{self.url}/bot"

    @property
    def calls(self) -> list[TelegramCall]:
        with self._lock:
            return list(self._calls)

    def calls_to(self, method: str) -> list[TelegramCall]:
        return [call for call in self.calls if call.method == method]

    @property
    def sent_messages(self) -> list[TelegramCall]:
        """Every sendMessage request, including those the fake answered with an error."""
        return self.calls_to("sendMessage")

    def fail_next(self, error: BotApiError, times: int = 1, method: str = "sendMessage") -> None:
        """Answer the next `times` calls to `method` with `error` (queued in order)."""
        with self._lock:
            self._script.errors.extend([(method, error)] * times)

    def fail_chat(self, chat_id: int | str, error: BotApiError) -> None:
        """Answer every sendMessage to `chat_id` with `error` from now on."""
        with self._lock:
            self._script.per_chat[str(chat_id)] = error

    def queue_update(self, *updates: dict[str, Any]) -> None:
        """Make updates available to getUpdates (wakes a waiting long poll)."""
        with self._lock:
            self._updates.extend(updates)
            self._lock.notify_all()

    def reset(self) -> None:
        """Forget calls, scripts, queued updates and the webhook."""
        with self._lock:
            self._calls.clear()
            self._script = _Script()
            self._updates.clear()
            self.webhook_url, self.webhook_secret_token = "", None

    def stop(self) -> None:
        with self._lock:
            self.closing.set()
            self._lock.notify_all()
        super().stop()

    # --- the Bot API -------------------------------------------------------------

    def _bot_user(self) -> dict[str, Any]:
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": "Hejsan",
            "username": self.bot_username,
            "can_join_groups": False,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    def handle(self, request: RawRequest) -> RawResponse:
        # /bot<token>/<method>
        prefix, _, method = request.path.lstrip("/").partition("/")
        if not prefix.startswith("bot") or not method:
            return RawResponse.json(
                404, {"ok": False, "error_code": 404, "description": "Not Found"}
            )
        token = prefix[3:]
        params: dict[str, Any] = {}
        for key, value in request.form_pairs():
            params[key] = json.loads(value) if key in _JSON_FIELDS and value else value
        call = TelegramCall(method=method, token=token, params=params)
        with self._lock:
            self._calls.append(call)
        if token != self.token:
            return self._error(BotApiError(401, "Unauthorized"))

        with self._lock:
            scripted = self._scripted_error(call)
        if scripted is not None:
            return self._error(scripted)

        handlers: dict[str, Callable[[], Any]] = {
            "getMe": lambda: self._bot_user(),
            "sendMessage": lambda: self._send_message(call),
            "answerCallbackQuery": lambda: True,
            "setWebhook": lambda: self._set_webhook(call),
            "deleteWebhook": lambda: self._delete_webhook(),
            "getWebhookInfo": lambda: {
                "url": self.webhook_url,
                "has_custom_certificate": False,
                "pending_update_count": len(self._updates),
            },
            "getUpdates": lambda: self._get_updates(call),
        }
        handler = handlers.get(method)
        if handler is None:
            return self._error(BotApiError(404, "Not Found"))
        try:
            result = handler()
        except _ApiFailure as failure:
            return self._error(failure.error)
        return RawResponse.json(200, {"ok": True, "result": result})

    def _error(self, error: BotApiError) -> RawResponse:
        return RawResponse.json(error.status, error.payload())

    def _scripted_error(self, call: TelegramCall) -> BotApiError | None:
        errors = self._script.errors
        for index, (method, error) in enumerate(errors):
            if method == call.method:
                del errors[index]
                return error
        if call.method == "sendMessage" and call.chat_id in self._script.per_chat:
            return self._script.per_chat[call.chat_id]
        return None

    def _send_message(self, call: TelegramCall) -> dict[str, Any]:
        chat_id = call.chat_id
        if not chat_id or not chat_id.lstrip("-").isdigit():
            raise _ApiFailure(BotApiError.chat_not_found())
        if not call.text:
            raise _ApiFailure(BotApiError.bad_request("message text is empty"))
        if len(call.text) > 4096:
            raise _ApiFailure(BotApiError.bad_request("message is too long"))
        message: dict[str, Any] = {
            "message_id": next(_message_ids),
            "from": {
                "id": self.bot_id,
                "is_bot": True,
                "first_name": "Hejsan",
                "username": self.bot_username,
            },
            "chat": _private_chat(int(chat_id)),
            "date": int(time.time()),
            "text": call.text,
        }
        if call.reply_markup:
            message["reply_markup"] = call.reply_markup
        return message

    def _set_webhook(self, call: TelegramCall) -> bool:
        url = str(call.params.get("url", ""))
        if url and not url.startswith("https://"):
            raise _ApiFailure(BotApiError.bad_request("bad webhook: HTTPS url must be provided"))
        with self._lock:
            self.webhook_url = url
            self.webhook_secret_token = call.params.get("secret_token")
            allowed = call.params.get("allowed_updates")
            self.webhook_allowed_updates = allowed if isinstance(allowed, list) else None
        return True

    def _delete_webhook(self) -> bool:
        with self._lock:
            self.webhook_url, self.webhook_secret_token = "", None
            self.webhook_allowed_updates = None
        return True

    def _get_updates(self, call: TelegramCall) -> list[dict[str, Any]]:
        if self.webhook_url:
            raise _ApiFailure(
                BotApiError(
                    409,
                    "Conflict: can't use getUpdates method while webhook is active; "
                    "use deleteWebhook to delete the webhook first",
                )
            )
        offset = int(call.params.get("offset") or 0)
        limit = int(call.params.get("limit") or 100)
        timeout = float(call.params.get("timeout") or 0)
        deadline = time.monotonic() + timeout
        with self._lock:
            while True:
                if offset:  # confirming: forget everything before offset
                    self._updates = [u for u in self._updates if u["update_id"] >= offset]
                if self._updates or self.closing.is_set():
                    return self._updates[:limit]
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return []
                self._lock.wait(remaining)


class _ApiFailure(Exception):
    def __init__(self, error: BotApiError) -> None:
        self.error = error
