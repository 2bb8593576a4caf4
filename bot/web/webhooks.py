"""Provider webhooks: verify, parse, hand to the inbound path, answer.

Each request is handled inside the request in our own transaction, and the
provider gets its 2xx only after the commit (Telegram and Twilio retry
non-2xx), so a message is never acknowledged and then lost. Business rules
live in bot.turns.inbound, not here.
"""

from __future__ import annotations

import logging

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse

from bot.channels.payload_checks import check_form, load_json
from bot.channels.telegram import parse_update, verify_secret_token
from bot.channels.twilio_sms import (
    EMPTY_TWIML,
    parse_inbound,
    parse_status,
    public_request_url,
    verify_signature,
)
from bot.channels.types import Channel, MalformedPayload
from bot.core.logs import log_event
from bot.db.outbox import record_status
from bot.turns.inbound import receive
from bot.web.runtime import Runtime

log = logging.getLogger("hejsan.webhooks")
router = APIRouter(prefix="/webhooks", tags=["webhooks"], include_in_schema=True)

MAX_BODY_BYTES = 256 * 1024


def _runtime(request: Request) -> Runtime:
    runtime: Runtime = request.app.state.runtime
    return runtime


def _error(status: int, reason: str) -> JSONResponse:
    return JSONResponse({"error": reason}, status_code=status)


async def _body_or_error(request: Request) -> bytes | JSONResponse:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        return _error(413, "request too large")
    body = await request.body()
    if len(body) > MAX_BODY_BYTES:
        return _error(413, "request too large")
    return body


@router.post("/telegram")
async def telegram_webhook(request: Request) -> Response:
    """Telegram updates; the secret token header must match the configured one."""
    runtime = _runtime(request)
    config = runtime.config.telegram
    if not config.enabled or runtime.telegram is None:
        return _error(404, "telegram is not configured")
    header = request.headers.get("X-Telegram-Bot-Api-Secret-Token")
    if not verify_secret_token(header, config.webhook_secret):
        log_event(log, "telegram.forged_or_missing_secret", logging.WARNING)
        return _error(403, "bad secret token")
    body = await _body_or_error(request)
    if isinstance(body, Response):
        return body
    try:
        data = load_json(body)
        if not isinstance(data, dict):
            return _error(400, "update must be a JSON object")
        inbound = parse_update(data, runtime.shell.now())
    except MalformedPayload as exc:
        return _error(400, str(exc))
    if inbound is None:
        return Response(status_code=200)
    await receive(runtime.database, runtime.shell, inbound)
    if inbound.callback_query_id:
        await runtime.telegram.answer_callback(inbound.callback_query_id)
    return Response(status_code=200)


async def _signed_form(request: Request, runtime: Runtime) -> list[tuple[str, str]] | Response:
    """The form, if Twilio's signature over our public URL matches."""
    body = await _body_or_error(request)
    if isinstance(body, Response):
        return body
    form = await request.form()
    pairs = [(key, value) for key, value in form.multi_items() if isinstance(value, str)]
    try:
        check_form(pairs)
    except MalformedPayload as exc:
        return _error(400, str(exc))
    url = public_request_url(runtime.config.service.public_url, request.url.path, request.url.query)
    signature = request.headers.get("X-Twilio-Signature")
    if not verify_signature(runtime.config.twilio.auth_token, url, pairs, signature):
        log_event(log, "twilio.forged_or_missing_signature", logging.WARNING)
        return _error(403, "bad signature")
    return pairs


@router.post("/twilio/sms")
async def twilio_sms(request: Request) -> Response:
    """Inbound SMS. Replies go out through the outbox, so the TwiML is empty."""
    runtime = _runtime(request)
    if not runtime.config.twilio.enabled:
        return _error(404, "twilio is not configured")
    pairs = await _signed_form(request, runtime)
    if isinstance(pairs, Response):
        return pairs
    try:
        inbound = parse_inbound(dict(pairs), runtime.shell.now())
    except MalformedPayload as exc:
        return _error(400, str(exc))
    await receive(runtime.database, runtime.shell, inbound)
    return Response(EMPTY_TWIML, media_type="application/xml")


@router.post("/twilio/status")
async def twilio_status(request: Request) -> Response:
    """Delivery status callbacks: update the message; repeats change nothing."""
    runtime = _runtime(request)
    if not runtime.config.twilio.enabled:
        return _error(404, "twilio is not configured")
    pairs = await _signed_form(request, runtime)
    if isinstance(pairs, Response):
        return pairs
    try:
        update = parse_status(dict(pairs))
    except MalformedPayload as exc:
        return _error(400, str(exc))
    known = await record_status(
        runtime.database,
        Channel.SMS.value,
        update.provider_message_id,
        update.status,
        update.error_code,
        runtime.shell.now(),
    )
    if not known:
        log_event(log, "twilio.status_for_unknown_message", logging.INFO, status=update.status)
    return Response(EMPTY_TWIML, media_type="application/xml")
