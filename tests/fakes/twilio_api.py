"""A fake Twilio REST API (Messages only) and signed-webhook helpers for tests.

    fake.fail_next(TwilioApiError.unsubscribed())            # next create: 21610
    fake.fail_next(TwilioApiError.too_many_requests(7), times=2)
    fake.fail_to("+46701234567", TwilioApiError.invalid_to())
    form, signature = signed_webhook(AUTH_TOKEN, url, inbound_form("+4670…", "Bra"))

Real HTTP on 127.0.0.1: point `TwilioSmsAdapter(api_base_url=fake.url)` at it.
"""

from __future__ import annotations

import base64
import email.utils
import hmac
import itertools
import secrets
import threading
import time
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from twilio.request_validator import RequestValidator

from tests.fakes._server import FakeHttpServer, RawRequest, RawResponse

DEFAULT_ACCOUNT_SID = "AC" + "0123456789abcdef" * 2
DEFAULT_AUTH_TOKEN = "f4k3auth70k3nf0r7e575on1y0000000"
DEFAULT_FROM = "+46766860000"
DEFAULT_MESSAGING_SERVICE_SID = "MG" + "fedcba9876543210" * 2

_counter = itertools.count(1)


def new_sid(prefix: str = "SM") -> str:
    """A fresh, real-shaped SID: two letters and 32 hex digits."""
    return f"{prefix}{next(_counter):08x}{secrets.token_hex(12)}"


# ----------------------------------------------------------------- scripted errors


@dataclass(frozen=True)
class TwilioApiError:
    """An error answer as Twilio's REST API sends it (legacy JSON shape)."""

    status: int
    code: int
    message: str
    retry_after: str | None = None  # Retry-After header value, if any

    def payload(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "message": self.message,
            "more_info": f"https://www.twilio.com/docs/errors/{self.code}",
            "status": self.status,
        }

    @classmethod
    def unsubscribed(cls) -> TwilioApiError:
        return cls(400, 21610, "Attempt to send to unsubscribed recipient")

    @classmethod
    def invalid_to(cls, number: str = "+4612") -> TwilioApiError:
        return cls(400, 21211, f"The 'To' number {number} is not a valid phone number.")

    @classmethod
    def not_mobile(cls) -> TwilioApiError:
        return cls(400, 21614, "'To' number is not a valid mobile number")

    @classmethod
    def too_many_requests(cls, retry_after: int | None = None) -> TwilioApiError:
        header = None if retry_after is None else str(retry_after)
        return cls(429, 20429, "Too Many Requests", header)

    @classmethod
    def server_error(cls, status: int = 500) -> TwilioApiError:
        return cls(status, 20500, "Internal Server Error")


# ------------------------------------------------------------------ what was called


@dataclass(frozen=True)
class TwilioCall:
    """One request to the fake."""

    method: str
    path: str
    account_sid: str  # from the URL
    authorized: bool  # basic auth matched the account
    form: tuple[tuple[str, str], ...]
    at: float = field(default_factory=time.monotonic)  # arrival, for rate measurements

    def get(self, name: str) -> str | None:
        for key, value in self.form:
            if key == name:
                return value
        return None

    @property
    def to(self) -> str | None:
        return self.get("To")

    @property
    def from_(self) -> str | None:
        return self.get("From")

    @property
    def body(self) -> str | None:
        return self.get("Body")

    @property
    def messaging_service_sid(self) -> str | None:
        return self.get("MessagingServiceSid")

    @property
    def status_callback(self) -> str | None:
        return self.get("StatusCallback")


# -------------------------------------------------------------------------- server


class FakeTwilioApi(FakeHttpServer):
    """POST /2010-04-01/Accounts/{sid}/Messages.json with HTTP basic auth."""

    def __init__(
        self, account_sid: str = DEFAULT_ACCOUNT_SID, auth_token: str = DEFAULT_AUTH_TOKEN
    ) -> None:
        super().__init__()
        self.account_sid = account_sid
        self.auth_token = auth_token
        self._lock = threading.Lock()
        self._calls: list[TwilioCall] = []
        #: SIDs of the messages created, in order (a benchmark sends their callbacks).
        self.created_sids: list[str] = []
        self._errors: deque[TwilioApiError] = deque()
        self._per_number: dict[str, TwilioApiError] = {}
        self._rate: float | None = None
        self._burst = 1.0
        self._tokens = 1.0
        self._refilled = time.monotonic()
        self.rejected_for_rate = 0
        self._created: list[dict[str, Any]] = []
        self._down_until = 0.0
        self._down_error: TwilioApiError | None = None

    # --- for tests ---------------------------------------------------------------

    @property
    def calls(self) -> list[TwilioCall]:
        with self._lock:
            return list(self._calls)

    @property
    def messages(self) -> list[TwilioCall]:
        """Every authorised Messages.json create request, whatever the fake answered."""
        return [
            c
            for c in self.calls
            if c.authorized and c.method == "POST" and c.path.endswith("/Messages.json")
        ]

    def fail_next(self, error: TwilioApiError, times: int = 1) -> None:
        """Answer the next `times` message creates with `error`."""
        with self._lock:
            self._errors.extend([error] * times)

    def fail_to(self, number: str, error: TwilioApiError) -> None:
        """Answer every create to `number` with `error` (e.g. after STOP)."""
        with self._lock:
            self._per_number[number] = error

    def limit_rate(self, per_second: float, burst: float | None = None) -> None:
        """Answer 429 beyond `per_second` creates (a token bucket; `burst` tokens
        of slack for network jitter, default a tenth of a second's worth)."""
        with self._lock:
            self._rate = per_second
            self._burst = burst if burst is not None else max(2.0, per_second / 10)
            self._tokens = self._burst
            self._refilled = time.monotonic()

    def _take_token(self) -> bool:
        if self._rate is None:
            return True
        now = time.monotonic()
        self._tokens = min(self._burst, self._tokens + (now - self._refilled) * self._rate)
        self._refilled = now
        if self._tokens >= 1.0:
            self._tokens -= 1.0
            return True
        self.rejected_for_rate += 1
        return False

    def go_down(self, seconds: float, error: TwilioApiError) -> None:
        """Answer every request (creates and lists) with `error` for `seconds`."""
        with self._lock:
            self._down_until = time.monotonic() + seconds
            self._down_error = error

    def come_back(self) -> None:
        with self._lock:
            self._down_until = 0.0

    @property
    def created(self) -> list[dict[str, Any]]:
        """Every message the fake accepted (as its API resource), oldest first."""
        with self._lock:
            return list(self._created)

    def reset(self) -> None:
        with self._lock:
            self._calls.clear()
            self._errors.clear()
            self._per_number.clear()

    # --- the REST API ------------------------------------------------------------

    def _authorized(self, request: RawRequest) -> bool:
        header = request.headers.get("authorization", "")
        if not header.startswith("Basic "):
            return False
        try:
            decoded = base64.b64decode(header[6:]).decode("utf-8")
        except ValueError:
            return False
        expected = f"{self.account_sid}:{self.auth_token}"
        return hmac.compare_digest(decoded.encode("utf-8"), expected.encode("utf-8"))

    def handle(self, request: RawRequest) -> RawResponse:
        parts = request.path.strip("/").split("/")
        account = parts[2].removesuffix(".json") if len(parts) >= 3 else ""
        call = TwilioCall(
            method=request.method,
            path=request.path,
            account_sid=account,
            authorized=self._authorized(request) and account == self.account_sid,
            form=tuple(request.form_pairs()),
        )
        with self._lock:
            self._calls.append(call)
        if not call.authorized:
            return RawResponse.json(
                401,
                {
                    "code": 20003,
                    "detail": "Your AccountSid or AuthToken was incorrect.",
                    "message": "Authenticate",
                    "more_info": "https://www.twilio.com/docs/errors/20003",
                    "status": 401,
                },
            )
        with self._lock:
            down = self._down_error if time.monotonic() < self._down_until else None
        if down is not None:
            headers = {"Retry-After": down.retry_after} if down.retry_after else {}
            return RawResponse.json(down.status, down.payload(), headers)
        if request.method == "GET" and parts == ["2010-04-01", "Accounts", f"{account}.json"]:
            return RawResponse.json(200, {"sid": self.account_sid, "status": "active"})
        if request.method == "GET" and len(parts) == 4 and parts[3] == "Messages.json":
            return self._list_messages(request)
        if (
            request.method != "POST"
            or len(parts) != 4
            or parts[:2] != ["2010-04-01", "Accounts"]
            or parts[3] != "Messages.json"
        ):
            return RawResponse.json(
                404,
                {
                    "code": 20404,
                    "message": f"The requested resource {request.path} was not found",
                    "more_info": "https://www.twilio.com/docs/errors/20404",
                    "status": 404,
                },
            )
        with self._lock:
            error = self._errors.popleft() if self._errors else self._per_number.get(call.to or "")
            if error is None and not self._take_token():
                error = TwilioApiError.too_many_requests(retry_after=1)
        if error is not None:
            headers = {"Retry-After": error.retry_after} if error.retry_after else {}
            return RawResponse.json(error.status, error.payload(), headers)
        return self._create_message(call)

    def _list_messages(self, request: RawRequest) -> RawResponse:
        """GET Messages.json: newest first, filtered by To, From and DateSent
        (`DateSent>` / `DateSent<`, a date or an ISO time, as Twilio takes)."""
        query = dict(request.query)
        size = int(query.get("PageSize", "50"))
        after = _parse_date(query.get("DateSent>"))
        before = _parse_date(query.get("DateSent<"))
        found = []
        with self._lock:
            created = list(reversed(self._created))
        for message in created:
            if "To" in query and message["to"] != query["To"]:
                continue
            if "From" in query and message["from"] != query["From"]:
                continue
            sent_at = email.utils.parsedate_to_datetime(message["date_sent"])
            if after is not None and sent_at < after:
                continue
            if before is not None and sent_at > before:
                continue
            found.append(message)
        uri = f"/2010-04-01/Accounts/{self.account_sid}/Messages.json"
        return RawResponse.json(
            200,
            {
                "messages": found[:size],
                "end": min(size, len(found)) - 1,
                "first_page_uri": f"{uri}?PageSize={size}&Page=0",
                "next_page_uri": None,
                "page": 0,
                "page_size": size,
                "previous_page_uri": None,
                "start": 0,
                "uri": f"{uri}?PageSize={size}&Page=0",
            },
        )

    def _create_message(self, call: TwilioCall) -> RawResponse:
        if not call.to:
            return RawResponse.json(
                400, TwilioApiError(400, 21604, "A 'To' phone number is required.").payload()
            )
        if not call.from_ and not call.messaging_service_sid:
            return RawResponse.json(
                400,
                TwilioApiError(400, 21603, "A 'From' phone number is required.").payload(),
            )
        if not call.body:
            return RawResponse.json(
                400, TwilioApiError(400, 21602, "Message body is required.").payload()
            )
        sid = new_sid("SM")
        now = email.utils.format_datetime(datetime.now(UTC))
        uri = f"/2010-04-01/Accounts/{self.account_sid}/Messages/{sid}"
        resource = {
            "account_sid": self.account_sid,
            "api_version": "2010-04-01",
            "body": call.body,
            "date_created": now,
            "date_sent": None,
            "date_updated": now,
            "direction": "outbound-api",
            "error_code": None,
            "error_message": None,
            "from": call.from_,
            "messaging_service_sid": call.messaging_service_sid,
            "num_media": "0",
            "num_segments": "1",
            "price": None,
            "price_unit": "USD",
            "sid": sid,
            # With a messaging service and no From, Twilio answers "accepted".
            "status": "queued" if call.from_ else "accepted",
            "subresource_uris": {"media": f"{uri}/Media.json"},
            "to": call.to,
            "uri": f"{uri}.json",
        }
        with self._lock:
            self.created_sids.append(sid)
            self._created.append({**resource, "date_sent": now})
        return RawResponse.json(201, resource)


def _parse_date(value: str | None) -> datetime | None:
    if not value:
        return None
    if len(value) == 10:
        return datetime.fromisoformat(value).replace(tzinfo=UTC)
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


# ----------------------------------------------------------------- signed webhooks


def inbound_form(
    from_: str,
    body: str,
    to: str = DEFAULT_FROM,
    message_sid: str | None = None,
    account_sid: str = DEFAULT_ACCOUNT_SID,
) -> dict[str, str]:
    """The form Twilio posts for an incoming SMS (all the fields it really sends)."""
    sid = message_sid or new_sid("SM")
    return {
        "ToCountry": "SE",
        "ToState": "",
        "SmsMessageSid": sid,
        "NumMedia": "0",
        "ToCity": "",
        "FromZip": "",
        "SmsSid": sid,
        "FromState": "",
        "SmsStatus": "received",
        "FromCity": "",
        "Body": body,
        "FromCountry": "SE",
        "To": to,
        "ToZip": "",
        "NumSegments": "1",
        "MessageSid": sid,
        "AccountSid": account_sid,
        "From": from_,
        "ApiVersion": "2010-04-01",
    }


def status_form(
    message_sid: str,
    status: str,
    error_code: str | None = None,
    to: str = "+46701234567",
    from_: str = DEFAULT_FROM,
    account_sid: str = DEFAULT_ACCOUNT_SID,
) -> dict[str, str]:
    """The form Twilio posts to a StatusCallback URL."""
    form = {
        "SmsSid": message_sid,
        "SmsStatus": status,
        "MessageStatus": status,
        "To": to,
        "MessageSid": message_sid,
        "AccountSid": account_sid,
        "From": from_,
        "ApiVersion": "2010-04-01",
    }
    if error_code is not None:
        form["ErrorCode"] = error_code
    return form


def sign(auth_token: str, url: str, form: Mapping[str, str]) -> str:
    """X-Twilio-Signature for a POST of `form` to `url`, computed by twilio itself."""
    return str(RequestValidator(auth_token).compute_signature(url, dict(form)))


def signed_webhook(
    auth_token: str, url: str, form: Mapping[str, str]
) -> tuple[dict[str, str], dict[str, str]]:
    """(form, headers) to POST to our webhook as Twilio would, signed for `url`
    (the public https URL Twilio calls, not the one the app sees)."""
    return dict(form), {"X-Twilio-Signature": sign(auth_token, url, form)}
