"""SQLite writers answered in the event loop's thread: waiting for another
process's write lock must not freeze the service, and must end, either when
the lock is free or with a clear "locked" error after `BUSY_WAIT_S`."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError

from bot.db import sqlite_inline
from bot.db.database import Database
from bot.db.sqlite_inline import inline_creator
from bot.people.directory import Role
from tests.bot.builders import add_person


@pytest.fixture
def sqlite_db(sqlite_template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "hejsan.db"
    path.write_bytes(sqlite_template.read_bytes())
    return path


@pytest.fixture
def other_process(sqlite_db: Path) -> Iterator[sqlite3.Connection]:
    """A CLI command beside `serve`: it holds the write lock until it commits."""
    connection = sqlite3.connect(sqlite_db, isolation_level=None)
    connection.execute("BEGIN IMMEDIATE")
    yield connection
    connection.close()


async def _ticks_while(work: asyncio.Task[object]) -> int:
    """How often the loop got to run something else while `work` waited."""
    ticks = 0
    while not work.done():
        await asyncio.sleep(0.01)
        ticks += 1
    return ticks


async def test_a_writer_waits_for_the_lock_without_freezing_the_loop(
    sqlite_db: Path, other_process: sqlite3.Connection
) -> None:
    db = Database(f"sqlite:///{sqlite_db}")
    try:
        loop = asyncio.get_running_loop()
        loop.call_later(0.3, other_process.execute, "COMMIT")
        started = time.monotonic()
        write = asyncio.create_task(add_person(db, Role.SENIOR, "Anna Lindqvist", "+46701740605"))
        ticks = await _ticks_while(write)
        anna = await write
        waited = time.monotonic() - started
    finally:
        await db.close()
    assert anna.name == "Anna Lindqvist"
    assert 0.3 <= waited < 2.0  # it waited for the lock, and took it soon after
    assert ticks >= 5  # webhooks and timers kept running meanwhile


async def test_a_lock_never_released_ends_in_a_clear_error(
    sqlite_db: Path, other_process: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sqlite_inline, "BUSY_WAIT_S", 0.3)  # instead of ten seconds
    db = Database(f"sqlite:///{sqlite_db}")
    started = time.monotonic()
    try:
        with pytest.raises(OperationalError, match="locked"):
            await add_person(db, Role.SENIOR, "Anna Lindqvist", "+46701740605")
    finally:
        await db.close()
    assert time.monotonic() - started < 2.0
    other_process.execute("COMMIT")
    db = Database(f"sqlite:///{sqlite_db}")
    try:  # nothing half-written, and the next writer gets in
        assert (await add_person(db, Role.SENIOR, "Anna Lindqvist", "+46701740605")).id == 1
    finally:
        await db.close()


async def test_an_error_that_is_not_a_lock_is_raised_at_once(sqlite_db: Path) -> None:
    connection = await inline_creator(str(sqlite_db))()
    try:
        await connection.execute("BEGIN IMMEDIATE")
        started = time.monotonic()
        with pytest.raises(sqlite3.OperationalError, match="within a transaction"):
            await connection.execute("BEGIN IMMEDIATE")
        assert time.monotonic() - started < 1.0  # not retried for BUSY_WAIT_S
        await connection.rollback()
    finally:
        await connection.close()


async def test_the_connection_answers_like_aiosqlite(tmp_path: Path) -> None:
    connection = await inline_creator(str(tmp_path / "scratch.db"))()
    try:
        await connection.execute("CREATE TABLE seniors (id INTEGER PRIMARY KEY, name TEXT)")
        async with connection.cursor() as cursor:
            await cursor.executemany(
                "INSERT INTO seniors (name) VALUES (?)", [("Anna",), ("Gösta",), ("Aino",)]
            )
            assert cursor.rowcount == 3
            await cursor.execute("INSERT INTO seniors (name) VALUES (?)", ("Britt",))
            assert cursor.lastrowid == 4
            await cursor.execute("SELECT name FROM seniors ORDER BY id")
            assert [column[0] for column in cursor.description] == ["name"]
            assert await cursor.fetchone() == ("Anna",)
            cursor.arraysize = 2
            assert await cursor.fetchmany() == [("Gösta",), ("Aino",)]
            assert await cursor.fetchall() == [("Britt",)]
    finally:
        await connection.close()
        await connection.close()  # closing twice is harmless (pool and engine both may)
    with pytest.raises(sqlite3.ProgrammingError):
        await connection.execute("SELECT 1")
