"""Real `hejsan serve` processes against the fake providers, killed with -9.

`ServeProcess` starts the installed `hejsan serve` on a free port with its
config in the environment, waits for /healthz and can be killed like a
crashed machine. Everything measured is seen from outside: what the fake
Twilio accepted and what the database holds.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from tests.fakes.twilio_api import FakeTwilioApi

HEJSAN = Path(sys.executable).parent / "hejsan"
PUBLIC_URL = "https://hejsan.example.org"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class ServeProcess:
    env: dict[str, str]
    log_path: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 30.0) -> None:
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [str(HEJSAN), "serve", "--port", str(self.port)],
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"hejsan serve exited: {self.log_path.read_text()[-2000:]}")
            try:
                if httpx.get(f"http://127.0.0.1:{self.port}/healthz", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        raise RuntimeError("hejsan serve did not come up")

    def kill(self) -> None:
        """kill -9: no shutdown hook runs, connections just drop."""
        if self.process is not None and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()


def serve_env(db_url: str, twilio: FakeTwilioApi, *, sms_rate: float) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HEJSAN_")}
    env.update(
        {
            "HEJSAN_DATABASE_URL": db_url,
            "HEJSAN_SERVICE_PUBLIC_URL": PUBLIC_URL,
            "HEJSAN_SERVICE_ORGANISATION": "Tyresö kommun",
            "HEJSAN_SERVICE_QUIET_HOURS": "",
            "HEJSAN_TWILIO_ACCOUNT_SID": twilio.account_sid,
            "HEJSAN_TWILIO_AUTH_TOKEN": twilio.auth_token,
            "HEJSAN_TWILIO_FROM_NUMBER": "+46766860000",
            "HEJSAN_TWILIO_API_BASE_URL": twilio.url,
            "HEJSAN_TWILIO_RATE_PER_SECOND": str(sms_rate),
            "HEJSAN_LOGGING_FORMAT": "text",
            "PTB_TIMEDELTA": "true",
        }
    )
    return env


# Someone to alert, or `hejsan serve` refuses to start (the ladder never ends silently).
COORDINATOR_CONFIG = '[escalation]\ncoordinators = ["+46701234599"]\n'


def with_coordinator(env: dict[str, str], directory: Path) -> dict[str, str]:
    """`env` with a config file that names a coordinator (and nothing else)."""
    config = directory / "coordinator.toml"
    config.write_text(COORDINATOR_CONFIG, encoding="utf-8")
    return {**env, "HEJSAN_CONFIG": str(config)}


@pytest.fixture
def serve_processes(tmp_path: Path) -> Iterator[list[ServeProcess]]:
    """Processes a test starts; all stopped afterwards, whatever happened."""
    started: list[ServeProcess] = []
    yield started
    for process in started:
        process.stop()
