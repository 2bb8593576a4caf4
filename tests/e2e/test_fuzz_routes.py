"""Malformed requests thrown at every route the app publishes: never a 5xx,
nothing stored for a refused request, a valid message still works afterwards,
and no personal data in clear in the log.

Routes come from the app's own OpenAPI schema, so a route added later is
fuzzed too. Webhook requests are mostly near-misses of real ones (a valid
Telegram update or a correctly signed Twilio form with a few fields changed),
which get past the secret and signature checks to the code that reads them.
The `ci` profile is derandomized and bounded to keep this near a minute.
"""

from __future__ import annotations

import copy
import io
import json
import logging
import re
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

import httpx
import pytest
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from bot.core.config import load_config
from bot.core.logs import configure_logging, reset_logging
from bot.db.database import Database
from bot.db.models import Address, Message
from bot.events.demo_seed import seed_demo
from bot.web.app import create_app
from bot.web.runtime import build_runtime
from tests.e2e.conftest import PUBLIC_URL, WEBHOOK_SECRET, Service
from tests.fakes.telegram_api import callback_update, photo_update, text_update
from tests.fakes.twilio_api import DEFAULT_AUTH_TOKEN, inbound_form, sign, status_form

ANNA = "+46701740605"
CANARY = "Kanariefågeln sjunger i köket"
PERSONAL = (ANNA, ANNA[1:], "0701740605", "070-174 06 05", "Lindqvist", CANARY)

settings.register_profile(
    "fuzz-ci",
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)
FUZZ = settings.get_profile("fuzz-ci")
WEBHOOK_EXAMPLES = 500
SIMULATOR_EXAMPLES = 250


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    body: bytes
    headers: dict[str, str]


# ------------------------------------------------------------------ values

HOSTILE_TEXT = st.sampled_from(
    ["\ud800", "a\udfffb", "\x00", "9" * 70, "+2AA-", "1e400", "", " ", "é" * 5000, "%ED%A0%80"]
)
TEXT = st.one_of(st.text(max_size=30), HOSTILE_TEXT)
NUMBER = st.one_of(
    st.integers(),
    st.sampled_from([0, -1, 2**31, 2**53, 2**63, 2**64, 10**20, -(2**63) - 1]),
    st.floats(allow_nan=True, allow_infinity=True),
)
SCALAR = st.one_of(st.none(), st.booleans(), NUMBER, TEXT)
JSON_VALUE = st.recursive(
    SCALAR,
    lambda children: st.one_of(
        st.lists(children, max_size=3), st.dictionaries(TEXT, children, max_size=3)
    ),
    max_leaves=8,
)
DEEP_JSON = st.integers(min_value=30, max_value=3000).map(lambda n: "[" * n + "]" * n)
CONTENT_TYPES = st.sampled_from(
    [
        "application/json",
        "application/json; charset=utf-16",
        "application/x-www-form-urlencoded",
        "application/x-www-form-urlencoded; charset=utf-7",
        "multipart/form-data; boundary=fz; charset=utf-7",
        "multipart/form-data; boundary=fz",
        "text/plain",
        "",
    ]
)


def to_json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=True).encode()


def multipart(fields: dict[str, str]) -> bytes:
    parts = [
        f'--fz\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'
        for key, value in fields.items()
    ]
    return ("".join(parts) + "--fz--\r\n").encode("utf-8", "surrogatepass")


# ------------------------------------------------------------------ mutations


def _paths(doc: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if isinstance(doc, dict):
        for key, value in doc.items():
            yield (*prefix, key)
            yield from _paths(value, (*prefix, key))
    elif isinstance(doc, list):
        for index, value in enumerate(doc):
            yield (*prefix, index)
            yield from _paths(value, (*prefix, index))


@st.composite
def mutated(draw: st.DrawFn, bases: list[dict[str, Any]]) -> Any:
    """A real payload with one to three values replaced by anything, or removed."""
    doc = copy.deepcopy(draw(st.sampled_from(bases)))
    for _ in range(draw(st.integers(1, 3))):
        paths = list(_paths(doc))
        if not paths:
            break
        *parent_path, last = draw(st.sampled_from(paths))
        parent = doc
        for step in parent_path:
            parent = parent[step]
        if draw(st.booleans()) and isinstance(parent, dict):
            del parent[last]
        else:
            parent[last] = draw(JSON_VALUE)
    return doc


TELEGRAM_BASES = [
    text_update(5550123, "hej", update_id=1000),
    text_update(5550124, "/start abc", update_id=1001),
    callback_update(5550123, "1", update_id=1002),
    photo_update(5550123, caption="bild", update_id=1003),
]


@st.composite
def telegram_requests(draw: st.DrawFn) -> Request:
    body = draw(
        st.one_of(
            mutated(TELEGRAM_BASES).map(to_json),
            JSON_VALUE.map(to_json),
            DEEP_JSON.map(str.encode),
            st.binary(max_size=200),
        )
    )
    odd_type = draw(st.integers(0, 5)) == 0
    headers = {"Content-Type": draw(CONTENT_TYPES) if odd_type else "application/json"}
    if draw(st.integers(0, 9)):
        headers["X-Telegram-Bot-Api-Secret-Token"] = WEBHOOK_SECRET
    return Request("POST", "/webhooks/telegram", body, headers)


@st.composite
def twilio_requests(draw: st.DrawFn) -> Request:
    path = draw(st.sampled_from(["/webhooks/twilio/sms", "/webhooks/twilio/status"]))
    sid = "SM" + draw(st.text(alphabet="0123456789abcdef", min_size=32, max_size=32))
    base = inbound_form(from_=ANNA, body="bra tack", message_sid=sid)
    if path.endswith("status"):
        base = status_form("SM" + "e" * 32, "delivered")
    form = dict(base)
    for _ in range(draw(st.integers(1, 3))):
        key = draw(st.one_of(st.sampled_from(sorted(form)), st.text(max_size=10)))
        if draw(st.booleans()):
            form.pop(key, None)
        else:
            form[key] = draw(TEXT)
    if draw(st.integers(0, 3)) == 0:
        content_type = draw(CONTENT_TYPES)
        body = multipart(form) if content_type.startswith("multipart") else draw(st.binary())
        headers = {"Content-Type": content_type, "X-Twilio-Signature": "bm90IHNpZ25lZA=="}
        return Request("POST", path, body, headers)
    try:
        signature = sign(DEFAULT_AUTH_TOKEN, f"{PUBLIC_URL}{path}", form)
        body = urlencode(form).encode()
    except UnicodeEncodeError:  # a lone surrogate cannot be signed or sent as UTF-8
        signature, body = "x", urlencode(form, encoding="utf-8", errors="surrogatepass").encode()
    headers = {"Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": signature}
    return Request("POST", path, body, headers)


def path_value(value: Any) -> str:
    return quote(str(value).encode("utf-8", "surrogatepass"), safe="")


@st.composite
def any_route_requests(draw: st.DrawFn, routes: list[tuple[str, str]]) -> Request:
    """Any published route and method, path parameters and body of any kind."""
    method, template = draw(st.sampled_from(routes))
    path = re.sub(
        r"\{[^}]+\}",
        lambda _: path_value(draw(st.one_of(NUMBER, TEXT.filter(bool)))),
        template,
    )
    if draw(st.booleans()):
        path += f"?{path_value(draw(TEXT))}={path_value(draw(SCALAR))}"
    content_type = draw(CONTENT_TYPES)
    if content_type.startswith("application/json"):
        body = draw(st.one_of(JSON_VALUE.map(to_json), DEEP_JSON.map(str.encode)))
    elif content_type.startswith("multipart"):
        body = multipart(draw(st.dictionaries(TEXT, TEXT, max_size=3)))
    else:
        body = draw(st.binary(max_size=200))
    return Request(method, path, body, {"Content-Type": content_type} if content_type else {})


SIMULATOR_BASES = [
    {"role": "senior", "id": 1, "text": "bra"},
    {"role": "volunteer", "id": 1, "text": "ok"},
]


@st.composite
def simulator_requests(draw: st.DrawFn) -> Request:
    body = to_json(draw(mutated(SIMULATOR_BASES)))
    return Request("POST", "/simulator/api/send", body, {"Content-Type": "application/json"})


def published_routes(app: FastAPI) -> list[tuple[str, str]]:
    schema = app.openapi()
    return sorted(
        (method.upper(), path) for path, item in schema["paths"].items() for method in item
    )


# ------------------------------------------------------------------ harness


@pytest.fixture
def captured_log() -> Iterator[io.StringIO]:
    """Everything logged, through our own handler, formatter and masking."""
    configure_logging("DEBUG", "json", library_level="INFO")
    stream = io.StringIO()
    handler = next(h for h in logging.getLogger().handlers if h.get_name() == "hejsan")
    assert isinstance(handler, logging.StreamHandler)
    handler.setStream(stream)
    try:
        yield stream
    finally:
        reset_logging()


async def stored(database: Database) -> tuple[int, int]:
    async with database.reading() as session:
        messages = await session.scalar(select(func.count()).where(Message.direction == "in"))
        addresses = await session.scalar(select(func.count()).select_from(Address))
    return int(messages or 0), int(addresses or 0)


async def send(client: httpx.AsyncClient, database: Database, request: Request) -> None:
    before = await stored(database)
    response = await client.request(
        request.method, request.path, content=request.body, headers=request.headers
    )
    assert response.status_code < 500, (request, response.status_code, response.text[:200])
    if response.status_code >= 400:
        assert await stored(database) == before, (request, response.status_code)


def assert_nothing_personal(log: io.StringIO) -> None:
    text = log.getvalue()
    assert text, "nothing was logged: the capture is broken"
    for secret in PERSONAL:
        assert secret not in text, secret


def examples(strategy: st.SearchStrategy[Request], count: int) -> list[Request]:
    """`count` requests drawn by hypothesis (derandomized: the same every run).
    They are sent afterwards, in the test's own event loop and database."""
    found: list[Request] = []

    @settings(FUZZ, max_examples=count)
    @given(strategy)
    def collect(request: Request) -> None:
        found.append(request)

    collect()
    return found


async def test_webhooks_and_every_route_survive_malformed_requests(
    service: Service, captured_log: io.StringIO
) -> None:
    routes = published_routes(service.app)
    assert ("POST", "/webhooks/telegram") in routes
    requests = examples(
        st.one_of(telegram_requests(), twilio_requests(), any_route_requests(routes)),
        WEBHOOK_EXAMPLES,
    )
    transport = httpx.ASGITransport(app=service.app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://internal:8080") as client:
        for request in requests:
            await send(client, service.db, request)
    before = await stored(service.db)
    response = await service.sms(ANNA, CANARY)
    assert response.status_code == 200
    assert (await stored(service.db))[0] == before[0] + 1
    assert_nothing_personal(captured_log)


@pytest.fixture
async def simulator_app(db_url: str) -> AsyncIterator[tuple[FastAPI, Database]]:
    config = load_config(None, {"HEJSAN_DATABASE_URL": db_url})
    database = Database(db_url)
    runtime = build_runtime(config, database)
    async with database.transaction() as session:
        await seed_demo(session, runtime.shell)
    try:
        yield create_app(config, runtime=runtime), database
    finally:
        await runtime.stop()
        await database.close()


async def test_the_simulator_and_every_route_survive_malformed_requests(
    simulator_app: tuple[FastAPI, Database], captured_log: io.StringIO
) -> None:
    app, database = simulator_app
    routes = published_routes(app)
    assert ("POST", "/simulator/api/send") in routes
    requests = examples(
        st.one_of(simulator_requests(), any_route_requests(routes)), SIMULATOR_EXAMPLES
    )
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        for request in requests:
            await send(client, database, request)
        before = await stored(database)
        response = await client.post(
            "/simulator/api/send", json={"role": "senior", "id": 1, "text": CANARY}
        )
    assert response.status_code == 200, response.text
    assert (await stored(database))[0] == before[0] + 1
    assert_nothing_personal(captured_log)
