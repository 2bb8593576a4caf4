"""The app's outer edge: a hostile body gets a short 4xx and reaches no route,
our own bug gets a plain 500 and a masked log line, a 422 never echoes input.

Most tests put the guard in front of a two-route app, so what reached a route
is visible; the last one shows the real app is guarded the same way.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI, Request
from pydantic import BaseModel
from sqlalchemy import func, select

from bot.core.config import load_config
from bot.core.logs import configure_logging, reset_logging
from bot.db.database import Database
from bot.db.models import Message
from bot.events.demo_seed import seed_demo
from bot.web.app import create_app
from bot.web.guard import MAX_JSON_BYTES, install_guard
from bot.web.runtime import build_runtime


class Note(BaseModel):
    senior_id: int
    text: str


class Guarded:
    """A guarded app whose routes keep what reached them."""

    def __init__(self) -> None:
        self.stored: list[Any] = []
        self.app = FastAPI()
        install_guard(self.app)
        self.app.add_api_route("/notes", self.add_note, methods=["POST"])
        self.app.add_api_route("/raw", self.raw, methods=["POST"])
        self.app.add_api_route("/people/{phone}", self.broken, methods=["GET"])

    async def add_note(self, note: Note) -> dict[str, str]:
        self.stored.append(note)
        return {"status": "ok"}

    async def raw(self, request: Request) -> dict[str, int]:
        self.stored.append(await request.body())
        return {"bytes": len(self.stored[-1])}

    async def broken(self, phone: str) -> None:
        raise RuntimeError(f"no senior with number {phone}")


@pytest.fixture
async def guarded() -> AsyncIterator[tuple[Guarded, httpx.AsyncClient]]:
    made = Guarded()
    transport = httpx.ASGITransport(app=made.app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        yield made, client


def json_headers(content_type: str = "application/json") -> dict[str, str]:
    return {"Content-Type": content_type}


@pytest.mark.parametrize("charset", ["utf-16", "utf-7", "iso-8859-1"])
async def test_a_body_in_another_charset_is_refused_before_any_route(
    guarded: tuple[Guarded, httpx.AsyncClient], charset: str
) -> None:
    made, client = guarded
    response = await client.post(
        "/raw",
        content="senior_id=1&text=hej".encode(charset),
        headers={"Content-Type": f"application/x-www-form-urlencoded; charset={charset}"},
    )
    assert response.status_code == 415
    assert response.json() == {"error": "charset must be utf-8"}
    assert made.stored == []


@pytest.mark.parametrize(
    "content_type",
    ["application/json; charset=UTF-8", 'application/json; charset="utf-8"', "text/plain"],
)
async def test_utf8_however_it_is_written_is_let_through(
    guarded: tuple[Guarded, httpx.AsyncClient], content_type: str
) -> None:
    made, client = guarded
    body = json.dumps({"senior_id": 1, "text": "Vi ses på soppluncen 🍲"}).encode()
    response = await client.post("/raw", content=body, headers=json_headers(content_type))
    assert response.status_code == 200
    assert made.stored == [body]


async def test_json_just_deeper_than_any_telegram_update_is_refused(
    guarded: tuple[Guarded, httpx.AsyncClient],
) -> None:
    made, client = guarded
    deep_enough = b"[" * 32 + b"]" * 32
    too_deep = b"[" * 33 + b"]" * 33
    assert (await client.post("/raw", content=deep_enough, headers=json_headers())).status_code == (
        200
    )
    response = await client.post("/raw", content=too_deep, headers=json_headers())
    assert response.status_code == 400
    assert response.json() == {"error": "JSON nested too deep"}
    assert made.stored == [deep_enough]


@pytest.mark.parametrize("content_type", ["application/json", "application/vnd.api+json"])
async def test_broken_json_is_refused_with_a_short_reason(
    guarded: tuple[Guarded, httpx.AsyncClient], content_type: str
) -> None:
    made, client = guarded
    for body in (b'{"senior_id": 1,', b'{"text": "hej \\ud800"}', b"\xff\xfe{}"):
        response = await client.post("/raw", content=body, headers=json_headers(content_type))
        assert response.status_code == 400, body
        assert len(response.text) < 100
    assert made.stored == []


async def test_a_json_body_over_a_mebibyte_is_refused_and_one_at_the_limit_is_not(
    guarded: tuple[Guarded, httpx.AsyncClient],
) -> None:
    made, client = guarded
    text = "a" * (MAX_JSON_BYTES - len('{"senior_id":1,"text":""}'))
    at_limit = json.dumps({"senior_id": 1, "text": text}, separators=(",", ":")).encode()
    assert len(at_limit) == MAX_JSON_BYTES
    assert (await client.post("/raw", content=at_limit, headers=json_headers())).status_code == 200
    over = await client.post("/raw", content=at_limit + b" ", headers=json_headers())
    assert over.status_code == 413
    assert over.json() == {"error": "request too large"}
    assert len(made.stored) == 1


async def test_a_wrong_field_names_the_field_but_never_echoes_what_was_sent(
    guarded: tuple[Guarded, httpx.AsyncClient],
) -> None:
    made, client = guarded
    response = await client.post(
        "/notes", json={"senior_id": "Anna +46701740605", "text": "hemligt"}
    )
    assert response.status_code == 422
    body = response.json()
    assert body["error"].startswith("senior_id: ")
    assert body["detail"][0]["loc"] == ["body", "senior_id"]
    assert "46701740605" not in response.text
    assert "hemligt" not in response.text
    assert made.stored == []


async def test_a_missing_body_is_a_422_about_the_request(
    guarded: tuple[Guarded, httpx.AsyncClient],
) -> None:
    made, client = guarded
    response = await client.post("/notes", headers=json_headers())
    assert response.status_code == 422
    assert response.json()["error"].startswith("request: ")
    assert made.stored == []


async def test_our_own_bug_is_a_plain_500_and_the_log_names_the_route_not_the_number(
    guarded: tuple[Guarded, httpx.AsyncClient], capsys: pytest.CaptureFixture[str]
) -> None:
    _, client = guarded
    configure_logging("INFO", "json")
    try:
        response = await client.get("/people/+46701740605")
    finally:
        reset_logging()
    assert response.status_code == 500
    assert response.json() == {"error": "internal error"}
    lines = [json.loads(line) for line in capsys.readouterr().err.splitlines()]
    failure = next(line for line in lines if line["event"] == "request.failed")
    assert failure["path"] == "/people/{phone}"
    assert failure["method"] == "GET"
    assert "RuntimeError" in failure["traceback"]
    assert "46701740605" not in json.dumps(lines)


async def test_the_real_app_refuses_a_utf16_message_and_stores_nothing(db_url: str) -> None:
    config = load_config(None, {"HEJSAN_DATABASE_URL": db_url})
    database = Database(db_url)
    runtime = build_runtime(config, database)
    async with database.transaction() as session:
        await seed_demo(session, runtime.shell)
    app = create_app(config, runtime=runtime)
    body = json.dumps({"role": "senior", "id": 1, "text": "bra"})
    try:
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://t"
        ) as client:
            refused = await client.post(
                "/simulator/api/send",
                content=body.encode("utf-16"),
                headers=json_headers("application/json; charset=utf-16"),
            )
            accepted = await client.post(
                "/simulator/api/send", content=body.encode(), headers=json_headers()
            )
        async with database.reading() as session:
            inbound = await session.scalar(select(func.count()).where(Message.direction == "in"))
    finally:
        await runtime.stop()
        await database.close()
    assert refused.status_code == 415
    assert accepted.status_code == 200, accepted.text
    assert inbound == 1
