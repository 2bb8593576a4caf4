"""Shared test options and fixtures: real databases, never mocks of our own code.

Every test that takes `db` runs twice: on a fresh SQLite file and on a fresh
PostgreSQL database. PostgreSQL comes from HEJSAN_TEST_POSTGRES_URL (a URL to
an account allowed to CREATE DATABASE); without it those runs are skipped,
unless HEJSAN_REQUIRE_POSTGRES=1 (set by CI), where a skip is a failure.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import asyncpg
import pytest
from sqlalchemy.engine import make_url

from bot.db.database import Database
from bot.db.migrate import upgrade

pytest_plugins = ["tests.fakes.fixtures"]

POSTGRES_ENV = "HEJSAN_TEST_POSTGRES_URL"
REQUIRE_POSTGRES_ENV = "HEJSAN_REQUIRE_POSTGRES"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite golden transcript files from the current behaviour",
    )


@pytest.fixture(autouse=True)
def _ptb_timedelta(monkeypatch: pytest.MonkeyPatch) -> None:
    """PTB warns (an error here) when it builds RetryAfter with int seconds; opt in."""
    monkeypatch.setenv("PTB_TIMEDELTA", "true")


def postgres_admin_url() -> str | None:
    url = os.environ.get(POSTGRES_ENV, "").strip()
    if url:
        return url
    if os.environ.get(REQUIRE_POSTGRES_ENV) == "1":
        pytest.fail(f"{REQUIRE_POSTGRES_ENV}=1 but {POSTGRES_ENV} is not set")
    return None


def _admin_sql(admin_url: str, sql: str) -> None:
    """Run one statement outside any transaction (CREATE/DROP DATABASE)."""

    async def run() -> None:
        dsn = make_url(admin_url).set(drivername="postgresql").render_as_string(False)
        connection = await asyncpg.connect(dsn)
        try:
            await connection.execute(sql)
        finally:
            await connection.close()

    asyncio.run(run())


def _drop_database(admin_url: str, name: str) -> None:
    """Drop a test database. A plain DROP lets PostgreSQL stop its own
    autovacuum workers (which a non-superuser, as in CI, may not terminate);
    only connections of ours still open need FORCE, which our role may use."""
    try:
        _admin_sql(admin_url, f'DROP DATABASE IF EXISTS "{name}"')
    except asyncpg.exceptions.ObjectInUseError:
        _admin_sql(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _database_url(admin_url: str, name: str) -> str:
    return make_url(admin_url).set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One migrated SQLite file per test run; each test gets a copy."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def postgres_template() -> Iterator[tuple[str, str] | None]:
    """A migrated template database; each test clones it with CREATE DATABASE ... TEMPLATE."""
    admin = postgres_admin_url()
    if admin is None:
        yield None
        return
    name = f"hejsan_tpl_{uuid.uuid4().hex[:8]}"
    _admin_sql(admin, f'CREATE DATABASE "{name}"')
    try:
        upgrade(_database_url(admin, name))
        yield admin, name
    finally:
        _drop_database(admin, name)


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    sqlite_template: Path,
    postgres_template: tuple[str, str] | None,
) -> Iterator[str]:
    """The URL of a fresh, migrated database of each kind."""
    if request.param == "sqlite":
        path = tmp_path / "hejsan.db"
        shutil.copyfile(sqlite_template, path)
        yield f"sqlite:///{path}"
        return
    if postgres_template is None:
        pytest.skip(f"PostgreSQL not configured ({POSTGRES_ENV})")
    admin, template = postgres_template
    name = f"hejsan_t_{uuid.uuid4().hex[:10]}"
    _admin_sql(admin, f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    try:
        yield _database_url(admin, name)
    finally:
        _drop_database(admin, name)


@pytest.fixture
async def db(db_url: str) -> AsyncIterator[Database]:
    database = Database(db_url)
    try:
        yield database
    finally:
        await database.close()
