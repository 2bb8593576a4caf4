"""The Twilio SMS adapter driven through the real twilio client against a fake REST API."""

from __future__ import annotations

import asyncio
import socket
import xml.etree.ElementTree as ET
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import pytest
from starlette.datastructures import FormData
from twilio.request_validator import RequestValidator
from twilio.twiml.messaging_response import MessagingResponse

from bot.channels.twilio_sms import (
    EMPTY_TWIML,
    MalformedWebhook,
    TwilioSmsAdapter,
    parse_inbound,
    parse_status,
    public_request_url,
    verify_signature,
)
from bot.channels.types import (
    Channel,
    MalformedPayload,
    OutgoingMessage,
    PermanentDeliveryError,
    RetryableDeliveryError,
)
from tests.fakes.twilio_api import (
    DEFAULT_AUTH_TOKEN,
    DEFAULT_FROM,
    DEFAULT_MESSAGING_SERVICE_SID,
    FakeTwilioApi,
    TwilioApiError,
    inbound_form,
    new_sid,
    sign,
    signed_webhook,
    status_form,
)

NOW = datetime(2025, 3, 30, 9, 15, tzinfo=UTC)
SENIOR = "+46701234567"
STATUS_URL = "https://hejsan.example.se/webhooks/twilio/status"


def sms(text: str, to: str = SENIOR) -> OutgoingMessage:
    return OutgoingMessage(channel=Channel.SMS, address=to, text=text)


@pytest.fixture
async def twilio(fake_twilio: FakeTwilioApi) -> AsyncIterator[TwilioSmsAdapter]:
    async with TwilioSmsAdapter(
        fake_twilio.account_sid,
        fake_twilio.auth_token,
        from_number=DEFAULT_FROM,
        status_callback_url=STATUS_URL,
        api_base_url=fake_twilio.url,
    ) as adapter:
        yield adapter


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


# ------------------------------------------------------------------------- sending


async def test_send_creates_a_message_with_text_sender_and_status_callback(
    twilio: TwilioSmsAdapter, fake_twilio: FakeTwilioApi
) -> None:
    text = "Hej Åsa! Hur mår du idag? Svara 1, 2 eller 3 😊"
    result = await twilio.send(sms(text))

    [sent] = fake_twilio.messages
    assert sent.to == SENIOR
    assert sent.from_ == DEFAULT_FROM
    assert sent.body == text
    assert sent.status_callback == STATUS_URL
    assert sent.messaging_service_sid is None
    assert result.provider_message_id.startswith("SM")
    assert len(result.provider_message_id) == 34
    assert result.status == "queued"


async def test_send_through_a_messaging_service(fake_twilio: FakeTwilioApi) -> None:
    async with TwilioSmsAdapter(
        fake_twilio.account_sid,
        fake_twilio.auth_token,
        messaging_service_sid=DEFAULT_MESSAGING_SERVICE_SID,
        api_base_url=fake_twilio.url,
    ) as adapter:
        result = await adapter.send(sms("Välkommen på soppluncheon på torsdag!"))

    [sent] = fake_twilio.messages
    assert sent.messaging_service_sid == DEFAULT_MESSAGING_SERVICE_SID
    assert sent.from_ is None
    assert sent.status_callback is None
    assert result.status == "accepted"


@pytest.mark.parametrize(
    "error",
    [
        TwilioApiError.unsubscribed(),
        TwilioApiError.invalid_to(),
        TwilioApiError.not_mobile(),
        TwilioApiError(400, 21612, "The 'To' phone number is not currently reachable"),
        TwilioApiError(400, 21408, "Permission to send an SMS has not been enabled"),
    ],
)
async def test_numbers_that_will_never_take_our_sms_are_permanent(
    twilio: TwilioSmsAdapter, fake_twilio: FakeTwilioApi, error: TwilioApiError
) -> None:
    fake_twilio.fail_to(SENIOR, error)

    with pytest.raises(PermanentDeliveryError) as caught:
        await twilio.send(sms("Hej"))

    assert caught.value.code == str(error.code)
    assert error.message in str(caught.value)


async def test_other_client_errors_are_permanent(
    twilio: TwilioSmsAdapter, fake_twilio: FakeTwilioApi
) -> None:
    fake_twilio.fail_next(TwilioApiError(400, 21606, "The From phone number is not valid"))

    with pytest.raises(PermanentDeliveryError) as caught:
        await twilio.send(sms("Hej"))
    assert caught.value.code == "21606"


async def test_rate_limit_is_retryable_after_the_retry_after_header(
    twilio: TwilioSmsAdapter, fake_twilio: FakeTwilioApi
) -> None:
    fake_twilio.fail_next(TwilioApiError.too_many_requests(retry_after=7))

    with pytest.raises(RetryableDeliveryError) as caught:
        await twilio.send(sms("Hej"))

    assert caught.value.retry_after == 7.0
    assert caught.value.code == "20429"
    # No hidden retries inside the twilio client: the dispatcher decides.
    assert len(fake_twilio.messages) == 1


async def test_rate_limit_without_header_leaves_the_wait_to_the_dispatcher(
    twilio: TwilioSmsAdapter, fake_twilio: FakeTwilioApi
) -> None:
    fake_twilio.fail_next(TwilioApiError.too_many_requests())

    with pytest.raises(RetryableDeliveryError) as caught:
        await twilio.send(sms("Hej"))
    assert caught.value.retry_after is None


async def test_concurrent_sends_each_get_their_own_retry_after(
    twilio: TwilioSmsAdapter, fake_twilio: FakeTwilioApi
) -> None:
    fake_twilio.fail_to("+46701111111", TwilioApiError.too_many_requests(retry_after=2))
    fake_twilio.fail_to("+46702222222", TwilioApiError.too_many_requests(retry_after=9))

    results = await asyncio.gather(
        *(twilio.send(sms("Hej", to)) for to in ["+46701111111", "+46702222222"] * 3),
        return_exceptions=True,
    )

    assert [getattr(r, "retry_after", None) for r in results] == [2.0, 9.0] * 3


@pytest.mark.parametrize("status", [500, 503])
async def test_server_errors_are_retryable(
    twilio: TwilioSmsAdapter, fake_twilio: FakeTwilioApi, status: int
) -> None:
    fake_twilio.fail_next(TwilioApiError.server_error(status))

    with pytest.raises(RetryableDeliveryError):
        await twilio.send(sms("Hej"))

    result = await twilio.send(sms("Hej"))  # the next attempt goes through
    assert result.status == "queued"


async def test_wrong_credentials_keep_the_message_for_later(fake_twilio: FakeTwilioApi) -> None:
    async with TwilioSmsAdapter(
        fake_twilio.account_sid, "wrong-token", DEFAULT_FROM, api_base_url=fake_twilio.url
    ) as adapter:
        with pytest.raises(RetryableDeliveryError) as caught:
            await adapter.send(sms("Hej"))
    assert caught.value.code == "20003"
    assert fake_twilio.messages == []


async def test_unreachable_api_is_retryable() -> None:
    async with TwilioSmsAdapter(
        "AC" + "0" * 32, "token", DEFAULT_FROM, api_base_url=f"http://127.0.0.1:{free_port()}"
    ) as adapter:
        with pytest.raises(RetryableDeliveryError) as caught:
            await adapter.send(sms("Hej"))
    assert caught.value.code == "network"


async def test_slow_api_times_out_as_retryable(fake_twilio: FakeTwilioApi) -> None:
    fake_twilio.delay_next(2.0)
    async with TwilioSmsAdapter(
        fake_twilio.account_sid,
        fake_twilio.auth_token,
        DEFAULT_FROM,
        api_base_url=fake_twilio.url,
        timeout=0.1,
    ) as adapter:
        with pytest.raises(RetryableDeliveryError) as caught:
            await adapter.send(sms("Hej"))
    assert caught.value.code == "timeout"


async def test_close_is_safe_before_any_send_and_twice(fake_twilio: FakeTwilioApi) -> None:
    adapter = TwilioSmsAdapter(
        fake_twilio.account_sid, fake_twilio.auth_token, DEFAULT_FROM, api_base_url=fake_twilio.url
    )
    await adapter.close()
    await adapter.send(sms("Hej"))
    await adapter.close()
    await adapter.close()


@pytest.mark.parametrize(
    ("from_number", "service"), [(None, None), (DEFAULT_FROM, DEFAULT_MESSAGING_SERVICE_SID)]
)
def test_exactly_one_sender_is_required(from_number: str | None, service: str | None) -> None:
    with pytest.raises(ValueError, match="exactly one"):
        TwilioSmsAdapter("AC" + "0" * 32, "token", from_number, service)


def test_api_base_url_must_be_http() -> None:
    with pytest.raises(ValueError, match="api_base_url"):
        TwilioSmsAdapter("AC" + "0" * 32, "token", DEFAULT_FROM, api_base_url="api.twilio.com")


# ------------------------------------------------------------------------- parsing


def test_inbound_sms_is_read_with_the_number_in_e164() -> None:
    form = inbound_form(SENIOR, "Bra tack! 😊 Åh vad skönt")

    message = parse_inbound(form, NOW)

    assert message.channel is Channel.SMS
    assert message.address == SENIOR
    assert message.text == "Bra tack! 😊 Åh vad skönt"
    assert message.provider_message_id == f"tw:{form['MessageSid']}"
    assert message.received_at == NOW


def test_picture_only_mms_still_gets_an_answer() -> None:
    form = inbound_form(SENIOR, "")
    form["NumMedia"] = "1"

    assert parse_inbound(form, NOW).text == ""


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("MessageSid", None),
        ("MessageSid", "not-a-sid"),
        ("From", None),
        ("From", "hej"),
    ],
)
def test_inbound_form_without_sender_or_sid_is_malformed(field: str, value: str | None) -> None:
    form = inbound_form(SENIOR, "Hej")
    form.pop("SmsSid")
    if value is None:
        form.pop(field)
    else:
        form[field] = value

    with pytest.raises(MalformedWebhook) as caught:
        parse_inbound(form, NOW)
    assert isinstance(caught.value, MalformedPayload)


def test_delivery_callback_is_read() -> None:
    sid = new_sid()

    update = parse_status(status_form(sid, "delivered"))

    assert update.provider_message_id == sid
    assert update.status == "delivered"
    assert update.error_code is None


def test_failed_delivery_carries_the_error_code() -> None:
    update = parse_status(status_form(new_sid(), "undelivered", error_code="30003"))

    assert update.status == "undelivered"
    assert update.error_code == "30003"


def test_empty_error_code_means_none() -> None:
    assert parse_status(status_form(new_sid(), "sent", error_code="")).error_code is None


@pytest.mark.parametrize(
    ("field", "value"),
    [("MessageStatus", None), ("MessageStatus", "Delivered!"), ("ErrorCode", "abc")],
)
def test_status_callback_with_missing_or_odd_fields_is_malformed(
    field: str, value: str | None
) -> None:
    form = status_form(new_sid(), "delivered", error_code="30008")
    form.pop("SmsStatus")
    if value is None:
        form.pop(field)
    else:
        form[field] = value

    with pytest.raises(MalformedWebhook):
        parse_status(form)


def test_empty_twiml_is_what_twilio_renders_for_no_reply() -> None:
    assert str(MessagingResponse()) == EMPTY_TWIML
    root = ET.fromstring(EMPTY_TWIML.split("?>", 1)[1])
    assert root.tag == "Response"
    assert list(root) == []


# ---------------------------------------------------------------------- signatures

PUBLIC = "https://hejsan.example.se"
PATH = "/webhooks/twilio/sms"


def test_valid_signature_is_accepted() -> None:
    url = PUBLIC + PATH
    form, headers = signed_webhook(DEFAULT_AUTH_TOKEN, url, inbound_form(SENIOR, "Hjälp 🆘"))

    assert verify_signature(DEFAULT_AUTH_TOKEN, url, form, headers["X-Twilio-Signature"])


def test_starlette_form_data_is_accepted_as_is() -> None:
    url = PUBLIC + PATH
    form = inbound_form(SENIOR, "Ja vi blir två")
    signature = sign(DEFAULT_AUTH_TOKEN, url, form)

    assert verify_signature(DEFAULT_AUTH_TOKEN, url, FormData(list(form.items())), signature)


def test_repeated_fields_are_all_signed() -> None:
    url = PUBLIC + PATH
    pairs = [("MessageSid", new_sid()), ("MediaUrl", "https://a/1"), ("MediaUrl", "https://a/2")]

    class MultiDict(dict[str, list[str]]):
        def getlist(self, key: str) -> list[str]:
            return self[key]

    multi = MultiDict()
    for key, value in pairs:
        multi.setdefault(key, []).append(value)
    signature = str(RequestValidator(DEFAULT_AUTH_TOKEN).compute_signature(url, multi))

    assert verify_signature(DEFAULT_AUTH_TOKEN, url, pairs, signature)
    assert verify_signature(DEFAULT_AUTH_TOKEN, url, FormData(list[Any](pairs)), signature)
    # A plain dict keeps one MediaUrl only, and that is not what Twilio signed.
    assert not verify_signature(DEFAULT_AUTH_TOKEN, url, dict(pairs), signature)


def test_forged_or_tampered_requests_are_rejected() -> None:
    url = PUBLIC + PATH
    form, headers = signed_webhook(DEFAULT_AUTH_TOKEN, url, inbound_form(SENIOR, "Bra"))
    signature = headers["X-Twilio-Signature"]

    tampered = dict(form, Body="STOPP")
    assert not verify_signature(DEFAULT_AUTH_TOKEN, url, tampered, signature)
    assert not verify_signature("another-token", url, form, signature)
    assert not verify_signature(DEFAULT_AUTH_TOKEN, url, form, None)
    assert not verify_signature(DEFAULT_AUTH_TOKEN, url, form, "")
    assert not verify_signature(DEFAULT_AUTH_TOKEN, url, form, signature[:-2] + "==")
    assert not verify_signature(DEFAULT_AUTH_TOKEN, url + "?x=1", form, signature)
    assert not verify_signature("", url, form, sign("", url, form))


def test_signature_checks_out_behind_a_tls_proxy() -> None:
    # Twilio calls the public https URL; the proxy forwards plain http to the app.
    twilio_called = f"{PUBLIC}{PATH}?campaign=7"
    app_sees = f"http://10.0.0.5:8000{PATH}?campaign=7"
    form, headers = signed_webhook(
        DEFAULT_AUTH_TOKEN, twilio_called, status_form(new_sid(), "sent")
    )
    signature = headers["X-Twilio-Signature"]

    rebuilt = public_request_url(PUBLIC + "/", PATH, "campaign=7")

    assert rebuilt == twilio_called
    assert verify_signature(DEFAULT_AUTH_TOKEN, rebuilt, form, signature)
    assert not verify_signature(DEFAULT_AUTH_TOKEN, app_sees, form, signature)


def test_public_url_with_a_path_prefix_and_explicit_port() -> None:
    url = public_request_url("https://example.se:443/hejsan", "/webhooks/twilio/sms")
    form = inbound_form(SENIOR, "Hej")
    # Twilio signs without the default port; the validator tries both.
    signature = sign(DEFAULT_AUTH_TOKEN, "https://example.se/hejsan/webhooks/twilio/sms", form)

    assert url == "https://example.se:443/hejsan/webhooks/twilio/sms"
    assert verify_signature(DEFAULT_AUTH_TOKEN, url, form, signature)
