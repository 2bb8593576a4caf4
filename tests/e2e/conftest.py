"""The running app, driven through its webhooks against fake Telegram and Twilio.

`service` builds the real app and runtime on a fresh database (SQLite and
PostgreSQL), with a clock the test moves by hand: no sleeps.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from bot.core.config import Config, load_config
from bot.db.database import Database
from bot.people.directory import Role, clean_person, upsert_people
from bot.web.app import create_app
from bot.web.runtime import Runtime, build_runtime
from tests.fakes.clock import Clock
from tests.fakes.telegram_api import FakeTelegramApi
from tests.fakes.twilio_api import FakeTwilioApi, inbound_form, signed_webhook

PUBLIC_URL = "https://hejsan.example.org"
WEBHOOK_SECRET = "test-secret_123"


@dataclass
class Service:
    config: Config
    runtime: Runtime
    app: FastAPI
    client: httpx.AsyncClient
    clock: Clock
    twilio: FakeTwilioApi
    telegram: FakeTelegramApi

    @property
    def db(self) -> Database:
        return self.runtime.database

    async def sms(self, from_: str, body: str, sid: str | None = None) -> httpx.Response:
        """Post an inbound SMS exactly as Twilio would, signed for the public URL."""
        form = inbound_form(from_=from_, body=body, message_sid=sid)
        data, headers = signed_webhook(
            self.config.twilio.auth_token, f"{PUBLIC_URL}/webhooks/twilio/sms", form
        )
        return await self.client.post("/webhooks/twilio/sms", data=data, headers=headers)

    async def telegram_update(
        self, update: dict[str, Any], secret: str | None = WEBHOOK_SECRET
    ) -> httpx.Response:
        headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret is not None else {}
        return await self.client.post("/webhooks/telegram", json=update, headers=headers)

    async def deliver(self) -> None:
        """Let the dispatcher send everything that is due now."""
        await self.runtime.dispatcher.drain()

    def sms_to(self, number: str) -> list[str]:
        return [m.body for m in self.twilio.messages if m.to == number]

    def twilio_bodies_to(self, number: str) -> list[str]:
        """What Twilio accepted for `number` (refused requests left out)."""
        return [str(m["body"]) for m in self.twilio.created if m["to"] == number]


async def add_people(db: Database) -> None:
    seniors = [
        clean_person(name="Anna Lindqvist", phone="070-174 06 05", tags=["tyresö"]),
        clean_person(name="John Smith", phone="070-174 06 08", lang="en"),
    ]
    volunteers = [
        clean_person(name="Karin Ek", phone="070-174 06 20", org="Väntjänsten"),
        clean_person(name="Ali Hassan", phone="070-174 06 21", org="Väntjänsten"),
    ]
    async with db.transaction() as session:
        await upsert_people(session, Role.SENIOR, seniors)
        await upsert_people(session, Role.VOLUNTEER, volunteers)


@pytest.fixture
async def service(
    db_url: str, fake_twilio: FakeTwilioApi, fake_telegram: FakeTelegramApi
) -> AsyncIterator[Service]:
    env = {
        "HEJSAN_DATABASE_URL": db_url,
        "HEJSAN_SERVICE_PUBLIC_URL": PUBLIC_URL,
        "HEJSAN_SERVICE_ORGANISATION": "Tyresö kommun",
        "HEJSAN_SERVICE_COORDINATOR_PHONE": "08-578 291 00",
        "HEJSAN_TWILIO_ACCOUNT_SID": fake_twilio.account_sid,
        "HEJSAN_TWILIO_AUTH_TOKEN": fake_twilio.auth_token,
        "HEJSAN_TWILIO_FROM_NUMBER": "+46766860000",
        "HEJSAN_TWILIO_API_BASE_URL": fake_twilio.url,
        "HEJSAN_TWILIO_RATE_PER_SECOND": "1000",
        "HEJSAN_TELEGRAM_TOKEN": fake_telegram.token,
        "HEJSAN_TELEGRAM_WEBHOOK_SECRET": WEBHOOK_SECRET,
        "HEJSAN_TELEGRAM_API_BASE_URL": fake_telegram.base_url,
        "HEJSAN_LOGGING_FORMAT": "text",
    }
    config = load_config(None, env)
    clock = Clock()
    database = Database(db_url, clock=clock)
    runtime = build_runtime(config, database, clock=clock)
    app = create_app(config, runtime=runtime)
    await runtime.start(dispatch=False)
    await add_people(database)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://internal:8080") as client:
        try:
            yield Service(config, runtime, app, client, clock, fake_twilio, fake_telegram)
        finally:
            await runtime.stop()
            await database.close()
