"""Group commit: writes that arrive while others are being committed share
the next transaction.

Every caller still returns only once its own write is committed, so nothing
is acknowledged that a crash could lose; a write never waits on a timer when
the database is free (`gather_seconds` is for callers that want a few
milliseconds of company). On SQLite, where one writer runs at a time, a
hundred results a second as one transaction each kept the writer busy and the
send rate fell behind the provider's; grouped, they cost a few transactions.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import Generic, TypeVar

T = TypeVar("T")


class GroupCommit(Generic[T]):
    def __init__(
        self, write: Callable[[list[T]], Awaitable[None]], gather_seconds: float = 0.0
    ) -> None:
        self._write = write
        self._gather = gather_seconds
        self._waiting: list[tuple[T, asyncio.Future[None]]] = []
        self._writer: asyncio.Task[None] | None = None

    async def add(self, items: Sequence[T]) -> None:
        """Return when `items` are committed (raise what the commit raised)."""
        if not items:
            return
        loop = asyncio.get_running_loop()
        done: asyncio.Future[None] = loop.create_future()
        self._waiting.extend((item, done) for item in items)
        if self._writer is None:
            self._writer = loop.create_task(self._write_while_waiting())
        # Shielded: a caller cancelled mid-commit must not cancel the others' commit.
        await asyncio.shield(done)

    async def _write_while_waiting(self) -> None:
        try:
            if self._gather:
                await asyncio.sleep(self._gather)
            while self._waiting:
                batch, self._waiting = self._waiting, []
                futures = {id(done): done for _, done in batch}.values()
                try:
                    await self._write([item for item, _ in batch])
                except BaseException as exc:  # every caller in the group hears it
                    for done in futures:
                        if not done.done():
                            done.set_exception(
                                exc if isinstance(exc, Exception) else RuntimeError("cancelled")
                            )
                    if not isinstance(exc, Exception):
                        raise  # cancelled (shutdown): nobody waits for ever
                else:
                    for done in futures:
                        if not done.done():
                            done.set_result(None)
        finally:
            self._writer = None
