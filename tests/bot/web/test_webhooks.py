"""The provider webhooks: only Telegram with our secret and only Twilio with a
signature over our public URL get in; anything else is refused with a short
reason before a byte is stored, and an unconfigured provider is not there."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass

import httpx
import pytest
from sqlalchemy import func, select

from bot.core.config import Config, load_config
from bot.db.database import Database
from bot.db.models import Message
from bot.people.directory import Role, clean_person, upsert_people
from bot.web.app import create_app
from bot.web.runtime import Runtime, build_runtime
from bot.web.webhooks import MAX_BODY_BYTES
from tests.fakes.clock import Clock
from tests.fakes.telegram_api import FakeTelegramApi, text_update
from tests.fakes.twilio_api import FakeTwilioApi, inbound_form, sign, status_form

PUBLIC_URL = "https://hejsan.example.org"
SECRET = "webhook_secret-42"
ANNA = "+46701740605"
SMS_PATH = "/webhooks/twilio/sms"
STATUS_PATH = "/webhooks/twilio/status"


@dataclass
class Hooks:
    config: Config
    runtime: Runtime
    client: httpx.AsyncClient

    async def inbound_count(self) -> int:
        async with self.runtime.database.reading() as session:
            found = await session.scalar(select(func.count()).where(Message.direction == "in"))
        return int(found or 0)

    async def twilio(
        self, path: str, form: dict[str, str], signed_for: str | None = None, token: str = ""
    ) -> httpx.Response:
        url = signed_for if signed_for is not None else PUBLIC_URL + path
        signature = sign(token or self.config.twilio.auth_token, url, form)
        return await self.client.post(path, data=form, headers={"X-Twilio-Signature": signature})

    async def telegram(self, body: bytes, secret: str | None = SECRET) -> httpx.Response:
        headers = {"Content-Type": "application/json"}
        if secret is not None:
            headers["X-Telegram-Bot-Api-Secret-Token"] = secret
        return await self.client.post("/webhooks/telegram", content=body, headers=headers)


@pytest.fixture
async def hooks(
    db_url: str, fake_twilio: FakeTwilioApi, fake_telegram: FakeTelegramApi
) -> AsyncIterator[Hooks]:
    config = load_config(
        None,
        {
            "HEJSAN_DATABASE_URL": db_url,
            "HEJSAN_SERVICE_PUBLIC_URL": PUBLIC_URL,
            "HEJSAN_TWILIO_ACCOUNT_SID": fake_twilio.account_sid,
            "HEJSAN_TWILIO_AUTH_TOKEN": fake_twilio.auth_token,
            "HEJSAN_TWILIO_FROM_NUMBER": "+46766860000",
            "HEJSAN_TWILIO_API_BASE_URL": fake_twilio.url,
            "HEJSAN_TELEGRAM_TOKEN": fake_telegram.token,
            "HEJSAN_TELEGRAM_WEBHOOK_SECRET": SECRET,
            "HEJSAN_TELEGRAM_API_BASE_URL": fake_telegram.base_url,
        },
    )
    clock = Clock()
    database = Database(db_url, clock=clock)
    runtime = build_runtime(config, database, clock=clock)
    await runtime.start(dispatch=False)
    async with database.transaction() as session:
        await upsert_people(session, Role.SENIOR, [clean_person(name="Anna Lindqvist", phone=ANNA)])
    transport = httpx.ASGITransport(app=create_app(config, runtime=runtime))
    # The app sees plain http on an internal name, as behind a TLS-terminating proxy.
    async with httpx.AsyncClient(transport=transport, base_url="http://internal:8080") as client:
        try:
            yield Hooks(config, runtime, client)
        finally:
            await runtime.stop()
            await database.close()


async def test_a_signed_sms_is_taken_in_and_answered_with_empty_twiml(hooks: Hooks) -> None:
    response = await hooks.twilio(SMS_PATH, inbound_form(ANNA, "bra tack"))
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/xml")
    assert "<Response" in response.text
    assert "<Message" not in response.text  # replies go out through the outbox
    assert await hooks.inbound_count() == 1


async def test_a_signature_over_the_url_the_app_sees_is_not_twilios(hooks: Hooks) -> None:
    """Twilio signs the public https URL; a signature over http://internal… is forged."""
    form = inbound_form(ANNA, "bra tack")
    response = await hooks.twilio(SMS_PATH, form, signed_for=f"http://internal:8080{SMS_PATH}")
    assert response.status_code == 403
    assert response.json() == {"error": "bad signature"}
    assert await hooks.inbound_count() == 0


async def test_the_query_string_is_part_of_what_twilio_signed(hooks: Hooks) -> None:
    form = inbound_form(ANNA, "bra tack")
    path = f"{SMS_PATH}?source=sweden"
    signature = sign(hooks.config.twilio.auth_token, PUBLIC_URL + path, form)
    accepted = await hooks.client.post(path, data=form, headers={"X-Twilio-Signature": signature})
    without_query = sign(hooks.config.twilio.auth_token, PUBLIC_URL + SMS_PATH, form)
    refused = await hooks.client.post(
        path, data=form, headers={"X-Twilio-Signature": without_query}
    )
    assert (accepted.status_code, refused.status_code) == (200, 403)
    assert await hooks.inbound_count() == 1


async def test_a_form_changed_after_signing_or_signed_with_another_token_is_refused(
    hooks: Hooks,
) -> None:
    form = inbound_form(ANNA, "bra tack")
    signature = sign(hooks.config.twilio.auth_token, PUBLIC_URL + SMS_PATH, form)
    tampered = {**form, "Body": "STOPP"}
    changed = await hooks.client.post(
        SMS_PATH, data=tampered, headers={"X-Twilio-Signature": signature}
    )
    other_account = await hooks.twilio(SMS_PATH, form, token="x" * 32)
    unsigned = await hooks.client.post(SMS_PATH, data=form)
    assert [r.status_code for r in (changed, other_account, unsigned)] == [403, 403, 403]
    assert await hooks.inbound_count() == 0


async def test_a_forged_status_callback_changes_no_message(hooks: Hooks) -> None:
    assert (await hooks.twilio(SMS_PATH, inbound_form(ANNA, "bra tack"))).status_code == 200
    await hooks.runtime.dispatcher.drain()
    async with hooks.runtime.database.reading() as session:
        reply = await session.scalar(select(Message).where(Message.direction == "out"))
    assert reply is not None
    assert reply.provider_message_id
    form = status_form(reply.provider_message_id, "undelivered", error_code="30006", to=ANNA)
    forged = await hooks.twilio(STATUS_PATH, form, token="x" * 32)
    assert forged.status_code == 403
    async with hooks.runtime.database.reading() as session:
        again = await session.get(Message, reply.id)
    assert again is not None
    assert (again.status, again.error_code) == (reply.status, None)
    signed = await hooks.twilio(STATUS_PATH, form)
    assert signed.status_code == 200
    async with hooks.runtime.database.reading() as session:
        failed = await session.get(Message, reply.id)
    assert failed is not None
    assert (failed.status, failed.error_code) == ("failed", "30006")


async def test_a_signed_status_callback_with_an_odd_status_is_a_400(hooks: Hooks) -> None:
    form = status_form("SM" + "1" * 32, "exploded; DROP TABLE", to=ANNA)
    response = await hooks.twilio(STATUS_PATH, form)
    assert response.status_code == 400
    assert len(response.text) < 100


async def test_a_form_larger_than_any_sms_is_refused_unread(hooks: Hooks) -> None:
    form = inbound_form(ANNA, "a" * (MAX_BODY_BYTES + 1))
    response = await hooks.twilio(SMS_PATH, form)
    assert response.status_code == 413
    assert response.json() == {"error": "request too large"}
    assert await hooks.inbound_count() == 0


async def test_a_streamed_body_without_a_declared_length_is_measured_too(hooks: Hooks) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        yield b"From=%2B46701740605&Body="
        for _ in range(MAX_BODY_BYTES // 4096 + 1):
            yield b"a" * 4096

    response = await hooks.client.post(
        SMS_PATH,
        content=chunks(),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert "content-length" not in response.request.headers
    assert response.status_code == 413
    assert await hooks.inbound_count() == 0


async def test_telegram_without_our_secret_is_refused_before_the_body_is_read(
    hooks: Hooks, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="hejsan.webhooks")
    update = json.dumps(text_update(5550123, "hej")).encode()
    wrong = await hooks.telegram(update, secret=SECRET + "x")
    not_an_update = b'{"update_id": "x"}'  # a 400 for Telegram itself
    unsigned = await hooks.telegram(not_an_update, secret=None)
    assert (wrong.status_code, unsigned.status_code) == (403, 403)
    assert (await hooks.telegram(not_an_update)).status_code == 400
    assert wrong.json() == {"error": "bad secret token"}
    assert [r.getMessage() for r in caplog.records] == ["telegram.forged_or_missing_secret"] * 2
    assert SECRET not in caplog.text
    assert await hooks.inbound_count() == 0


async def test_telegram_json_that_is_not_an_update_object_is_a_400(hooks: Hooks) -> None:
    response = await hooks.telegram(b'[{"update_id": 1}]')
    assert response.status_code == 400
    assert response.json() == {"error": "update must be a JSON object"}


async def test_a_telegram_update_nobody_wrote_is_acknowledged_and_not_stored(
    hooks: Hooks,
) -> None:
    """A channel post: Telegram must not retry it, and there is nobody to answer."""
    post = {
        "update_id": 90001,
        "channel_post": {
            "message_id": 1,
            "chat": {"id": -100123, "type": "channel", "title": "Nyheter"},
            "date": 1_800_000_000,
            "text": "hej alla",
        },
    }
    response = await hooks.telegram(json.dumps(post).encode())
    assert response.status_code == 200
    assert await hooks.inbound_count() == 0


async def test_a_telegram_body_over_the_limit_is_refused(hooks: Hooks) -> None:
    update = text_update(5550123, "hej")
    update["padding"] = "a" * MAX_BODY_BYTES
    response = await hooks.telegram(json.dumps(update).encode())
    assert response.status_code == 413
    assert await hooks.inbound_count() == 0


async def test_a_provider_that_is_not_configured_has_no_webhook(db: Database) -> None:
    app = create_app(load_config(None, {}), db)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        telegram = await client.post(
            "/webhooks/telegram",
            json=text_update(5550123, "hej"),
            headers={"X-Telegram-Bot-Api-Secret-Token": SECRET},
        )
        sms = await client.post(SMS_PATH, data=inbound_form(ANNA, "hej"))
        status = await client.post(STATUS_PATH, data=status_form("SM1", "delivered"))
    assert telegram.json() == {"error": "telegram is not configured"}
    assert [r.status_code for r in (telegram, sms, status)] == [404, 404, 404]
    assert sms.json() == {"error": "twilio is not configured"}
