"""What a provider can send, checked before anything reads it.

Providers send well-formed payloads; anyone else can send anything. Every
value we read from a webhook is checked here against what the provider really
sends (types, ranges, lengths, valid Unicode), so a hostile request gets a
400 with a short reason instead of a crash deeper in, and nothing is stored.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any, Final

from bot.channels.types import MalformedPayload

#: Deeper than any Telegram update (about 8 levels with a quoted reply).
MAX_JSON_DEPTH: Final = 32
#: Telegram's integers (ids, dates) fit in 53 bits; nothing it sends is larger.
TELEGRAM_INT_LIMIT: Final = 2**53
#: Unix time up to 2106: a `date` beyond it is not from Telegram.
TELEGRAM_DATE_LIMIT: Final = 2**32
TELEGRAM_TEXT_MAX: Final = 4096
TELEGRAM_CAPTION_MAX: Final = 1024
TELEGRAM_ID_STRING_MAX: Final = 64

_LONE_SURROGATE: Final = re.compile(r"[\ud800-\udfff]")


class NotValidText(MalformedPayload):
    """A string that cannot be stored or sent: a lone surrogate."""


def has_lone_surrogate(text: str) -> bool:
    """True when `text` holds a UTF-16 surrogate on its own: no UTF-8 for it."""
    return _LONE_SURROGATE.search(text) is not None


def check_text(name: str, value: str) -> None:
    if has_lone_surrogate(value):
        raise NotValidText(f"{name} is not valid Unicode")


def load_json(body: bytes, max_depth: int = MAX_JSON_DEPTH) -> Any:
    """Parse a JSON body, refusing what would crash or mislead code that reads it:
    not JSON, nested deeper than `max_depth`, strings that are not valid Unicode."""
    try:
        data = json.loads(body)
    except RecursionError as exc:
        raise MalformedPayload("JSON nested too deep") from exc
    except (UnicodeDecodeError, ValueError) as exc:  # JSONDecodeError, huge integers
        raise MalformedPayload("body is not JSON") from exc
    check_json_tree(data, max_depth)
    return data


def check_json_tree(data: Any, max_depth: int = MAX_JSON_DEPTH) -> None:
    """Walk parsed JSON without recursion: depth and every key and string."""
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, str):
            check_text("a string", value)
        elif isinstance(value, dict | list):
            if depth > max_depth:
                raise MalformedPayload("JSON nested too deep")
            items = value.items() if isinstance(value, dict) else enumerate(value)
            for key, item in items:
                if isinstance(key, str):
                    check_text("a key", key)
                stack.append((item, depth + 1))


def check_form(pairs: Iterable[tuple[str, str]]) -> None:
    """A provider's form is valid text, checked before the signature (which
    encodes every value and would choke on a lone surrogate). Its size is
    bounded by the webhook's body limit; long text is cut where it is stored."""
    for key, value in pairs:
        check_text("a form field", key)
        check_text(key[:32], value)


# ------------------------------------------------------------------ Telegram


def _int(name: str, value: Any, low: int, high: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value < high:
        raise MalformedPayload(f"{name} is not a Telegram integer")


def _object(name: str, value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise MalformedPayload(f"{name} is not a JSON object")
    return value


def _optional_str(name: str, value: Any, max_chars: int) -> None:
    if value is None:
        return
    if not isinstance(value, str):
        raise MalformedPayload(f"{name} is not a string")
    if len(value) > max_chars:
        raise MalformedPayload(f"{name} is too long")


def _check_numbers(data: Any) -> None:
    """Every integer Telegram sends fits in 53 bits, every `*date` in 32."""
    stack: list[tuple[str, Any]] = [("", data)]
    while stack:
        key, value = stack.pop()
        if isinstance(value, dict):
            stack.extend(value.items())
        elif isinstance(value, list):
            stack.extend((key, item) for item in value)
        elif isinstance(value, int) and not isinstance(value, bool):
            limit = TELEGRAM_DATE_LIMIT if key.endswith("date") else TELEGRAM_INT_LIMIT
            if not -limit < value < limit:
                raise MalformedPayload(f"{key or 'a number'} is out of range")


def _check_user(name: str, value: Any) -> None:
    user = _object(name, value)
    _int(f"{name}.id", user.get("id"), -TELEGRAM_INT_LIMIT, TELEGRAM_INT_LIMIT)
    if not isinstance(user.get("is_bot"), bool):
        raise MalformedPayload(f"{name}.is_bot is not a boolean")


def _check_message(name: str, value: Any) -> None:
    message = _object(name, value)
    _int(f"{name}.message_id", message.get("message_id"), 0, TELEGRAM_INT_LIMIT)
    _int(f"{name}.date", message.get("date"), 0, TELEGRAM_DATE_LIMIT)
    chat = _object(f"{name}.chat", message.get("chat"))
    _int(f"{name}.chat.id", chat.get("id"), -TELEGRAM_INT_LIMIT, TELEGRAM_INT_LIMIT)
    if not isinstance(chat.get("type"), str):
        raise MalformedPayload(f"{name}.chat.type is not a string")
    if "from" in message:
        _check_user(f"{name}.from", message["from"])
    _optional_str(f"{name}.text", message.get("text"), TELEGRAM_TEXT_MAX)
    _optional_str(f"{name}.caption", message.get("caption"), TELEGRAM_CAPTION_MAX)


def check_telegram_update(data: Any) -> None:
    """The parts of an update we read have the types and ranges Telegram uses.

    Parsing is left to PTB; this makes sure what PTB hands back (it checks no
    types) is what our code expects: text is a string, ids and dates fit.
    """
    update = _object("update", data)
    check_json_tree(update)
    _check_numbers(update)
    _int("update_id", update.get("update_id"), 0, TELEGRAM_INT_LIMIT)
    for key in ("message", "edited_message"):
        if key in update:
            _check_message(key, update[key])
    if "callback_query" in update:
        query = _object("callback_query", update["callback_query"])
        _optional_str("callback_query.id", query.get("id"), TELEGRAM_ID_STRING_MAX)
        if not isinstance(query.get("id"), str):
            raise MalformedPayload("callback_query.id is not a string")
        _check_user("callback_query.from", query.get("from"))
        _optional_str("callback_query.data", query.get("data"), TELEGRAM_ID_STRING_MAX)
        if query.get("message") is not None:
            _check_message("callback_query.message", query["message"])
