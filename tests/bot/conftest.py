"""Fixtures for the shell's tests."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from bot.core.logs import reset_logging
from tests.bot.escalations.world import COORDINATOR, World, build_world


@pytest.fixture
def config_file(tmp_path: Path, db_url: str) -> Iterator[Path]:
    """A config file pointing at a fresh database; CLI tests pass it as --config."""
    path = tmp_path / "hejsan.toml"
    path.write_text(f'[database]\nurl = "{db_url}"\n[logging]\nformat = "text"\n')
    yield path
    reset_logging()


@pytest.fixture
async def world(db_url: str) -> AsyncIterator[World]:
    """Escalation tests' world: seniors, a coordinator, a test clock (see world.py)."""
    built, database = await build_world(db_url, coordinators=[COORDINATOR])
    try:
        yield built
    finally:
        await database.close()
