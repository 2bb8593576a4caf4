"""Structured logs that never show a phone number, chat id or message body.

Log with `log_event(logger, "message.received", phone=..., chars=12)`: fields
named like personal data are masked, and a last filter masks anything that
looks like a phone number in the text itself.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from datetime import UTC, datetime
from typing import Any

from bot.core.phone import mask_chat_id, mask_phone

_PHONE_LIKE = re.compile(r"\+?\d[\d \-]{7,}\d")
_PHONE_FIELDS = frozenset({"phone", "to", "from_", "sender", "address"})
_CHAT_FIELDS = frozenset({"chat_id", "telegram"})
_SECRET_FIELDS = frozenset({"body", "text", "token", "auth_token", "secret"})
_HANDLER_NAME = "hejsan"
_RESERVED = frozenset(vars(logging.makeLogRecord({})).keys()) | {"message", "asctime"}


def mask_field(name: str, value: Any) -> Any:
    """Mask one structured field by its name."""
    if value is None:
        return None
    if name in _SECRET_FIELDS:
        return f"<{len(str(value))} chars>"
    if name in _PHONE_FIELDS:
        text = str(value)
        return mask_phone(text) if text.startswith("+") else mask_chat_id(text)
    if name in _CHAT_FIELDS:
        return mask_chat_id(value)
    return value


def scrub(text: str) -> str:
    """Mask phone-number-like runs in free text (the last line of defence)."""
    return _PHONE_LIKE.sub(lambda m: mask_phone(re.sub(r"[ \-]", "", m.group(0))), text)


def log_event(logger: logging.Logger, event: str, level: int = logging.INFO, **fields: Any) -> None:
    """One log line for one event, with masked structured fields."""
    masked = {name: mask_field(name, value) for name, value in fields.items()}
    logger.log(level, event, extra={"fields": masked})


class _ScrubFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = scrub(record.getMessage())
        record.args = None
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        payload: dict[str, Any] = {
            "at": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "event": record.getMessage(),
        }
        payload.update(getattr(record, "fields", {}) or {})
        for key, value in vars(record).items():
            if key not in _RESERVED and key != "fields" and not key.startswith("_"):
                payload[key] = value
        if record.exc_info:
            payload["error"] = scrub(self.formatException(record.exc_info))
        return json.dumps(payload, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        fields = getattr(record, "fields", {}) or {}
        extra = " ".join(f"{key}={value}" for key, value in fields.items())
        line = f"{record.levelname:<7} {record.name}: {record.getMessage()}"
        if extra:
            line += f"  {extra}"
        if record.exc_info:
            line += "\n" + scrub(self.formatException(record.exc_info))
        return line


def configure_logging(level: str = "INFO", fmt: str = "auto") -> None:
    """JSON lines when not on a terminal (or asked for), readable text otherwise."""
    use_json = fmt == "json" or (fmt == "auto" and not sys.stderr.isatty())
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter() if use_json else TextFormatter())
    handler.addFilter(_ScrubFilter())
    handler.set_name(_HANDLER_NAME)
    root = logging.getLogger()
    for old in list(root.handlers):
        if old.get_name() == _HANDLER_NAME:
            root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    for noisy in (
        "alembic",
        "apscheduler",
        "httpx",
        "httpcore",
        "apscheduler.executors.default",
        "telegram.ext",
    ):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def reset_logging() -> None:
    """Remove what configure_logging added (tests run many commands in one process)."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if handler.get_name() == _HANDLER_NAME:
            root.removeHandler(handler)
