"""The campaigns running inside the service: a missed check-in is caught up once
after a restart, an old one is not, and a coordinator's pause takes effect
without a restart."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.campaigns.definitions import seed_from_config, set_paused
from bot.campaigns.service import CampaignService
from bot.core.shell import Shell
from bot.db.database import Database
from bot.db.models import CampaignRun
from bot.people.directory import Role
from tests.bot.builders import ANNA, add_person, sms_shell, texts_to
from tests.fakes.clock import Clock

# The check-in is at 10:00 in Stockholm (09:00 UTC in December).
MORNING = {"name": "morgonkoll", "kind": "checkin", "schedule": "0 10 * * *"}
YESTERDAY_10 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> Clock:
    return Clock()  # Wednesday 2 December, 11:00 in Stockholm


@pytest.fixture
async def world(db_url: str, clock: Clock) -> tuple[Database, Shell]:
    """Anna, the morning check-in, and a record that it last ran yesterday."""
    database = Database(db_url, clock=clock)
    shell = sms_shell(db_url, clock, campaigns=[MORNING])
    await add_person(database, Role.SENIOR, "Anna Lindqvist", ANNA)
    async with database.transaction() as session:
        await seed_from_config(session, shell.config.campaigns, clock())
        session.add(
            CampaignRun(
                campaign="morgonkoll",
                occurrence="2026-12-01T10:00",
                scheduled_for=YESTERDAY_10,
                finished_at=YESTERDAY_10,
            )
        )
    return database, shell


async def started(database: Database, shell: Shell) -> CampaignService:
    """A service as `serve` starts it, up to its catch-up (no timers left running)."""
    service = CampaignService(database, shell)
    await service.reload()
    await service.catch_up()
    return service


async def test_a_check_in_missed_this_morning_is_sent_once_after_a_restart(
    world: tuple[Database, Shell],
) -> None:
    database, shell = world
    try:
        await started(database, shell)
        asked = await texts_to(database, ANNA)
        await started(database, shell)  # a second restart the same morning
        assert len(asked) == 1
        assert "mår" in asked[0]
        assert await texts_to(database, ANNA) == asked
    finally:
        await database.close()


async def test_a_check_in_missed_yesterday_is_not_sent_late(
    world: tuple[Database, Shell], clock: Clock
) -> None:
    database, shell = world
    clock.advance(hours=-2)  # 09:00: the latest occurrence is yesterday's
    try:
        async with database.transaction() as session:  # it last ran the day before
            await session.execute(CampaignRun.__table__.delete())
            session.add(
                CampaignRun(
                    campaign="morgonkoll",
                    occurrence="2026-11-30T10:00",
                    scheduled_for=YESTERDAY_10 - timedelta(days=1),
                )
            )
        await started(database, shell)
        assert await texts_to(database, ANNA) == []
    finally:
        await database.close()


async def test_a_pause_by_a_coordinator_is_picked_up_without_a_restart(
    world: tuple[Database, Shell], clock: Clock
) -> None:
    database, shell = world
    service = CampaignService(database, shell)
    try:
        await service.reload()
        assert not await service.reload_if_changed(), "nothing changed yet"
        async with database.transaction() as session:
            await set_paused(session, "morgonkoll", True, clock())
        assert await service.reload_if_changed()
        await service.catch_up()
        assert await texts_to(database, ANNA) == [], "a paused campaign is not caught up"
    finally:
        await service.stop()
        await database.close()
