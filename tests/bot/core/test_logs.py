"""Logs never show phone numbers, chat ids or message bodies in clear."""

from __future__ import annotations

import io
import json
import logging
import logging.config

import pytest

from bot.core.logs import (
    JsonFormatter,
    _ScrubFilter,
    configure_logging,
    log_event,
    redact,
    reset_logging,
    scrub,
    uvicorn_log_config,
)
from bot.core.phone import mask_phone, normalize_phone


def capture(**fields: object) -> dict[str, object]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(_ScrubFilter())
    logger = logging.getLogger("hejsan.test.logs")
    logger.setLevel(logging.INFO)
    logger.addHandler(handler)
    logger.propagate = False
    try:
        log_event(logger, "message.received", **fields)
    finally:
        logger.removeHandler(handler)
    return json.loads(stream.getvalue())  # type: ignore[no-any-return]


def test_phone_chat_and_body_are_masked_in_json_lines() -> None:
    line = capture(phone="+46701234567", chat_id=987654321, body="Jag har ramlat", senior_id=4)
    assert line["event"] == "message.received"
    assert line["phone"] == "+4670•••••67"
    assert line["chat_id"] == "•••••••21"
    assert line["body"] == "<14 chars>"
    assert line["senior_id"] == 4
    assert "46701234567" not in json.dumps(line)


def test_phone_numbers_in_free_text_are_masked() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(_ScrubFilter())
    logger = logging.getLogger("hejsan.test.scrub")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        logger.warning("could not reach %s or 070-123 45 67", "+46701234567")
    finally:
        logger.removeHandler(handler)
    text = stream.getvalue()
    assert "1234567" not in text
    assert "+4670•••••67" in text


def test_swedish_numbers_normalise_to_e164() -> None:
    assert normalize_phone("070-123 45 67") == "+46701234567"
    assert normalize_phone("0046 70 123 45 67") == "+46701234567"
    assert normalize_phone("+46 (0)70-123 45 67") == "+46701234567"
    assert mask_phone("+46701234567") == "+4670•••••67"


def test_dates_and_times_are_not_taken_for_phone_numbers() -> None:
    line = (
        "GET /2010-04-01/Accounts/AC1/Messages.json at 2026-12-02 10:00:00.123 or 2026-12-02T09:15"
    )
    assert scrub(line) == line
    assert scrub("due 2026-12-02, call 0701234567") == "due 2026-12-02, call 07012•••67"


def test_an_error_text_loses_sql_parameters_key_values_and_numbers() -> None:
    error = (
        "(sqlite3.IntegrityError) UNIQUE constraint failed\n"
        "[SQL: INSERT INTO conversation_states (senior_id, state) VALUES (?, ?)]\n"
        '[parameters: (4, \'{"name": "Anna", "lang": "sv"}\')]\n'
        "(Background on this error at: https://sqlalche.me/e/21/gkpj)\n"
        "DETAIL:  Key (channel, value)=(telegram, 5550123) already exists.\n"
        "from +46701234567"
    )
    text = redact(error)
    assert "Anna" not in text
    assert "5550123" not in text
    assert "46701234567" not in text
    assert "[SQL: INSERT INTO conversation_states" in text
    assert "Key (channel, value)=(…) already exists" in text


def test_names_are_masked_like_bodies() -> None:
    line = capture(name="Anna Lindqvist", campaign="morgon")
    assert line["name"] == "<14 chars>"
    assert line["campaign"] == "morgon"


def test_library_loggers_are_quiet_unless_asked(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("INFO", "json")
    try:
        logging.getLogger("twilio.http_client").info("-- BEGIN Twilio API Request --")
        logging.getLogger("uvicorn.access").info('127.0.0.1 - "POST /webhooks/twilio/sms" 200')
        logging.getLogger("hejsan.test").info("ours")
        configure_logging("INFO", "json", library_level="INFO")
        logging.getLogger("httpx").info("HTTP Request: POST https://api.twilio.com")
    finally:
        reset_logging()
    events = [json.loads(line)["event"] for line in capsys.readouterr().err.splitlines()]
    assert events == ["ours", "HTTP Request: POST https://api.twilio.com"]


def test_uvicorn_keeps_our_handler_and_only_takes_levels() -> None:
    configure_logging("INFO", "json")
    try:
        logging.config.dictConfig(uvicorn_log_config("ERROR"))
        ours = [h.get_name() for h in logging.getLogger().handlers]
        assert "hejsan" in ours
        for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
            logger = logging.getLogger(name)
            assert logger.level == logging.ERROR
            assert logger.propagate
            assert logger.handlers == []
    finally:
        reset_logging()
