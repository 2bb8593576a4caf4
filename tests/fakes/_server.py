"""A tiny threaded HTTP server on 127.0.0.1 for fake provider APIs.

Runs in a background thread so it serves the real PTB/twilio clients whatever
event loop the test uses (and sync tests too). Every response closes its
connection (HTTP/1.0), so nothing lingers after `stop()`.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Self
from urllib.parse import parse_qsl, urlsplit


@dataclass(frozen=True)
class RawRequest:
    method: str
    path: str
    query: list[tuple[str, str]]
    headers: dict[str, str]  # lower-case names
    body: bytes

    def form_pairs(self) -> list[tuple[str, str]]:
        """Query string plus an urlencoded or JSON body, as (name, value) pairs."""
        pairs = list(self.query)
        content_type = self.headers.get("content-type", "")
        if not self.body:
            return pairs
        if content_type.startswith("application/json"):
            data = json.loads(self.body.decode("utf-8"))
            for key, value in data.items():
                pairs.append((key, value if isinstance(value, str) else json.dumps(value)))
        else:
            pairs.extend(parse_qsl(self.body.decode("utf-8"), keep_blank_values=True))
        return pairs


@dataclass
class RawResponse:
    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def json(cls, status: int, payload: Any, headers: dict[str, str] | None = None) -> Self:
        return cls(
            status,
            json.dumps(payload, ensure_ascii=False).encode("utf-8"),
            {"Content-Type": "application/json; charset=utf-8", **(headers or {})},
        )


class FakeHttpServer:
    """Base class: subclasses implement `handle(RawRequest) -> RawResponse`."""

    def __init__(self) -> None:
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self.closing = threading.Event()
        self._delays: list[float] = []
        self._delays_lock = threading.Lock()

    def handle(self, request: RawRequest) -> RawResponse:
        raise NotImplementedError

    def delay_next(self, seconds: float, times: int = 1) -> None:
        """Hold the next `times` responses for `seconds` (to make clients time out)."""
        with self._delays_lock:
            self._delays.extend([seconds] * times)

    def _wait_scripted_delay(self) -> None:
        with self._delays_lock:
            delay = self._delays.pop(0) if self._delays else 0.0
        if delay:
            self.closing.wait(delay)

    @property
    def url(self) -> str:
        """http://127.0.0.1:<port> (no trailing slash)."""
        if self._server is None:
            raise RuntimeError("fake server is not running")
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> Self:
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"

            def _serve(self) -> None:
                parts = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                request = RawRequest(
                    method=self.command,
                    path=parts.path,
                    query=parse_qsl(parts.query, keep_blank_values=True),
                    headers={k.lower(): v for k, v in self.headers.items()},
                    body=body,
                )
                try:
                    response = owner.handle(request)
                except Exception as exc:  # a bug in the fake: make it loud, not a hang
                    response = RawResponse.json(599, {"fake_server_error": repr(exc)})
                owner._wait_scripted_delay()
                try:
                    self.send_response(response.status)
                    for name, value in response.headers.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(response.body)))
                    self.send_header("Connection", "close")
                    self.end_headers()
                    self.wfile.write(response.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test): nothing to tell it

            do_GET = do_POST = do_PUT = do_DELETE = _serve

            def log_message(self, format: str, *args: Any) -> None:
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.01},
            name=f"{type(self).__name__}-{self.url}",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self.closing.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = None
        self._thread = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
