"""What providers can send, checked before anything reads it (pure functions)."""

from __future__ import annotations

import pytest

from bot.channels.payload_checks import (
    MAX_JSON_DEPTH,
    check_form,
    check_telegram_update,
    has_lone_surrogate,
    load_json,
)
from bot.channels.types import MalformedPayload
from tests.fakes.telegram_api import callback_update, photo_update, text_update


def test_real_updates_pass() -> None:
    for update in (
        text_update(5550123, "Hej, jag mår bra 😊"),
        callback_update(5550123, "1"),
        photo_update(5550123, caption="bild"),
        {"update_id": 7, "my_chat_member": {"date": 1_700_000_000}},
    ):
        check_telegram_update(update)


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"text": 12}, "message.text is not a string"),
        ({"text": ["hej"]}, "message.text is not a string"),
        ({"text": "x" * 4097}, "message.text is too long"),
        ({"date": 10**20}, "date is out of range"),
        (
            {"chat": {"id": "9" * 65, "type": "private"}},
            "message.chat.id is not a Telegram integer",
        ),
        ({"chat": {"id": 2**70, "type": "private"}}, "id is out of range"),
        ({"from": {"id": 1, "is_bot": "no"}}, "message.from.is_bot is not a boolean"),
    ],
)
def test_what_telegram_never_sends_is_refused(change: dict[str, object], reason: str) -> None:
    update = text_update(5550123, "hej")
    update["message"].update(change)
    with pytest.raises(MalformedPayload, match=reason):
        check_telegram_update(update)


def test_json_too_deep_or_with_a_lone_surrogate_is_refused() -> None:
    assert load_json(b"[" * MAX_JSON_DEPTH + b"]" * MAX_JSON_DEPTH) is not None
    for body in (
        b"[" * (MAX_JSON_DEPTH + 1) + b"]" * (MAX_JSON_DEPTH + 1),
        b"[" * 100_000,
        b'{"text": "\\ud800"}',
        b'{"\\udfff": 1}',
        b"1" * 5000,
        b"\xff\xfe",
    ):
        with pytest.raises(MalformedPayload):
            load_json(body)


def test_a_form_with_a_lone_surrogate_is_refused_before_any_signature_check() -> None:
    check_form([("Body", "Hej 😊 åäö"), ("From", "+46701740605")])
    with pytest.raises(MalformedPayload, match="Body is not valid Unicode"):
        check_form([("Body", "\ud800")])
    assert has_lone_surrogate("a\udfffb")
    assert not has_lone_surrogate("😊")
