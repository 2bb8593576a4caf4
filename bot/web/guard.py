"""The outer edge of the app: refuse malformed requests, never show a traceback.

Two pieces of ASGI middleware and one exception handler, installed by
`install_guard`:

- `RequestGuard` refuses a body in another charset than UTF-8 (a form in
  UTF-7 decodes to lone surrogates) and checks every JSON body (depth, valid
  Unicode, size) before a route parses it: 4xx with a short reason.
- `CatchAll` answers 500 for our own bugs and logs them through our masking
  logger: no request body, no SQL parameters, phone numbers masked. It does
  not re-raise, so uvicorn never prints its own unmasked traceback.
- FastAPI's 422 keeps its documented shape but no longer echoes the input
  back (which leaked it, and failed with a 500 on a lone surrogate).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any, Final

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bot.channels.payload_checks import load_json
from bot.channels.types import MalformedPayload
from bot.core.logs import log_failure, scrub

log = logging.getLogger("hejsan.web")

MAX_JSON_BYTES: Final = 1024 * 1024
_UTF8_NAMES: Final = frozenset({"utf-8", "utf8", "us-ascii", "ascii"})


def _reply(status: int, reason: str) -> tuple[Message, Message]:
    body = json.dumps({"error": reason}).encode()
    start: Message = {
        "type": "http.response.start",
        "status": status,
        "headers": [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
        ],
    }
    return start, {"type": "http.response.body", "body": body}


async def _send_reply(send: Send, status: int, reason: str) -> None:
    for message in _reply(status, reason):
        await send(message)


def _content_type(scope: Scope) -> tuple[str, dict[str, str]]:
    """The media type and its parameters, lower-cased; ('', {}) when absent."""
    for name, value in scope.get("headers", ()):
        if name == b"content-type":
            text = value.decode("latin-1")
            media, *params = (part.strip() for part in text.split(";"))
            options = {}
            for param in params:
                key, _, raw = param.partition("=")
                options[key.strip().lower()] = raw.strip().strip('"').lower()
            return media.lower(), options
    return "", {}


def _is_json(media_type: str) -> bool:
    return media_type == "application/json" or media_type.endswith("+json")


async def _read_body(receive: Receive, limit: int) -> bytes | None:
    """The whole body, or None when it is longer than `limit`."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> MutableMapping[str, Any]:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


class RequestGuard:
    """Refuse bodies in other charsets than UTF-8 and JSON that would hurt a route."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        media_type, params = _content_type(scope)
        charset = params.get("charset")
        if charset is not None and charset not in _UTF8_NAMES:
            await _send_reply(send, 415, "charset must be utf-8")
            return
        if not _is_json(media_type):
            await self.app(scope, receive, send)
            return
        body = await _read_body(receive, MAX_JSON_BYTES)
        if body is None:
            await _send_reply(send, 413, "request too large")
            return
        if body:
            try:
                load_json(body)
            except MalformedPayload as exc:
                await _send_reply(send, 400, str(exc))
                return
        await self.app(scope, _replay(body, receive), send)


class CatchAll:
    """Our own bugs: a masked log line with the traceback, and a plain 500."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception as exc:  # the last line of defence: log it, answer 500
            route = scope.get("route")
            path = getattr(route, "path", None) or scrub(str(scope.get("path", "")))
            log_failure(log, "request.failed", exc, method=scope.get("method"), path=path)
            if not started:
                await _send_reply(send, 500, "internal error")


def _field(location: Any) -> str:
    parts = [str(part) for part in location if part not in ("body", "query", "path")]
    return ".".join(parts)[:60] or "request"


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    """422 as the OpenAPI schema documents it, naming each bad field and the
    rule, but never echoing the value sent (FastAPI's default does, and fails
    with a 500 when that value holds a lone surrogate)."""
    errors = exc.errors() if isinstance(exc, RequestValidationError) else []
    detail = [
        {"loc": [str(p) for p in e.get("loc", ())], "msg": e.get("msg", ""), "type": e.get("type")}
        for e in errors[:10]
    ]
    first = detail[0] if detail else {"loc": [], "msg": "invalid"}
    reason = f"{_field(first['loc'])}: {first['msg']}"[:200]
    return JSONResponse({"error": reason, "detail": detail}, status_code=422)


def install_guard(app: FastAPI) -> None:
    """Add the guard to `app` (CatchAll outermost, so it sees every failure)."""
    handler: Callable[[Request, Exception], Awaitable[JSONResponse]] = _validation_error
    app.add_exception_handler(RequestValidationError, handler)
    app.add_middleware(RequestGuard)
    app.add_middleware(CatchAll)
