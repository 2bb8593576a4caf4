"""Wake-ups across processes (PostgreSQL `LISTEN/NOTIFY`).

Triggers (migration 0005d) notify at commit when outbox rows are inserted or a
campaign changes, whoever wrote them: the CLI, the console, another worker.
A listener hears them on a connection it holds anyway (a worker's or the
leader's lock connection), so a row written elsewhere is sent at once instead
of at the next look. SQLite serves one process and has no such thing: there the
dispatcher's one-second look is the wake-up.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

# Channel names, as the triggers of migration 0005d write them.
OUTBOX_NOTICES = "hejsan_outbox"
CAMPAIGN_NOTICES = "hejsan_campaigns"


async def listen(connection: AsyncConnection, channel: str, wake: Callable[[], None]) -> bool:
    """Call `wake` whenever `channel` is notified, for as long as `connection`
    stays open. False (and nothing done) when the database cannot notify."""
    if connection.dialect.name != "postgresql":
        return False
    raw = await connection.get_raw_connection()
    driver: Any = raw.driver_connection

    def heard(_connection: object, _pid: int, _channel: str, _payload: str) -> None:
        wake()

    await driver.add_listener(channel, heard)
    return True
