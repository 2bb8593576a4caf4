"""The Telegram adapter driven through real PTB code against a fake Bot API server."""

from __future__ import annotations

import copy
import socket
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import pytest
from telegram.error import Conflict, InvalidToken
from telegram.request import HTTPXRequest

from bot.channels.telegram import (
    MalformedUpdate,
    TelegramAdapter,
    deep_link,
    parse_update,
    verify_secret_token,
)
from bot.channels.types import (
    Button,
    Channel,
    MalformedPayload,
    OutgoingMessage,
    PermanentDeliveryError,
    RetryableDeliveryError,
)
from tests.fakes.telegram_api import (
    BotApiError,
    FakeTelegramApi,
    callback_update,
    message_dict,
    photo_update,
    sticker_update,
    text_update,
)

NOW = datetime(2025, 3, 30, 9, 15, tzinfo=UTC)
CHAT = 4242


def out(text: str, *buttons: Button, address: str = str(CHAT)) -> OutgoingMessage:
    return OutgoingMessage(channel=Channel.TELEGRAM, address=address, text=text, buttons=buttons)


@pytest.fixture
async def telegram(fake_telegram: FakeTelegramApi) -> AsyncIterator[TelegramAdapter]:
    async with TelegramAdapter(fake_telegram.token, fake_telegram.base_url) as adapter:
        yield adapter


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


# ------------------------------------------------------------------------- sending


async def test_initialize_learns_the_bot_username(
    telegram: TelegramAdapter, fake_telegram: FakeTelegramApi
) -> None:
    assert telegram.bot_username == "HejsanTestBot"
    assert [c.method for c in fake_telegram.calls] == ["getMe"]


async def test_swedish_text_with_emoji_arrives_unchanged(
    telegram: TelegramAdapter, fake_telegram: FakeTelegramApi
) -> None:
    text = "Hej Åsa! Hur mår du idag? 🌞 Vi ses på soppluncHEN – välkommen ❤️"
    result = await telegram.send(out(text))

    [sent] = fake_telegram.sent_messages
    assert sent.text == text
    assert sent.chat_id == str(CHAT)
    assert sent.reply_markup is None
    assert result.status == "sent"
    assert result.provider_message_id.startswith(f"{CHAT}:")


async def test_buttons_are_sent_as_an_inline_keyboard(
    telegram: TelegramAdapter, fake_telegram: FakeTelegramApi
) -> None:
    await telegram.send(
        out(
            "Hur mår du idag?",
            Button("😊 Bra", "mood:good"),
            Button("Sådär", "mood:ok"),
            Button("Dåligt", "mood:bad"),
            Button("Ring mig", "contact"),
        )
    )

    [sent] = fake_telegram.sent_messages
    assert sent.buttons == [
        [("😊 Bra", "mood:good"), ("Sådär", "mood:ok"), ("Dåligt", "mood:bad")],
        [("Ring mig", "contact")],
    ]


async def test_long_button_labels_get_a_row_each(
    telegram: TelegramAdapter, fake_telegram: FakeTelegramApi
) -> None:
    await telegram.send(
        out(
            "Kommer du på soppluncheon?",
            Button("Ja, jag kommer", "rsvp:yes"),
            Button("Nej, inte den här gången", "rsvp:no"),
        )
    )

    [sent] = fake_telegram.sent_messages
    assert sent.buttons == [
        [("Ja, jag kommer", "rsvp:yes")],
        [("Nej, inte den här gången", "rsvp:no")],
    ]


async def test_button_value_over_64_bytes_fails_without_calling_telegram(
    telegram: TelegramAdapter, fake_telegram: FakeTelegramApi
) -> None:
    too_long = "å" * 33  # 66 bytes in UTF-8
    with pytest.raises(PermanentDeliveryError) as caught:
        await telegram.send(out("Hej", Button("Ja", too_long)))

    assert caught.value.code == "invalid_button"
    assert fake_telegram.sent_messages == []


@pytest.mark.parametrize(
    "ptb_timedelta",
    [
        pytest.param("true", id="timedelta"),
        # PTB < 23 warns on every read of RetryAfter.retry_after (even its own).
        pytest.param(
            "false",
            id="int",
            marks=pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning"),
        ),
    ],
)
async def test_flood_control_is_retryable_after_the_seconds_telegram_asks(
    telegram: TelegramAdapter,
    fake_telegram: FakeTelegramApi,
    monkeypatch: pytest.MonkeyPatch,
    ptb_timedelta: str,
) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", ptb_timedelta)
    fake_telegram.fail_next(BotApiError.too_many_requests(retry_after=3))

    with pytest.raises(RetryableDeliveryError) as caught:
        await telegram.send(out("Hej"))

    assert caught.value.retry_after == 3.0
    # Nothing in PTB retried behind our back: the dispatcher decides.
    assert len(fake_telegram.sent_messages) == 1
    await telegram.send(out("Hej"))  # the next attempt goes through
    assert len(fake_telegram.sent_messages) == 2


@pytest.mark.parametrize("status", [500, 502])
async def test_server_errors_are_retryable(
    telegram: TelegramAdapter, fake_telegram: FakeTelegramApi, status: int
) -> None:
    fake_telegram.fail_next(BotApiError.server_error(status))

    with pytest.raises(RetryableDeliveryError):
        await telegram.send(out("Hej"))
    assert len(fake_telegram.sent_messages) == 1


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (BotApiError.bot_blocked(), "forbidden"),
        (BotApiError.user_deactivated(), "forbidden"),
        (BotApiError.chat_not_found(), "chat_not_found"),
        (BotApiError.bad_request("message text is empty"), "bad_request"),
    ],
)
async def test_sends_that_can_never_work_are_permanent(
    telegram: TelegramAdapter, fake_telegram: FakeTelegramApi, error: BotApiError, code: str
) -> None:
    fake_telegram.fail_chat(CHAT, error)

    with pytest.raises(PermanentDeliveryError) as caught:
        await telegram.send(out("Hej"))

    assert caught.value.code == code
    # PTB drops the "Bad Request: " prefix (not "Forbidden: ") and capitalises the reason.
    reason = error.description.split(": ", 1)[1]
    assert reason.lower() in str(caught.value).lower()


async def test_blocked_chat_does_not_affect_other_chats(
    telegram: TelegramAdapter, fake_telegram: FakeTelegramApi
) -> None:
    fake_telegram.fail_chat(CHAT, BotApiError.bot_blocked())

    result = await telegram.send(out("Hej", address="777"))

    assert result.provider_message_id.startswith("777:")


async def test_address_that_is_not_a_chat_id_is_permanent(
    telegram: TelegramAdapter, fake_telegram: FakeTelegramApi
) -> None:
    with pytest.raises(PermanentDeliveryError):
        await telegram.send(out("Hej", address="+46701234567"))
    assert fake_telegram.sent_messages == []


async def test_unreachable_api_is_retryable() -> None:
    adapter = TelegramAdapter("1:x", f"http://127.0.0.1:{free_port()}/bot")
    try:
        with pytest.raises(RetryableDeliveryError):
            await adapter.send(out("Hej"))
    finally:
        await adapter.shutdown()


async def test_slow_api_times_out_as_retryable(fake_telegram: FakeTelegramApi) -> None:
    request = HTTPXRequest(read_timeout=0.1, connect_timeout=1)
    adapter = TelegramAdapter(fake_telegram.token, fake_telegram.base_url, request=request)
    fake_telegram.delay_next(2.0)
    try:
        with pytest.raises(RetryableDeliveryError) as caught:
            await adapter.send(out("Hej"))
    finally:
        await adapter.shutdown()
    assert caught.value.code == "timeout"


async def test_wrong_token_keeps_the_message_for_later(fake_telegram: FakeTelegramApi) -> None:
    adapter = TelegramAdapter("999:wrong", fake_telegram.base_url)
    try:
        with pytest.raises(RetryableDeliveryError) as caught:
            await adapter.send(out("Hej"))
    finally:
        await adapter.shutdown()
    assert caught.value.code == "invalid_token"


async def test_wrong_token_fails_initialize_without_revealing_it(
    fake_telegram: FakeTelegramApi,
) -> None:
    adapter = TelegramAdapter("999:secret-wrong-token", fake_telegram.base_url)
    try:
        with pytest.raises(InvalidToken) as caught:
            await adapter.initialize()
    finally:
        await adapter.shutdown()
    assert "secret-wrong-token" not in str(caught.value)
    assert caught.value.__cause__ is None


async def test_bot_username_before_initialize_is_an_error(fake_telegram: FakeTelegramApi) -> None:
    adapter = TelegramAdapter(fake_telegram.token, fake_telegram.base_url)
    with pytest.raises(RuntimeError):
        _ = adapter.bot_username


# ---------------------------------------------------------------- other API calls


async def test_answer_callback_stops_the_spinner(
    telegram: TelegramAdapter, fake_telegram: FakeTelegramApi
) -> None:
    assert await telegram.answer_callback("4242100001") is True

    [call] = fake_telegram.calls_to("answerCallbackQuery")
    assert call.params["callback_query_id"] == "4242100001"


async def test_answering_an_old_callback_does_not_raise(
    telegram: TelegramAdapter, fake_telegram: FakeTelegramApi
) -> None:
    fake_telegram.fail_next(BotApiError.query_too_old(), method="answerCallbackQuery")

    assert await telegram.answer_callback("old") is False


async def test_set_webhook_sends_url_secret_and_the_updates_we_handle(
    telegram: TelegramAdapter, fake_telegram: FakeTelegramApi
) -> None:
    url = "https://hejsan.example.se/webhooks/telegram"
    assert await telegram.set_webhook(url, "s3cret_Token-1")

    assert fake_telegram.webhook_url == url
    assert fake_telegram.webhook_secret_token == "s3cret_Token-1"
    assert fake_telegram.webhook_allowed_updates == ["message", "edited_message", "callback_query"]

    assert await telegram.delete_webhook()
    assert fake_telegram.webhook_url == ""


@pytest.mark.parametrize("secret", ["", "has space", "å" * 3, "x" * 257])
async def test_set_webhook_rejects_secrets_telegram_would_refuse(
    telegram: TelegramAdapter, fake_telegram: FakeTelegramApi, secret: str
) -> None:
    with pytest.raises(ValueError, match="secret"):
        await telegram.set_webhook("https://hejsan.example.se/webhooks/telegram", secret)
    assert fake_telegram.calls_to("setWebhook") == []


async def test_set_webhook_requires_https(telegram: TelegramAdapter) -> None:
    with pytest.raises(ValueError, match="https"):
        await telegram.set_webhook("http://hejsan.example.se/webhooks/telegram", "secret")


async def test_long_polling_returns_updates_parse_update_understands(
    telegram: TelegramAdapter, fake_telegram: FakeTelegramApi
) -> None:
    fake_telegram.queue_update(
        text_update(CHAT, "/start abc123", update_id=10),
        callback_update(CHAT, "mood:good", update_id=11),
    )

    updates = await telegram.get_updates(offset=None, timeout=0)
    parsed = [parse_update(u, NOW) for u in updates]

    assert [m.text for m in parsed if m] == ["/start abc123", "mood:good"]
    assert parsed[0] is not None
    assert parsed[0].start_token == "abc123"
    # Confirming with offset = last + 1 forgets them.
    assert await telegram.get_updates(offset=12, timeout=0) == []


async def test_long_poll_wakes_when_an_update_arrives(
    telegram: TelegramAdapter, fake_telegram: FakeTelegramApi
) -> None:
    fake_telegram.queue_update(text_update(CHAT, "Hej", update_id=20))

    updates = await telegram.get_updates(offset=None, timeout=5)

    assert [u["update_id"] for u in updates] == [20]


async def test_polling_while_a_webhook_is_set_is_a_conflict(
    telegram: TelegramAdapter,
) -> None:
    await telegram.set_webhook("https://hejsan.example.se/webhooks/telegram", "secret")
    with pytest.raises(Conflict):
        await telegram.get_updates(offset=None, timeout=0)


# ------------------------------------------------------------------------- helpers


def test_secret_token_must_match_exactly() -> None:
    assert verify_secret_token("s3cret", "s3cret")
    assert not verify_secret_token("s3cret ", "s3cret")
    assert not verify_secret_token("wrong", "s3cret")
    assert not verify_secret_token(None, "s3cret")
    assert not verify_secret_token("", "")


def test_deep_link_opens_the_bot_with_the_token() -> None:
    assert deep_link("HejsanTestBot", "inv_Ab-12") == "https://t.me/HejsanTestBot?start=inv_Ab-12"


@pytest.mark.parametrize("token", ["", "a b", "å", "x" * 65])
def test_deep_link_refuses_tokens_telegram_cannot_carry(token: str) -> None:
    with pytest.raises(ValueError, match="token"):
        deep_link("HejsanTestBot", token)


# ------------------------------------------------------------------------- parsing


def test_text_message_from_a_person() -> None:
    update = text_update(CHAT, "bra tack 👍 åäö", update_id=501)

    message = parse_update(update, NOW)

    assert message is not None
    assert message.channel is Channel.TELEGRAM
    assert message.address == str(CHAT)
    assert message.text == "bra tack 👍 åäö"
    assert message.provider_message_id == "tg:501"
    assert message.received_at == NOW
    assert not message.is_start_command
    assert message.start_token is None
    assert message.callback_query_id is None


def test_parsing_does_not_change_the_update() -> None:
    update = text_update(CHAT, "Hej")
    before = copy.deepcopy(update)

    parse_update(update, NOW)

    assert update == before


@pytest.mark.parametrize(
    ("text", "token"),
    [
        ("/start inv_Ab-12", "inv_Ab-12"),
        ("/start " + "a" * 64, "a" * 64),
        ("/start " + "a" * 65, None),
        ("/start bad!chars", None),
        ("/start två", None),
        ("/start two words", None),
        ("/start", None),
        ("/start@HejsanTestBot tok", "tok"),
    ],
)
def test_start_command_carries_a_valid_token_or_none(text: str, token: str | None) -> None:
    message = parse_update(text_update(CHAT, text), NOW)

    assert message is not None
    assert message.is_start_command
    assert message.start_token == token
    assert message.text == text


@pytest.mark.parametrize("text", ["/starta", "start abc", "/stop", "hej /start abc"])
def test_other_text_is_not_a_start_command(text: str) -> None:
    message = parse_update(text_update(CHAT, text), NOW)

    assert message is not None
    assert not message.is_start_command
    assert message.start_token is None


def test_button_tap_reads_as_the_button_value() -> None:
    update = callback_update(CHAT, "mood:good", update_id=77, query_id="cbq-1")

    message = parse_update(update, NOW)

    assert message is not None
    assert message.text == "mood:good"
    assert message.address == str(CHAT)
    assert message.callback_query_id == "cbq-1"
    assert message.provider_message_id == "tg:77"


def test_button_tap_on_an_inaccessible_message_uses_the_person() -> None:
    update = callback_update(CHAT, "rsvp:yes")
    del update["callback_query"]["message"]

    message = parse_update(update, NOW)

    assert message is not None
    assert message.address == str(CHAT)


def test_sticker_gets_an_empty_text_so_the_senior_still_gets_an_answer() -> None:
    message = parse_update(sticker_update(CHAT), NOW)

    assert message is not None
    assert message.text == ""


def test_photo_caption_is_the_text() -> None:
    assert parse_update(photo_update(CHAT), NOW) is not None
    captioned = parse_update(photo_update(CHAT, caption="Min katt 🐈"), NOW)
    assert captioned is not None
    assert captioned.text == "Min katt 🐈"


def test_edited_message_is_read_with_its_new_text() -> None:
    update = {"update_id": 9, "edited_message": message_dict(CHAT, text="bra", edit_date=1)}

    message = parse_update(update, NOW)

    assert message is not None
    assert message.text == "bra"
    assert message.is_edited


def group_message() -> dict[str, Any]:
    msg = message_dict(CHAT, text="hej alla")
    msg["chat"] = {"id": -100123, "type": "supergroup", "title": "PRO Solna"}
    return {"update_id": 1, "message": msg}


def channel_post() -> dict[str, Any]:
    post = {
        "message_id": 5,
        "chat": {"id": -100999, "type": "channel", "title": "Nyheter"},
        "date": 1,
        "text": "Nyhet",
    }
    return {"update_id": 2, "channel_post": post}


def my_chat_member() -> dict[str, Any]:
    user = {"id": CHAT, "is_bot": False, "first_name": "Astrid"}
    bot = {"id": 1, "is_bot": True, "first_name": "Hejsan"}
    return {
        "update_id": 3,
        "my_chat_member": {
            "chat": {"id": CHAT, "type": "private", "first_name": "Astrid"},
            "from": user,
            "date": 1,
            "old_chat_member": {"status": "member", "user": bot},
            "new_chat_member": {"status": "kicked", "user": bot, "until_date": 0},
        },
    }


def from_a_bot() -> dict[str, Any]:
    update = text_update(CHAT, "beep")
    update["message"]["from"]["is_bot"] = True
    return update


def service_message() -> dict[str, Any]:
    timer = {"message_auto_delete_time": 86400}
    return {"update_id": 4, "message": message_dict(CHAT, message_auto_delete_timer_changed=timer)}


def unknown_kind() -> dict[str, Any]:
    return {"update_id": 5, "some_future_update": {"x": 1}}


@pytest.mark.parametrize(
    "update",
    [group_message, channel_post, my_chat_member, from_a_bot, service_message, unknown_kind],
)
def test_updates_not_written_by_a_person_in_private_are_ignored(update: Any) -> None:
    assert parse_update(update(), NOW) is None


@pytest.mark.parametrize(
    "data",
    [
        pytest.param([], id="not-an-object"),
        pytest.param({}, id="no-update-id"),
        pytest.param({"update_id": "7", "message": {}}, id="update-id-string"),
        pytest.param({"update_id": True}, id="update-id-bool"),
        pytest.param({"update_id": 7, "message": "hej"}, id="message-not-object"),
        pytest.param({"update_id": 7, "message": {"text": "hej"}}, id="message-without-chat"),
        pytest.param({"update_id": 7, "callback_query": {"data": "x"}}, id="callback-without-from"),
    ],
)
def test_json_that_is_not_a_telegram_update_is_malformed(data: Any) -> None:
    with pytest.raises(MalformedUpdate) as caught:
        parse_update(data, NOW)
    assert isinstance(caught.value, MalformedPayload)
    assert isinstance(caught.value, ValueError)
