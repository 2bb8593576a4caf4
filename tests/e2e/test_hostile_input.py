"""Malformed requests get a 4xx with a short reason, store nothing, and the
service keeps answering: one request per class found by hostile testing."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select, text

from bot.core.config import load_config
from bot.core.logs import configure_logging, reset_logging
from bot.db.database import Database
from bot.db.models import Address, Message
from bot.events.demo_seed import seed_demo
from bot.web.app import create_app
from bot.web.runtime import build_runtime
from tests.e2e.conftest import PUBLIC_URL, WEBHOOK_SECRET, Service
from tests.fakes.telegram_api import text_update
from tests.fakes.twilio_api import inbound_form, signed_webhook

ANNA = "+46701740605"
SECRET = {"X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET, "Content-Type": "application/json"}


@dataclass(frozen=True)
class Hostile:
    """One malformed request: where it goes and what it carries."""

    path: str
    body: bytes
    headers: dict[str, str]


def utf7_multipart(field: str = "Body") -> Hostile:
    """A form whose declared charset turns `+2AA-` into a lone surrogate."""
    boundary = "hejsanboundary"
    body = (
        f"--{boundary}\r\n"
        f'Content-Disposition: form-data; name="{field}"\r\n\r\n'
        "+2AA-\r\n"
        f"--{boundary}\r\n"
        'Content-Disposition: form-data; name="MessageSid"\r\n\r\n'
        f"SM{'a' * 32}\r\n"
        f"--{boundary}--\r\n"
    ).encode()
    return Hostile(
        "/webhooks/twilio/sms",
        body,
        {
            "Content-Type": f"multipart/form-data; boundary={boundary}; charset=utf-7",
            "X-Twilio-Signature": "bm90IGEgc2lnbmF0dXJl",
        },
    )


def telegram(update: Any) -> Hostile:
    """An update with the right secret, encoded as Telegram would (ASCII escapes)."""
    return Hostile("/webhooks/telegram", json.dumps(update).encode(), SECRET)


def telegram_raw(body: str) -> Hostile:
    return Hostile("/webhooks/telegram", body.encode(), SECRET)


def with_message(**changes: Any) -> dict[str, Any]:
    update = text_update(5550123, "hej")
    update["message"].update(changes)
    return update


def with_chat_id(chat_id: Any) -> dict[str, Any]:
    update = text_update(5550123, "hej")
    update["message"]["chat"]["id"] = chat_id
    update["message"]["from"]["id"] = chat_id
    return update


CASES: dict[str, Callable[[], Hostile]] = {
    "twilio sms: utf-7 multipart with a lone surrogate": utf7_multipart,
    "twilio status: utf-7 multipart with a lone surrogate": lambda: Hostile(
        "/webhooks/twilio/status", utf7_multipart("MessageStatus").body, utf7_multipart().headers
    ),
    "telegram: JSON nested 1,000 deep": lambda: telegram_raw("[" * 1000 + "]" * 1000),
    "telegram: object nested 1,000 deep": lambda: telegram_raw('{"a":' * 1000 + "1" + "}" * 1000),
    "telegram: text is a number": lambda: telegram(with_message(text=12)),
    "telegram: text is a list": lambda: telegram(with_message(text=["hej"])),
    "telegram: text is an object": lambda: telegram(with_message(text={"a": 1})),
    "telegram: date 10^20": lambda: telegram(with_message(date=10**20)),
    "telegram: text with a lone surrogate": lambda: telegram(with_message(text="hej \ud800")),
    "telegram: chat id of 65 characters": lambda: telegram(with_chat_id("9" * 65)),
    "telegram: chat id with a NUL byte": lambda: telegram(with_chat_id("555\x00123")),
    "telegram: chat id beyond 2^63": lambda: telegram(with_chat_id(2**70)),
    "telegram: update_id beyond 2^63": lambda: telegram(
        {**text_update(5550123, "hej"), "update_id": 2**64}
    ),
}


async def stored_rows(service: Service) -> tuple[int, int]:
    async with service.db.reading() as session:
        messages = await session.scalar(select(func.count()).where(Message.direction == "in"))
        addresses = await session.scalar(select(func.count()).select_from(Address))
    return int(messages or 0), int(addresses or 0)


@pytest.fixture
async def raw_client(service: Service) -> AsyncIterator[httpx.AsyncClient]:
    """A client that sees a 500 as an answer, the way a provider would."""
    transport = httpx.ASGITransport(app=service.app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://internal:8080") as client:
        yield client


@pytest.mark.parametrize("case", CASES)
async def test_malformed_request_is_refused_and_nothing_is_stored(
    service: Service, raw_client: httpx.AsyncClient, case: str
) -> None:
    hostile = CASES[case]()
    before = await stored_rows(service)
    response = await raw_client.post(hostile.path, content=hostile.body, headers=hostile.headers)
    assert 400 <= response.status_code < 500, (response.status_code, response.text[:300])
    assert len(response.text) < 300
    assert await stored_rows(service) == before
    valid = await service.sms(ANNA, "bra tack")
    assert valid.status_code == 200
    assert (await stored_rows(service))[0] == before[0] + 1


@pytest.fixture
async def simulator(db_url: str) -> AsyncIterator[tuple[httpx.AsyncClient, Database]]:
    """The app on the embedded defaults (the simulator is the channel), demo people seeded."""
    config = load_config(None, {"HEJSAN_DATABASE_URL": db_url})
    database = Database(db_url)
    runtime = build_runtime(config, database)
    async with database.transaction() as session:
        await seed_demo(session, runtime.shell)
    app = create_app(config, runtime=runtime)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            yield client, database
    finally:
        await runtime.stop()
        await database.close()


def sim_send(**fields: Any) -> tuple[str, str, bytes]:
    body = {"role": "senior", "id": 1, "text": "bra", **fields}
    return "POST", "/simulator/api/send", json.dumps(body).encode()


SIMULATOR_CASES: dict[str, tuple[str, str, bytes]] = {
    "simulator send: id 2^31": sim_send(id=2**31),
    "simulator send: id 2^63": sim_send(id=2**63),
    "simulator send: id 2^70": sim_send(id=2**70),
    "simulator send: role with a lone surrogate": sim_send(role="\ud800"),
    "simulator send: text with a lone surrogate": sim_send(text="bra \ud800"),
    "simulator send: JSON nested 1,000 deep": ("POST", "/simulator/api/send", b"[" * 1000),
    "simulator conversation: person id 2^63": (
        "GET",
        f"/simulator/api/conversation/senior/{2**63}",
        b"",
    ),
    "simulator conversation: after 2^63": (
        "GET",
        f"/simulator/api/conversation/senior/1?after={2**63}",
        b"",
    ),
}


@pytest.mark.parametrize("case", SIMULATOR_CASES)
async def test_malformed_simulator_request_is_refused_and_nothing_is_stored(
    simulator: tuple[httpx.AsyncClient, Database], case: str
) -> None:
    client, database = simulator
    method, path, body = SIMULATOR_CASES[case]
    before = await count_inbound(database)
    response = await client.request(
        method, path, content=body or None, headers={"Content-Type": "application/json"}
    )
    assert 400 <= response.status_code < 500, (response.status_code, response.text[:300])
    assert len(response.text) < 300
    assert await count_inbound(database) == before
    valid = await client.post(
        "/simulator/api/send", json={"role": "senior", "id": 1, "text": "bra"}
    )
    assert valid.status_code == 200, valid.text
    assert await count_inbound(database) == before + 1


async def count_inbound(database: Database) -> int:
    async with database.reading() as session:
        found = await session.scalar(select(func.count()).where(Message.direction == "in"))
    return int(found or 0)


async def test_our_own_failure_is_a_plain_500_with_a_masked_log_line(
    service: Service, raw_client: httpx.AsyncClient, capsys: pytest.CaptureFixture[str]
) -> None:
    # A real failure inside a turn: the table the conversation is saved to is gone.
    async with service.db.transaction() as session:
        await session.execute(text("DROP TABLE conversation_states"))
    configure_logging("INFO", "json")
    try:
        form = inbound_form(from_=ANNA, body="Jag har ramlat i badrummet")
        data, headers = signed_webhook(
            service.config.twilio.auth_token, f"{PUBLIC_URL}/webhooks/twilio/sms", form
        )
        response = await raw_client.post("/webhooks/twilio/sms", data=data, headers=headers)
    finally:
        reset_logging()
    assert response.status_code == 500
    assert response.json() == {"error": "internal error"}
    lines = [json.loads(line) for line in capsys.readouterr().err.splitlines()]
    failure = next(line for line in lines if line["event"] == "request.failed")
    assert failure["path"] == "/webhooks/twilio/sms"
    assert "conversation_states" in failure["traceback"]
    logged = json.dumps(lines, ensure_ascii=False)
    for secret in ("46701740605", "0701740605", "ramlat", "Anna", "[parameters:"):
        assert secret not in logged, secret
