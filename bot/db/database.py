"""One object that owns the engine and hands out sessions.

Passed explicitly to whoever needs the database (no module globals), so tests
build one per test on a fresh database.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession, async_sessionmaker

from bot.core.clock import Clock, system_clock
from bot.db.engine import make_engine, make_sessionmaker
from bot.db.migrate import upgrade
from bot.db.models import CLOCK_OPTION

# Namespace of `one_at_a_time`'s advisory locks (the key's hash is the second half).
EXCLUSIVE_LOCK_NAMESPACE = 0x4852_554E  # "HRUN"


class Database:
    """The database and the clock its rows are stamped with.

    `clock` stamps every default and on-update timestamp (`created_at`,
    `updated_at`, ...); pass the shell's clock so one clock governs all.
    """

    def __init__(
        self, url: str, engine: AsyncEngine | None = None, *, clock: Clock = system_clock
    ) -> None:
        self.url = url
        self.clock = clock
        self.engine = _with_clock(engine or make_engine(url), clock)
        self.sessions: async_sessionmaker[AsyncSession] = make_sessionmaker(self.engine)
        # SQLite: a second engine whose transactions do not take the write lock,
        # for reads only (`reading()`); PostgreSQL needs no such thing.
        self._read_engine = (
            _with_clock(make_engine(url, read_only=True), clock)
            if self.engine.dialect.name == "sqlite"
            else None
        )
        self._readers = make_sessionmaker(self._read_engine or self.engine)
        self._write_lock = asyncio.Lock() if self._read_engine is not None else None
        # PostgreSQL: the same pool, each statement committed on its own.
        self._autocommit = (
            self.engine.execution_options(isolation_level="AUTOCOMMIT")
            if self.engine.dialect.name == "postgresql"
            else None
        )

    def now(self) -> datetime:
        return self.clock()

    def reading(self) -> AsyncSession:
        """A session for reads only: on SQLite it never waits behind a writer."""
        return self._readers()

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """A session in one transaction: committed on success, rolled back on error.

        On SQLite one writer runs at a time; the writers of this process queue
        here in order instead of spinning in SQLite's busy handler, whose
        growing sleeps gave seconds-long tails under load. Never nest two.
        """
        async with self._writer_turn(), self.sessions() as session, session.begin():
            yield session

    @asynccontextmanager
    async def statement(self) -> AsyncIterator[AsyncConnection]:
        """A Core connection for writes that are whole in one statement.

        PostgreSQL: each statement commits on its own (no BEGIN and COMMIT
        round trips, no ORM session); use it only where one statement is the
        whole change. SQLite: one write transaction, as `transaction`.
        """
        if self._autocommit is not None:
            async with self._autocommit.connect() as connection:
                yield connection
            return
        async with self._writer_turn(), self.engine.begin() as connection:
            yield connection

    @asynccontextmanager
    async def _writer_turn(self) -> AsyncIterator[None]:
        if self._write_lock is None:
            yield
            return
        async with self._write_lock:
            yield

    @asynccontextmanager
    async def one_at_a_time(self, key: str) -> AsyncIterator[None]:
        """Across processes, one holder of `key` at a time: the others wait.

        PostgreSQL: an advisory lock held on its own connection for the block
        (released with the connection if the process dies). SQLite serves one
        process: nothing to take; callers still count what they wrote.
        """
        if self.engine.dialect.name != "postgresql":
            yield
            return
        async with self.engine.connect() as connection:
            lock = {"ns": EXCLUSIVE_LOCK_NAMESPACE, "key": key}
            await connection.execute(text("SELECT pg_advisory_lock(:ns, hashtext(:key))"), lock)
            await connection.commit()
            try:
                yield
            finally:
                await connection.execute(
                    text("SELECT pg_advisory_unlock(:ns, hashtext(:key))"), lock
                )
                await connection.commit()

    async def healthy(self) -> bool:
        """True when a trivial query answers; used by /healthz."""
        try:
            async with self.engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
        except Exception:  # any failure means "not healthy", reported, not raised
            return False
        return True

    async def migrate(self) -> None:
        """Create or upgrade the schema (Alembic needs its own loop: use a thread)."""
        await asyncio.to_thread(upgrade, self.url)

    async def close(self) -> None:
        await self.engine.dispose()
        if self._read_engine is not None:
            await self._read_engine.dispose()


def _with_clock(engine: AsyncEngine, clock: Clock) -> AsyncEngine:
    """The same engine (same pool) whose statements carry `clock` for `stamp`."""
    return engine.execution_options(**{CLOCK_OPTION: clock})


def session_now(session: AsyncSession) -> datetime:
    """Now, by the clock of the database this session writes to."""
    clock: Clock = session.get_bind().get_execution_options()[CLOCK_OPTION]
    return clock()
