"""Twilio SMS adapter: webhook forms in, Messages API out.

Pure half: `parse_inbound`, `parse_status`, `verify_signature`,
`public_request_url`. I/O half: `TwilioSmsAdapter.send`, built on twilio's
`AsyncTwilioHttpClient` and `messages.create_async`.

twilio has no base-URL setting (ApiBase hard-codes https://api.twilio.com),
so `_RebasedHttpClient` rewrites every request URL onto `api_base_url`; tests
point it at a fake Twilio server.
"""

from __future__ import annotations

import base64
import contextvars
import datetime as dtm
import email.utils
import logging
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Final, Protocol
from urllib.parse import SplitResult, urlsplit, urlunsplit

import aiohttp
from twilio.base.exceptions import TwilioException, TwilioRestException, TwilioServiceException
from twilio.http.async_http_client import AsyncTwilioHttpClient
from twilio.http.response import Response as TwilioResponse
from twilio.request_validator import RequestValidator
from twilio.rest import Client
from twilio.twiml.messaging_response import MessagingResponse

from bot.channels.types import (
    Channel,
    InboundMessage,
    MalformedPayload,
    OutgoingMessage,
    PermanentDeliveryError,
    RetryableDeliveryError,
    SendResult,
    StatusUpdate,
)
from bot.core.clock import system_clock
from bot.core.phone import InvalidPhoneNumber, mask_phone, normalize_phone

__all__ = [
    "EMPTY_TWIML",
    "PERMANENT_ERROR_CODES",
    "TWILIO_API_BASE_URL",
    "MalformedWebhook",
    "TwilioSmsAdapter",
    "parse_inbound",
    "parse_status",
    "public_request_url",
    "verify_signature",
]

logger = logging.getLogger(__name__)

TWILIO_API_BASE_URL: Final = "https://api.twilio.com"

#: What we answer to an inbound-SMS webhook: "received, no reply here"
#: (replies go out through the outbox). This is exactly what
#: `str(MessagingResponse())` renders — note the space in `<Response />`.
EMPTY_TWIML: Final[str] = str(MessagingResponse())

#: Twilio error codes that mean "this number will never take our SMS".
PERMANENT_ERROR_CODES: Final = frozenset(
    {
        21211,  # invalid 'To' phone number
        21408,  # permission to send to this region is not enabled
        21610,  # recipient replied STOP (unsubscribed until START)
        21612,  # the 'To' number is not reachable from our 'From'
        21614,  # 'To' is not a mobile number
    }
)

_DEFAULT_TIMEOUT_SECONDS: Final = 15.0
_SID_RE: Final = re.compile(r"[A-Z]{2}[0-9a-fA-F]{32}")
_STATUS_RE: Final = re.compile(r"[a-z_]{1,32}")
_ERROR_CODE_RE: Final = re.compile(r"[0-9]{1,8}")


class MalformedWebhook(MalformedPayload):
    """The form is not what Twilio sends (answer 400)."""


# --------------------------------------------------------------------------- pure


def _required(form: Mapping[str, str], *names: str) -> str:
    for name in names:
        value = form.get(name)
        if value:
            return value
    raise MalformedWebhook(f"{names[0]} missing")


def _message_sid(form: Mapping[str, str]) -> str:
    sid = _required(form, "MessageSid", "SmsSid")
    if _SID_RE.fullmatch(sid) is None:
        raise MalformedWebhook("MessageSid is not a Twilio message SID")
    return sid


def parse_inbound(form: Mapping[str, str], received_at: dtm.datetime) -> InboundMessage:
    """An inbound-SMS webhook form as an InboundMessage.

    `From` is normalised to E.164, `Body` may be empty (an MMS with only a
    picture still deserves an answer), `provider_message_id` is "tw:<sid>".
    """
    sid = _message_sid(form)
    raw_from = _required(form, "From")
    try:
        address = normalize_phone(raw_from)
    except InvalidPhoneNumber as exc:
        raise MalformedWebhook("From is not a phone number") from exc
    return InboundMessage(
        channel=Channel.SMS,
        address=address,
        text=form.get("Body") or "",
        provider_message_id=f"tw:{sid}",
        received_at=received_at,
    )


def parse_status(form: Mapping[str, str]) -> StatusUpdate:
    """A delivery-status callback form: which message (raw SID, as `send`
    returned it), its new status ("sent", "delivered", "undelivered"…), and
    Twilio's error code ("30003"…) if any. Callbacks can repeat: dedupe on
    (provider_message_id, status)."""
    sid = _message_sid(form)
    status = _required(form, "MessageStatus", "SmsStatus")
    if _STATUS_RE.fullmatch(status) is None:
        raise MalformedWebhook("MessageStatus is not a Twilio status")
    error_code = form.get("ErrorCode") or None
    if error_code is not None and _ERROR_CODE_RE.fullmatch(error_code) is None:
        raise MalformedWebhook("ErrorCode is not a number")
    return StatusUpdate(provider_message_id=sid, status=status, error_code=error_code)


def public_request_url(public_url: str, path: str, query: str = "") -> str:
    """The URL Twilio signed: our configured public URL + the request's path
    and query. Behind a TLS-terminating proxy the app sees http://internal…,
    but Twilio signed https://public…, so never use the URL the app sees."""
    base = urlsplit(public_url)
    full_path = base.path.rstrip("/") + "/" + path.lstrip("/")
    return urlunsplit((base.scheme, base.netloc, full_path, query, ""))


class _GetList(Protocol):
    def getlist(self, key: Any) -> list[Any]: ...


class _MultiDict:
    """What RequestValidator needs for repeated fields: iteration and getlist()."""

    def __init__(self, pairs: Iterable[tuple[str, str]]) -> None:
        self._values: dict[str, list[str]] = {}
        for key, value in pairs:
            self._values.setdefault(key, []).append(value)

    def __iter__(self) -> Any:
        return iter(self._values)

    def getlist(self, key: str) -> list[str]:
        return self._values[key]


def _pairs(params: Any) -> list[tuple[str, str]]:
    if hasattr(params, "multi_items"):  # Starlette FormData / QueryParams
        return [(str(k), str(v)) for k, v in params.multi_items()]
    if hasattr(params, "getlist"):  # Django QueryDict, werkzeug MultiDict
        return [(str(k), str(v)) for k in params for v in params.getlist(k)]
    if isinstance(params, Mapping):
        return [(str(k), str(v)) for k, v in params.items()]
    return [(str(k), str(v)) for k, v in params]


def verify_signature(
    auth_token: str,
    public_url_for_request: str,
    params: Mapping[str, str] | Iterable[tuple[str, str]] | _GetList,
    signature: str | None,
) -> bool:
    """True when `X-Twilio-Signature` matches the request.

    `public_url_for_request` must be the URL Twilio called (see
    `public_request_url`). `params` is the POST form: a Starlette FormData,
    a list of (name, value) pairs or a plain dict; repeated fields are kept
    (a plain dict would silently drop them and fail validation).
    """
    if not signature or not auth_token:
        return False
    validator = RequestValidator(auth_token)
    return bool(validator.validate(public_url_for_request, _MultiDict(_pairs(params)), signature))


# ------------------------------------------------------------------------ adapter

# The last HTTP response seen in this task. TwilioRestException drops the
# response headers, but a 429's Retry-After is worth honouring. A ContextVar
# set inside the awaited request is visible to `send` in the same task, and
# concurrent sends in other tasks do not see each other's responses.
_last_response: contextvars.ContextVar[TwilioResponse | None] = contextvars.ContextVar(
    "hejsan_twilio_last_response", default=None
)


def _parse_base_url(api_base_url: str) -> SplitResult:
    base = urlsplit(api_base_url)
    if base.scheme not in ("http", "https") or not base.netloc:
        raise ValueError(f"api_base_url is not an http(s) URL: {api_base_url!r}")
    return base


class _RebasedHttpClient(AsyncTwilioHttpClient):  # type: ignore[misc]  # twilio is untyped
    """AsyncTwilioHttpClient that sends to `api_base_url` instead of *.twilio.com.

    Two more fixes to the stock client: it passes only the per-request timeout
    to aiohttp, which twilio leaves at None (no timeout at all), so the
    client-wide timeout is applied here; and it uses `aiohttp.BasicAuth`,
    deprecated since aiohttp 3.14, so the Authorization header is built here.
    """

    def __init__(self, api_base_url: str, timeout: float) -> None:
        super().__init__(timeout=timeout)  # opens an aiohttp session: needs a running loop
        self._base = _parse_base_url(api_base_url)

    def rebase(self, url: str) -> str:
        parts = urlsplit(url)
        path = self._base.path.rstrip("/") + parts.path
        return urlunsplit((self._base.scheme, self._base.netloc, path, parts.query, ""))

    async def request(
        self,
        method: str,
        url: str,
        params: dict[str, object] | None = None,
        data: dict[str, object] | None = None,
        headers: dict[str, str] | None = None,
        auth: tuple[str, str] | None = None,
        timeout: float | None = None,  # noqa: ASYNC109 - twilio's HttpClient signature
        allow_redirects: bool = False,
    ) -> TwilioResponse:
        headers = dict(headers or {})
        if auth is not None:
            credentials = base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode("ascii")
            headers["Authorization"] = f"Basic {credentials}"
        response: TwilioResponse = await super().request(
            method,
            self.rebase(url),
            params=params,
            data=data,
            headers=headers,
            auth=None,
            timeout=timeout if timeout is not None else self.timeout,
            allow_redirects=allow_redirects,
        )
        _last_response.set(response)
        return response


def _retry_after_header(response: TwilioResponse | None, now: dtm.datetime) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or an HTTP date)."""
    headers = getattr(response, "headers", None)
    value = headers.get("Retry-After") if headers is not None else None
    if not value:
        return None
    value = str(value).strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dtm.UTC)
    return max(0.0, (when - now).total_seconds())


class TwilioSmsAdapter:
    """Sends SMS through Twilio's Messages API.

    Give exactly one sender: `from_number` (E.164) or `messaging_service_sid`
    (preferred: it handles STOP/START and number pools). `status_callback_url`
    is where Twilio posts delivery updates. The HTTP session is opened on the
    first send (aiohttp needs a running loop); `close()` it in the lifespan.
    """

    channel = Channel.SMS

    def __init__(
        self,
        account_sid: str,
        auth_token: str,
        from_number: str | None = None,
        messaging_service_sid: str | None = None,
        status_callback_url: str | None = None,
        api_base_url: str = TWILIO_API_BASE_URL,
        timeout: float = _DEFAULT_TIMEOUT_SECONDS,
        clock: Callable[[], dtm.datetime] = system_clock,
    ) -> None:
        self._clock = clock
        if not account_sid or not auth_token:
            raise ValueError("Twilio account SID and auth token are required")
        if bool(from_number) == bool(messaging_service_sid):
            raise ValueError("give exactly one of from_number and messaging_service_sid")
        self._account_sid = account_sid
        self._auth_token = auth_token
        self._from_number = from_number
        self._messaging_service_sid = messaging_service_sid
        self._status_callback_url = status_callback_url
        self._api_base_url = api_base_url
        self._timeout = timeout
        _parse_base_url(api_base_url)  # fail at start-up, not at the first send
        self._http: _RebasedHttpClient | None = None
        self._client: Client | None = None

    def _twilio(self) -> Client:
        if self._client is None:
            self._http = _RebasedHttpClient(self._api_base_url, self._timeout)
            self._client = Client(
                self._account_sid,
                self._auth_token,
                http_client=self._http,
                # A non-empty mapping so twilio reads no TWILIO_* variables
                # (TWILIO_EDGE/REGION would change the host): config is ours.
                environment={"HEJSAN": "twilio settings come from hejsan's config"},
            )
        return self._client

    async def close(self) -> None:
        """Close the HTTP session. Safe to call more than once, or never opened."""
        if self._http is not None:
            await self._http.close()
        self._http = None
        self._client = None

    async def __aenter__(self) -> TwilioSmsAdapter:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    async def send(self, message: OutgoingMessage) -> SendResult:
        """Create one Message; returns its SID and the status from the API
        ("queued"/"accepted": Twilio sends no callback for those)."""
        if message.channel != Channel.SMS:
            raise ValueError(f"TwilioSmsAdapter cannot send {message.channel} messages")
        client = self._twilio()
        masked = mask_phone(message.address)
        _last_response.set(None)
        kwargs: dict[str, Any] = {"to": message.address, "body": message.text}
        if self._messaging_service_sid:
            kwargs["messaging_service_sid"] = self._messaging_service_sid
        else:
            kwargs["from_"] = self._from_number
        if self._status_callback_url:
            kwargs["status_callback"] = self._status_callback_url
        try:
            created = await client.messages.create_async(**kwargs)
        except TwilioRestException as exc:
            raise self._rest_error(exc.status, exc.code, exc.msg) from exc
        except TwilioServiceException as exc:
            raise self._rest_error(exc.status, exc.code, exc.detail or exc.title) from exc
        except TimeoutError as exc:  # also aiohttp.ServerTimeoutError
            # Twilio may have queued it anyway; a retry can then send it twice.
            raise RetryableDeliveryError("Twilio did not answer in time", code="timeout") from exc
        except aiohttp.ClientError as exc:
            raise RetryableDeliveryError(
                f"could not reach Twilio: {type(exc).__name__}", code="network"
            ) from exc
        except TwilioException as exc:
            raise RetryableDeliveryError(str(exc), code="twilio_error") from exc

        sid = str(created.sid or "")
        status = str(created.status or "queued")
        if not sid:
            raise RetryableDeliveryError("Twilio answered without a message SID", code="no_sid")
        logger.info("twilio message %s to %s: %s", sid, masked, status)
        return SendResult(provider_message_id=sid, status=status)

    async def find_sent(
        self, to: str, body: str, since: dtm.datetime, *, slack_seconds: float = 10.0
    ) -> SendResult | None:
        """The message Twilio accepted for `to` with this `body` at or after
        `since` (less some clock slack), or None. After a crash in the middle
        of a request this tells "accepted, record it" from "never arrived,
        send again". Twilio lists newest first, filtered by recipient and
        sender; the time window and body are matched here (Twilio's date
        filter has day precision and skips messages not yet sent on)."""
        client = self._twilio()
        kwargs: dict[str, Any] = {"to": to, "limit": 50, "page_size": 50}
        if self._from_number:
            kwargs["from_"] = self._from_number
        try:
            listed = await client.messages.list_async(**kwargs)
        except TwilioRestException as exc:
            raise self._rest_error(exc.status, exc.code, exc.msg) from exc
        except (TimeoutError, aiohttp.ClientError, TwilioException) as exc:
            raise RetryableDeliveryError(
                f"could not list Twilio messages: {type(exc).__name__}", code="network"
            ) from exc
        earliest = since - dtm.timedelta(seconds=slack_seconds)
        for record in listed:
            created = record.date_created
            if record.body == body and created is not None and created >= earliest:
                return SendResult(str(record.sid), str(record.status or "queued"))
        return None

    def _rest_error(
        self, status: int, code: int | None, msg: str
    ) -> PermanentDeliveryError | RetryableDeliveryError:
        code_text = str(code) if code is not None else str(status)
        if code in PERMANENT_ERROR_CODES:
            return PermanentDeliveryError(msg, code=code_text)
        if status == 429 or status >= 500:
            retry_after = _retry_after_header(_last_response.get(), self._clock())
            return RetryableDeliveryError(msg, code=code_text, retry_after=retry_after)
        if status in (401, 403) and code in (20003, None):
            # Our credentials are wrong, not the recipient: keep the message.
            logger.error("twilio rejected our credentials (HTTP %s)", status)
            return RetryableDeliveryError(msg, code=code_text)
        return PermanentDeliveryError(msg, code=code_text)
