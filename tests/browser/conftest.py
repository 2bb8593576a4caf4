"""A real `hejsan serve` on a free port, driven by the system Chromium.

One server per test session with its own SQLite file, `quiet_hours = ""` and
the demo data (four seniors asked today's check-in, a soup lunch). Accounts of
each role are made with `hejsan users add` before it starts. Each role logs in
once through the login form; tests reuse that browser state. Waits use
Playwright's `expect`, never sleeps.
"""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

CHROMIUM = "/usr/bin/chromium"
REQUIRE_ENV = "HEJSAN_REQUIRE_BROWSER"
PASSWORD = "ett-langt-losenord"
ACCOUNTS = {
    "admin": "admin@example.se",
    "coordinator": "samordnare@example.se",
    "viewer": "lasare@example.se",
}


def _is_browser_test(item: pytest.Item) -> bool:
    return "tests/browser" in str(item.path)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Browser tests run last: Playwright's sync API keeps an event loop running in
    the main thread while its browser lives, which async tests after it cannot share."""
    items.sort(key=_is_browser_test)
    if Path(CHROMIUM).exists():
        return
    if os.environ.get(REQUIRE_ENV) == "1":
        raise pytest.UsageError(f"{REQUIRE_ENV}=1 but {CHROMIUM} is missing")
    skip = pytest.mark.skip(reason=f"no {CHROMIUM} (apt-get install -y chromium)")
    for item in items:
        if _is_browser_test(item):
            item.add_marker(skip)


@dataclass
class Server:
    url: str
    config: Path
    database: Path
    log: Path

    def rows(self, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        """Read the server's database directly, to check what a page claims."""
        with sqlite3.connect(self.database) as connection:
            return list(connection.execute(sql, params))

    def cli(self, *args: str, stdin: str = "") -> str:
        done = subprocess.run(
            [sys.executable, "-m", "bot.cli", *args, "--config", str(self.config)],
            input=stdin,
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_healthy(url: str, process: subprocess.Popen[str], deadline: float) -> None:
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"hejsan serve exited early ({process.returncode})")
        try:
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)  # polling a process start, not waiting in a test
    raise RuntimeError("hejsan serve did not become healthy in time")


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    folder = tmp_path_factory.mktemp("serve")
    database = folder / "hejsan.db"
    config = folder / "hejsan.toml"
    config.write_text(
        f'[service]\nquiet_hours = ""\n[database]\nurl = "sqlite:///{database}"\n'
        '[logging]\nlevel = "WARNING"\nformat = "text"\n',
        encoding="utf-8",
    )
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    made = Server(url, config, database, folder / "serve.log")
    made.cli("init")
    for role, email in ACCOUNTS.items():
        made.cli(
            "users",
            "add",
            email,
            "--name",
            role.title(),
            "--role",
            role,
            "--password-stdin",
            stdin=PASSWORD + "\n",
        )
    log = made.log.open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "serve", "--port", str(port), "--config", str(config)],
        stdout=log,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        _wait_healthy(url, process, time.monotonic() + 60)
        yield made
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


@pytest.fixture(scope="session")
def base_url(server: Server) -> str:
    return server.url


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_type_launch_args, "executable_path": CHROMIUM}


def log_in(page: Page, role: str) -> None:
    page.goto("/login")
    page.get_by_label("E-postadress").fill(ACCOUNTS[role])
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("heading", name="Idag", level=1)).to_be_visible()


@pytest.fixture(scope="session")
def role_states(
    browser: Browser, server: Server, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Path]:
    """Log in once per role; tests start from the saved cookies."""
    folder = tmp_path_factory.mktemp("states")
    states = {}
    for role in ACCOUNTS:
        context = browser.new_context(base_url=server.url)
        log_in(context.new_page(), role)
        states[role] = folder / f"{role}.json"
        context.storage_state(path=str(states[role]))
        context.close()
    return states


def _page_as(browser: Browser, server: Server, state: Path) -> Iterator[Page]:
    context: BrowserContext = browser.new_context(base_url=server.url, storage_state=str(state))
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def admin(browser: Browser, server: Server, role_states: dict[str, Path]) -> Iterator[Page]:
    yield from _page_as(browser, server, role_states["admin"])


@pytest.fixture
def coordinator(browser: Browser, server: Server, role_states: dict[str, Path]) -> Iterator[Page]:
    yield from _page_as(browser, server, role_states["coordinator"])


@pytest.fixture
def viewer(browser: Browser, server: Server, role_states: dict[str, Path]) -> Iterator[Page]:
    yield from _page_as(browser, server, role_states["viewer"])
