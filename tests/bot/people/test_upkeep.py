"""The service's nightly upkeep: pauses end by themselves, old data goes once a night."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from bot.core.config import load_config
from bot.db.database import Database
from bot.db.models import Address, Message, Senior
from bot.people.changes import pause_person
from bot.people.directory import Role, clean_person, upsert_people
from bot.people.upkeep import Upkeep

EVENING = datetime(2026, 12, 1, 20, 0, tzinfo=UTC)  # 21:00 in Stockholm
NIGHT = datetime(2026, 12, 2, 2, 30, tzinfo=UTC)  # 03:30 in Stockholm


async def test_pause_ends_and_old_texts_are_erased_once_a_night(db: Database) -> None:
    config = load_config(None, {"HEJSAN_DATABASE_URL": db.url})
    async with db.transaction() as session:
        await upsert_people(session, Role.SENIOR, [clean_person(name="Anna", phone="0701740605")])
        anna = await session.scalar(select(Senior.id))
        address = await session.scalar(select(Address.id))
        assert anna is not None
        assert address is not None
        session.add(
            Message(
                direction="in",
                channel="sms",
                address_id=address,
                senior_id=anna,
                body="gammalt",
                status="received",
                created_at=EVENING - timedelta(days=400),
            )
        )
        await pause_person(
            session, Role.SENIOR, anna, until=NIGHT, actor="cli", now=EVENING - timedelta(days=1)
        )
    upkeep = Upkeep(config)
    assert await upkeep.run(db, EVENING) is None  # not night yet
    report = await upkeep.run(db, NIGHT)
    assert report is not None
    assert report.messages_erased == 1
    assert await upkeep.run(db, NIGHT + timedelta(hours=1)) is None  # once a night
    async with db.reading() as session:
        senior = await session.get(Senior, anna)
        assert senior is not None
        assert senior.paused is False
        assert await session.scalar(select(Message.body)) == ""
