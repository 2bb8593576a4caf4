"""Pytest fixtures for the fake provider servers.

Import them where fixtures are collected, e.g. in tests/conftest.py:

    pytest_plugins = ["tests.fakes.fixtures"]

Each fixture starts a fresh server on 127.0.0.1 (random port) for one test
and stops it afterwards. They are sync fixtures, so both sync and async
tests (any event loop) can use them.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fakes.telegram_api import FakeTelegramApi
from tests.fakes.twilio_api import FakeTwilioApi


@pytest.fixture
def fake_telegram() -> Iterator[FakeTelegramApi]:
    """A fake Bot API; use `fake_telegram.base_url` and `fake_telegram.token`."""
    with FakeTelegramApi() as fake:
        yield fake


@pytest.fixture
def fake_twilio() -> Iterator[FakeTwilioApi]:
    """A fake Twilio REST API; use `fake_twilio.url`, `.account_sid`, `.auth_token`."""
    with FakeTwilioApi() as fake:
        yield fake
