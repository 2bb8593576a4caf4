"""Logs never show phone numbers, chat ids or message bodies in clear."""

from __future__ import annotations

import io
import json
import logging

from bot.core.logs import JsonFormatter, _ScrubFilter, log_event
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
