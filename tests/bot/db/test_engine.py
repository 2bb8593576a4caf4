"""Engines as a coordinator's URL asks: the right driver, SQLite readers that never
wait for a writer, database errors that never carry a phone number, and a
PostgreSQL connection that died while idle in the pool replaced before use."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import event, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.pool import NullPool

from bot.core.errors import ConfigError
from bot.db.database import Database
from bot.db.engine import async_url, make_engine

PHONE = "+46701740605"


@pytest.mark.parametrize(
    ("written", "used"),
    [
        ("sqlite:///hejsan.db", "sqlite+aiosqlite:///hejsan.db"),
        ("postgres://h:pw@db/hejsan", "postgresql+asyncpg://h:pw@db/hejsan"),
        ("postgresql://h:pw@db/hejsan", "postgresql+asyncpg://h:pw@db/hejsan"),
    ],
)
def test_the_url_a_coordinator_writes_gets_our_async_driver(written: str, used: str) -> None:
    assert async_url(written) == used


def test_an_unsupported_database_is_a_config_error_naming_the_key() -> None:
    with pytest.raises(ConfigError, match=r"\[database\] url.*mysql"):
        async_url("mysql://h:pw@db/hejsan")


async def test_a_reader_is_not_held_up_by_a_writer_on_sqlite(db: Database, db_url: str) -> None:
    if not db_url.startswith("sqlite"):
        pytest.skip("PostgreSQL readers never wait for writers")
    reader = make_engine(db_url, read_only=True)
    try:
        async with db.transaction() as session:
            await session.execute(text("UPDATE seniors SET notes = 'x' WHERE id = -1"))
            async with reader.connect() as connection:  # the write lock is held meanwhile
                assert await connection.scalar(text("SELECT count(*) FROM seniors")) == 0
                mode = await connection.scalar(text("PRAGMA journal_mode"))
        assert mode == "wal"
    finally:
        await reader.dispose()


async def _same_address_twice(db: Database) -> None:
    insert = text("INSERT INTO addresses (id, channel, value) VALUES (1, 'sms', :phone)")
    async with db.transaction() as session:
        await session.execute(insert, {"phone": PHONE})
        await session.execute(insert, {"phone": PHONE})


async def test_a_database_error_does_not_carry_the_values_to_the_log(db: Database) -> None:
    with pytest.raises(DBAPIError) as error:
        await _same_address_twice(db)
    assert PHONE not in str(error.value)
    assert "hidden" in str(error.value)


async def _terminate_backend_of(engine: AsyncEngine, admin: AsyncEngine) -> None:
    """The server drops the pooled connection, as a PostgreSQL restart would."""
    async with engine.connect() as connection:
        pid = await connection.scalar(text("SELECT pg_backend_pid()"))
    async with admin.connect() as connection:
        await connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        await connection.commit()
    await asyncio.sleep(0.2)


@pytest.mark.parametrize("idle_ping_seconds", [0.0, 3600.0], ids=["pinged", "not-yet-idle"])
async def test_a_connection_dropped_while_idle_is_replaced_before_use(
    db: Database, db_url: str, idle_ping_seconds: float
) -> None:
    if not db_url.startswith("postgresql"):
        pytest.skip("SQLite has no server to drop a connection")
    engine = make_engine(db_url, idle_ping_seconds=idle_ping_seconds, pool_size=1)
    admin = make_engine(db_url, poolclass=NullPool)
    try:
        await _terminate_backend_of(engine, admin)
        if idle_ping_seconds:
            # Used a moment ago: not pinged, so the first use finds it gone
            # (and the pool then replaces it).
            with pytest.raises(DBAPIError):
                async with engine.connect() as connection:
                    await connection.scalar(text("SELECT 1"))
        async with engine.connect() as connection:
            assert await connection.scalar(text("SELECT 1")) == 1
    finally:
        await engine.dispose()
        await admin.dispose()


async def test_a_busy_process_keeps_its_postgresql_connections(db: Database, db_url: str) -> None:
    """Sixteen requests at once, twice: the second burst opens no connection
    (each new one costs a TCP handshake, authentication and every statement
    prepared again)."""
    if not db_url.startswith("postgresql"):
        pytest.skip("SQLite opens a file, not a server connection")
    engine = make_engine(db_url)
    opened: list[object] = []
    event.listen(
        engine.sync_engine, "connect", lambda connection, _record: opened.append(connection)
    )

    async def request() -> None:
        async with engine.connect() as connection:
            await connection.execute(text("SELECT pg_sleep(0.05)"))

    try:
        await asyncio.gather(*(request() for _ in range(16)))
        first_burst = len(opened)
        await asyncio.gather(*(request() for _ in range(16)))
    finally:
        await engine.dispose()
    assert first_burst == 16
    assert len(opened) == first_burst
