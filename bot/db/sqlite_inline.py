"""SQLite for writers without a thread per statement.

aiosqlite runs every call (cursor, execute, fetch, close) in its own thread
and wakes the event loop for each answer: about four thread hand-offs per
statement, which cost more than the statements themselves (a turn is a few
dozen statements of tens of microseconds each). Writers on SQLite already run
one at a time (`Database.transaction`), so this connection answers in the
calling thread: the same aiosqlite-shaped API SQLAlchemy's driver adapter
expects, each coroutine completing without a hand-off.

The only wait that can be long is for another process's write lock (a CLI
command beside `serve`). That wait must not block the event loop, so the
connection runs with SQLite's busy timeout off and `BEGIN IMMEDIATE` retries
with `asyncio.sleep` until `BUSY_WAIT_S`. Inside a write transaction nothing
else waits for a lock (WAL: readers never block the writer).

Readers keep aiosqlite (`Database.reading`): a long console query in a
thread of its own does not stall the webhooks.
"""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any

BUSY_WAIT_S = 10.0
FIRST_RETRY_S = 0.002
LONGEST_RETRY_S = 0.05


def _is_busy(error: sqlite3.OperationalError) -> bool:
    text = str(error).lower()
    return "locked" in text or "busy" in text


class InlineCursor:
    """An aiosqlite-like cursor whose coroutines run sqlite3 directly."""

    def __init__(self, cursor: sqlite3.Cursor) -> None:
        self._cursor = cursor

    async def __aenter__(self) -> InlineCursor:
        return self

    async def __aexit__(self, *_: object) -> None:
        self._cursor.close()

    @property
    def description(self) -> Any:
        return self._cursor.description

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount

    @property
    def lastrowid(self) -> int | None:
        return self._cursor.lastrowid

    @property
    def arraysize(self) -> int:
        return self._cursor.arraysize

    @arraysize.setter
    def arraysize(self, value: int) -> None:
        self._cursor.arraysize = value

    async def execute(self, sql: str, parameters: Any = ()) -> InlineCursor:
        if sql.lstrip()[:5].upper() == "BEGIN":
            await self._begin(sql)
        else:
            self._cursor.execute(sql, parameters)
        return self

    async def _begin(self, sql: str) -> None:
        """BEGIN, waiting for another process's write lock without blocking the loop."""
        deadline = time.monotonic() + BUSY_WAIT_S
        pause = FIRST_RETRY_S
        while True:
            try:
                self._cursor.execute(sql)
                return
            except sqlite3.OperationalError as error:
                if not _is_busy(error) or time.monotonic() + pause > deadline:
                    raise
            await asyncio.sleep(pause)
            pause = min(pause * 2, LONGEST_RETRY_S)

    async def executemany(self, sql: str, rows: Iterable[Any]) -> InlineCursor:
        self._cursor.executemany(sql, rows)
        return self

    async def fetchall(self) -> list[Any]:
        return self._cursor.fetchall()

    async def fetchone(self) -> Any:
        return self._cursor.fetchone()

    async def fetchmany(self, size: int | None = None) -> list[Any]:
        return self._cursor.fetchmany(size if size is not None else self._cursor.arraysize)

    async def close(self) -> None:
        self._cursor.close()


class _RunNow:
    """Stands in for aiosqlite's request queue, which SQLAlchemy's adapter uses
    directly to set `isolation_level`: run the call at once, answer the future."""

    def put_nowait(self, item: tuple[asyncio.Future[Any], Callable[[], Any]]) -> None:
        future, function = item
        try:
            future.set_result(function())
        except Exception as error:  # handed to the awaiting caller, as aiosqlite does
            future.set_exception(error)


class InlineConnection:
    """An aiosqlite-like connection over a plain sqlite3 connection."""

    inline = True

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._conn = connection
        self._connection: sqlite3.Connection | None = connection
        self._tx = _RunNow()

    @property
    def isolation_level(self) -> str | None:
        return self._conn.isolation_level

    def cursor(self) -> InlineCursor:
        return InlineCursor(self._conn.cursor())

    async def execute(self, sql: str, parameters: Sequence[Any] = ()) -> InlineCursor:
        return await self.cursor().execute(sql, parameters)

    async def create_function(self, *args: Any, **kwargs: Any) -> None:
        self._conn.create_function(*args, **kwargs)

    async def commit(self) -> None:
        self._conn.commit()

    async def rollback(self) -> None:
        self._conn.rollback()

    async def close(self) -> None:
        self.stop()

    def stop(self) -> None:
        if self._connection is not None:
            self._connection = None
            self._conn.close()


def inline_creator(path: str) -> Callable[[], Any]:
    """An `async_creator` for `create_async_engine`: inline connections to `path`."""

    async def connect() -> InlineConnection:
        # Autocommit mode: BEGIN is ours (bot.db.engine); the busy timeout is set there.
        connection = sqlite3.connect(
            path, isolation_level=None, check_same_thread=False, timeout=BUSY_WAIT_S
        )
        return InlineConnection(connection)

    return connect
