"""Campaigns in the database: plain schedule fields, validated edits, reload without restart."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.campaigns.definitions import (
    CampaignEditError,
    load_campaigns,
    plain_schedule,
    schedule_from_fields,
    seed_from_config,
    set_paused,
    update_campaign,
)
from bot.campaigns.service import CampaignService
from bot.core.config import CampaignConfig, Config
from bot.core.shell import build_shell
from bot.db.database import Database

NOW = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)  # Monday 09:00 in Stockholm
CHECKIN = CampaignConfig(name="incheckning", kind="checkin", schedule="0 10 * * mon-fri")


def test_plain_fields_make_cron_and_back() -> None:
    assert schedule_from_fields(["thu", "mon"], "9:30") == "30 9 * * mon,thu"
    plain = plain_schedule("0 10 * * mon-fri")
    assert plain is not None
    assert plain.days == ("mon", "tue", "wed", "thu", "fri")
    assert plain.time == "10:00"
    assert plain_schedule("0 10 1 * *") is None
    with pytest.raises(CampaignEditError):
        schedule_from_fields([], "10:00")
    with pytest.raises(CampaignEditError):
        schedule_from_fields(["mon"], "25:00")


def test_every_n_weeks_is_a_plain_field_too() -> None:
    expr = schedule_from_fields(["mon"], "10:00", 2, date(2026, 12, 2))
    assert expr == "0 10 * * mon every 2 weeks from 2026-11-30"  # counted from that Monday
    plain = plain_schedule(expr)
    assert plain is not None
    assert (plain.days, plain.time, plain.every_weeks) == (("mon",), "10:00", 2)
    assert plain.anchor == date(2026, 11, 30)
    assert schedule_from_fields(["mon"], "10:00", 1, date(2026, 12, 2)) == "0 10 * * mon"
    with pytest.raises(CampaignEditError):
        schedule_from_fields(["mon"], "10:00", 13, date(2026, 12, 2))


async def test_config_seeds_once_and_edits_win(db: Database) -> None:
    async with db.transaction() as session:
        assert await seed_from_config(session, [CHECKIN], NOW) == 1
        await update_campaign(session, CHECKIN.name, {"schedule": "30 14 * * mon"}, NOW)
    async with db.transaction() as session:
        assert await seed_from_config(session, [CHECKIN], NOW) == 0
        stored = await load_campaigns(session)
    assert [c.schedule for c in stored] == ["30 14 * * mon"]


async def test_an_invalid_edit_names_the_field_and_changes_nothing(db: Database) -> None:
    async with db.transaction() as session:
        await seed_from_config(session, [CHECKIN], NOW)
    with pytest.raises(CampaignEditError, match="schedule"):
        async with db.transaction() as session:
            await update_campaign(session, CHECKIN.name, {"schedule": "0 10 * * 1"}, NOW)
    async with db.reading() as session:
        assert [c.schedule for c in await load_campaigns(session)] == [CHECKIN.schedule]


async def test_running_scheduler_moves_the_job_after_an_edit(db: Database) -> None:
    shell = build_shell(Config(campaigns=[CHECKIN]), lambda: NOW)
    service = CampaignService(db, shell)
    async with db.transaction() as session:
        await seed_from_config(session, [CHECKIN], NOW)
    await service.reload()
    await service.sync()
    service.scheduler.start()
    try:
        before = service.next_fire(CHECKIN.name)
        assert before is not None
        assert before.strftime("%H:%M") == "10:00"
        assert not await service.reload_if_changed()
        async with db.transaction() as session:
            await update_campaign(session, CHECKIN.name, {"schedule": "35 14 * * mon-fri"}, NOW)
        assert await service.reload_if_changed()
        after = service.next_fire(CHECKIN.name)
        assert after is not None
        assert after.strftime("%H:%M") == "14:35"
        async with db.transaction() as session:
            await set_paused(session, CHECKIN.name, True, NOW)
        assert await service.reload_if_changed()
    finally:
        await service.stop()
