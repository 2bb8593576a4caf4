"""Async engines for SQLite (the embedded default) and PostgreSQL.

SQLite gets WAL, a busy timeout, foreign keys and `BEGIN IMMEDIATE` for every
transaction: in WAL a transaction that reads then writes would otherwise fail
with SQLITE_BUSY at once instead of waiting (STACK-NOTES.md). Its writers run
their statements in the event loop's thread (`bot.db.sqlite_inline`); readers
keep aiosqlite's thread.

PostgreSQL connections are checked before use only when they have sat idle
in the pool (`IDLE_PING_SECONDS`): SQLAlchemy's `pool_pre_ping` costs three
round trips (BEGIN, an empty query, ROLLBACK) on every checkout, about five
per inbound SMS, while a connection used a moment ago is as good as a ping.

The pool keeps as many connections as a busy process uses at once
(`POOL_SIZE`): with SQLAlchemy's default of five, every connection past the
fifth was closed when given back and a new one opened (TCP, authentication,
every statement prepared again) about once in eight inbound SMS at
concurrency 16.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from sqlalchemy import event, exc
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlalchemy.ext.asyncio import AsyncSession as AsyncSession

from bot.core.errors import ConfigError
from bot.core.lazy import lazy_module
from bot.db.sqlite_inline import inline_creator

if TYPE_CHECKING:
    from sqlalchemy.dialects import postgresql
else:  # a process on SQLite never loads it: a tenth of `hejsan seniors list` (bot/core/lazy.py)
    postgresql = lazy_module("sqlalchemy.dialects.postgresql")

T = TypeVar("T")

SQLITE_BUSY_TIMEOUT_MS = 10_000
IDLE_PING_SECONDS = 10.0
POOL_SIZE = 20
POOL_OVERFLOW = 5
_IDLE_SINCE = "hejsan_idle_since"


def async_url(url: str) -> str:
    """Map the URL a coordinator writes to the async driver we ship."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url.removeprefix("postgres://")
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        return parsed.set(drivername="sqlite+aiosqlite").render_as_string(hide_password=False)
    if backend == "postgresql":
        return parsed.set(drivername="postgresql+asyncpg").render_as_string(hide_password=False)
    raise ConfigError(f"[database] url: unsupported database {backend!r}")


def _unicode_lower(value: Any) -> Any:
    return value.lower() if isinstance(value, str) else value


def _tune_sqlite(engine: AsyncEngine, *, immediate: bool = True) -> None:
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take BEGIN into our own hands (see the module docstring).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        # An inline connection waits for the write lock in `BEGIN`, off the loop.
        inline = getattr(dbapi_connection.driver_connection, "inline", False)
        cursor.execute(f"PRAGMA busy_timeout={0 if inline else SQLITE_BUSY_TIMEOUT_MS}")
        cursor.close()
        # SQLite's own lower() knows only A-Z: "Åsa" and "Älvsjö" would never
        # match what a coordinator types in lower case. PostgreSQL's does.
        dbapi_connection.create_function("lower", 1, _unicode_lower, deterministic=True)

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Any) -> None:
        # Readers use a plain (deferred) BEGIN: in WAL they never wait for a writer.
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def make_engine(url: str, *, read_only: bool = False, **kwargs: Any) -> AsyncEngine:
    """An AsyncEngine for `url`, tuned for the backend. On SQLite, `read_only`
    engines start transactions without taking the write lock."""
    full = async_url(url)
    # An error's text must not carry bound values (bodies, numbers, names) to the log.
    kwargs.setdefault("hide_parameters", True)
    if full.startswith("sqlite"):
        path = make_url(full).database or ""
        if not read_only and path and path != ":memory:" and not path.startswith("file:"):
            # Writers take turns anyway: answer in the loop's thread (sqlite_inline).
            kwargs.setdefault("async_creator", inline_creator(path))
        engine = create_async_engine(full, **kwargs)
        _tune_sqlite(engine, immediate=not read_only)
        return engine
    idle_ping_seconds = kwargs.pop("idle_ping_seconds", IDLE_PING_SECONDS)
    if "poolclass" not in kwargs:
        kwargs.setdefault("pool_size", POOL_SIZE)
        kwargs.setdefault("max_overflow", POOL_OVERFLOW)
    engine = create_async_engine(full, **kwargs)
    _ping_when_idle(engine, idle_ping_seconds)
    return engine


def _ping_when_idle(engine: AsyncEngine, idle_seconds: float) -> None:
    """Ping a pooled connection that sat idle `idle_seconds` or more; a dead
    one is replaced before anyone uses it (SQLAlchemy's own recipe: the pool
    retries the checkout when a listener raises DisconnectionError)."""
    pool = engine.sync_engine.pool
    dialect = engine.sync_engine.dialect

    @event.listens_for(pool, "checkin")
    def _on_checkin(_dbapi_connection: Any, record: Any) -> None:
        record.info[_IDLE_SINCE] = time.monotonic()

    @event.listens_for(pool, "checkout")
    def _on_checkout(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        idle_since = record.info.get(_IDLE_SINCE)
        if idle_since is None or time.monotonic() - idle_since < idle_seconds:
            return  # new, or used a moment ago
        try:
            dialect.do_ping(dbapi_connection)
        except dialect.loaded_dbapi.Error as error:
            raise exc.DisconnectionError("idle connection is gone") from error


def insert_for(session: AsyncSession) -> Any:
    """The dialect's `insert` (both have ON CONFLICT ... DO NOTHING / DO UPDATE)."""
    return _insert_of(dialect_of(session))


def dialect_of(session: AsyncSession) -> str:
    return session.bind.dialect.name if session.bind else "sqlite"


def _insert_of(dialect: str) -> Any:
    return postgresql.insert if dialect == "postgresql" else sqlite_insert


class PerDialect(Generic[T]):
    """A statement built once per dialect from that dialect's `insert`, for
    statements run on every message: built once, its cache key is computed
    once (a statement built per call costs more CPU than running it). Built
    on first use, so a process on SQLite never loads the PostgreSQL dialect."""

    def __init__(self, build: Callable[[Any], T]) -> None:
        self._build = build
        self._built: dict[str, T] = {}

    def __getitem__(self, dialect: str) -> T:
        built = self._built.get(dialect)
        if built is None:
            built = self._built[dialect] = self._build(_insert_of(dialect))
        return built


def per_dialect(build: Callable[[Any], T]) -> PerDialect[T]:
    return PerDialect(build)


def make_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)


def is_sqlite(engine: AsyncEngine) -> bool:
    return engine.dialect.name == "sqlite"
