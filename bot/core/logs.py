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

# A date ("2010-04-01", "2026-12-02 10:00:00") is matched first and left alone;
# any other run of 9+ digits, spaces and dashes is treated as a phone number.
_PHONE_LIKE = re.compile(
    r"(?P<date>\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?)(?!\d)"
    r"|(?P<phone>\+?\d[\d \-]{7,}\d)"
)
# SQLAlchemy appends the bound values to an error; PostgreSQL names a key's value.
_SQL_PARAMETERS = re.compile(r"\[parameters: .*?\](?=\s*(?:\(|$))", re.MULTILINE)
_KEY_DETAIL = re.compile(r"(Key \([^)]*\))=\(.*?\)(?= already exists| is not present|\s|$)")
_PHONE_FIELDS = frozenset({"phone", "to", "from_", "sender", "address"})
_CHAT_FIELDS = frozenset({"chat_id", "telegram"})
_SECRET_FIELDS = frozenset(
    {"body", "text", "token", "auth_token", "secret", "name", "first_name", "last_name"}
)
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


def _mask_match(match: re.Match[str]) -> str:
    if match.group("date") is not None:
        return match.group(0)
    return mask_phone(re.sub(r"[ \-]", "", match.group(0)))


def scrub(text: str) -> str:
    """Mask phone-number-like runs in free text (the last line of defence)."""
    return _PHONE_LIKE.sub(_mask_match, text)


def redact(text: str) -> str:
    """An error text fit for the log: no SQL parameters, no key values, no numbers."""
    text = _SQL_PARAMETERS.sub("[parameters hidden]", text)
    text = _KEY_DETAIL.sub(r"\1=(…)", text)
    return scrub(text)


def log_failure(logger: logging.Logger, event: str, error: BaseException, **fields: Any) -> None:
    """One ERROR line for a failure we did not expect, with its (redacted) traceback."""
    masked = {name: mask_field(name, value) for name, value in fields.items()}
    masked["error"] = type(error).__name__
    logger.error(event, exc_info=error, extra={"fields": masked})


def log_event(logger: logging.Logger, event: str, level: int = logging.INFO, **fields: Any) -> None:
    """One log line for one event, with masked structured fields."""
    masked = {name: mask_field(name, value) for name, value in fields.items()}
    logger.log(level, event, extra={"fields": masked})


class _ScrubFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(record.getMessage())
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
            payload["traceback"] = redact(self.formatException(record.exc_info))
        return json.dumps(payload, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        fields = getattr(record, "fields", {}) or {}
        extra = " ".join(f"{key}={value}" for key, value in fields.items())
        line = f"{record.levelname:<7} {record.name}: {record.getMessage()}"
        if extra:
            line += f"  {extra}"
        if record.exc_info:
            line += "\n" + redact(self.formatException(record.exc_info))
        return line


#: Other people's loggers: quiet unless `[logging] library_level` asks for more.
#: (twilio alone logs every request with its headers and Account SID at INFO.)
LIBRARY_LOGGERS = (
    "aiosqlite",
    "alembic",
    "apscheduler",
    "asyncio",
    "httpcore",
    "httpx",
    "multipart",
    "python_multipart",
    "sqlalchemy",
    "telegram",
    "twilio",
    "uvicorn",
    "uvicorn.access",
    "uvicorn.error",
)


def configure_logging(
    level: str = "INFO", fmt: str = "auto", library_level: str = "WARNING"
) -> None:
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
    for name in LIBRARY_LOGGERS:
        logging.getLogger(name).setLevel(library_level)


def uvicorn_log_config(library_level: str = "WARNING") -> dict[str, Any]:
    """For `uvicorn.run(log_config=...)`: uvicorn's loggers keep no handlers of
    their own and pass every line to ours (masked, one format); uvicorn's
    defaults would print unmasked tracebacks and every request to stderr."""
    quiet = {"level": library_level, "propagate": True}
    return {
        "version": 1,
        "incremental": True,  # leave our handler on the root logger as it is
        "loggers": {name: dict(quiet) for name in ("uvicorn", "uvicorn.error", "uvicorn.access")},
    }


def reset_logging() -> None:
    """Remove what configure_logging added (tests run many commands in one process)."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if handler.get_name() == _HANDLER_NAME:
            root.removeHandler(handler)
