"""Wake-ups across processes: on PostgreSQL a row or a campaign change committed
by one process is heard by the others at once (LISTEN/NOTIFY)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest

from bot.db.database import Database
from bot.db.models import Address, CampaignState
from bot.db.notices import CAMPAIGN_NOTICES, listen
from bot.db.outbox import SqlOutboxStore, enqueue


def postgres_only(db_url: str) -> None:
    if not db_url.startswith("postgresql"):
        pytest.skip("SQLite serves one process: the dispatcher's one-second look is its wake-up")


async def heard_within(event: asyncio.Event, seconds: float) -> bool:
    try:
        await asyncio.wait_for(event.wait(), timeout=seconds)
    except TimeoutError:
        return False
    return True


async def test_a_row_queued_by_another_process_wakes_the_dispatcher(db_url: str) -> None:
    postgres_only(db_url)
    worker, other_process = Database(db_url), Database(db_url)
    woken = asyncio.Event()
    store = SqlOutboxStore(worker)
    try:
        await store.open(woken.set)
        now = datetime.now(UTC)
        async with other_process.transaction() as session:
            address = Address(channel="sms", value="+46701740606", created_at=now)
            session.add(address)
            await session.flush()
            await enqueue(session, address, "Hej Anna", kind="proactive", now=now)
            await asyncio.sleep(0.3)
            assert not woken.is_set(), "nothing is heard before the commit"
        assert await heard_within(woken, 2.0), "the committed row woke no one"
    finally:
        await store.close()
        await worker.close()
        await other_process.close()


async def test_pausing_a_campaign_elsewhere_wakes_the_scheduler(db_url: str) -> None:
    postgres_only(db_url)
    leader, other_process = Database(db_url), Database(db_url)
    changed = asyncio.Event()
    connection = await leader.engine.connect()
    try:
        assert await listen(connection, CAMPAIGN_NOTICES, changed.set)
        async with other_process.transaction() as session:
            session.add(CampaignState(name="morgonkoll", paused=True))
        assert await heard_within(changed, 2.0)
    finally:
        await connection.close()
        await leader.close()
        await other_process.close()


async def test_sqlite_has_nothing_to_listen_on(db: Database) -> None:
    if db.engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL listens")
    async with db.engine.connect() as connection:
        assert not await listen(connection, CAMPAIGN_NOTICES, lambda: None)
