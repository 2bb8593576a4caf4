"""The APScheduler wrapper: job bookkeeping, the job function, one real fire."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from scheduler.apscheduler_jobs import (
    MISFIRE_GRACE_SECONDS,
    CampaignJob,
    Clock,
    build_scheduler,
    job_id,
    run_campaign_job,
    sync_jobs,
)
from scheduler.schedules import ScheduleError, WallClockCronTrigger, next_occurrence

STOCKHOLM = ZoneInfo("Europe/Stockholm")


class Fired:
    """A `fire` callback that records what it was called with."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, datetime]] = []
        self.event = asyncio.Event()

    async def __call__(self, name: str, occurrence: datetime) -> None:
        self.calls.append((name, occurrence))
        self.event.set()


def fixed_clock(moment: datetime) -> Clock:
    return lambda: moment


# For tests that only look at the jobs: the time they would run at does not matter.
ANY_TIME = fixed_clock(datetime(2026, 12, 2, 10, 0, tzinfo=UTC))


async def ladder_step() -> None:
    """Stands in for a job that is not a campaign."""


@pytest.fixture
async def scheduler() -> AsyncIterator[AsyncIOScheduler]:
    running = build_scheduler(STOCKHOLM)
    running.start()
    yield running
    running.shutdown(wait=False)
    await asyncio.sleep(0)  # AsyncIOScheduler shuts down via call_soon_threadsafe


def campaign_ids(scheduler: AsyncIOScheduler) -> set[str]:
    return {job.id for job in scheduler.get_jobs()}


async def test_jobs_get_our_deliberate_defaults(scheduler: AsyncIOScheduler) -> None:
    sync_jobs(
        scheduler, [CampaignJob("checkin", "0 10 * * mon,thu")], STOCKHOLM, Fired(), clock=ANY_TIME
    )
    job = scheduler.get_job("campaign:checkin")
    assert (job.coalesce, job.max_instances, job.misfire_grace_time) == (
        True,
        1,
        MISFIRE_GRACE_SECONDS,
    )
    assert scheduler.timezone == STOCKHOLM


async def test_sync_adds_one_job_per_campaign_with_a_stable_id(scheduler: AsyncIOScheduler) -> None:
    fire = Fired()
    result = sync_jobs(
        scheduler,
        [("checkin", "0 10 * * mon,thu", False), ("soppa", "0 9 * * wed", False)],
        STOCKHOLM,
        fire,
        clock=ANY_TIME,
    )
    assert result.added == ("checkin", "soppa")
    assert campaign_ids(scheduler) == {"campaign:checkin", "campaign:soppa"}
    job = scheduler.get_job(job_id("checkin"))
    assert isinstance(job.trigger, WallClockCronTrigger)
    assert job.trigger.timezone == STOCKHOLM
    now = datetime.now(UTC)
    assert job.next_run_time == next_occurrence("0 10 * * mon,thu", STOCKHOLM, now)


async def test_sync_with_unchanged_definitions_changes_nothing(
    scheduler: AsyncIOScheduler,
) -> None:
    fire = Fired()
    campaigns = [CampaignJob("checkin", "0 10 * * mon,thu")]
    sync_jobs(scheduler, campaigns, STOCKHOLM, fire, clock=ANY_TIME)
    before = scheduler.get_job("campaign:checkin")
    result = sync_jobs(scheduler, campaigns, STOCKHOLM, fire, clock=ANY_TIME)
    assert result == type(result)()
    assert scheduler.get_job("campaign:checkin") is before


async def test_changed_schedule_replaces_the_job(scheduler: AsyncIOScheduler) -> None:
    fire = Fired()
    sync_jobs(
        scheduler, [CampaignJob("checkin", "0 10 * * mon,thu")], STOCKHOLM, fire, clock=ANY_TIME
    )
    result = sync_jobs(
        scheduler, [CampaignJob("checkin", "30 10 * * tue")], STOCKHOLM, fire, clock=ANY_TIME
    )
    assert result.replaced == ("checkin",)
    assert campaign_ids(scheduler) == {"campaign:checkin"}
    job = scheduler.get_job("campaign:checkin")
    assert job.args[1] == "30 10 * * tue"
    assert job.next_run_time.astimezone(STOCKHOLM).strftime("%a %H:%M") == "Tue 10:30"


async def test_campaign_no_longer_listed_is_removed_and_other_jobs_are_left_alone(
    scheduler: AsyncIOScheduler,
) -> None:
    fire = Fired()
    scheduler.add_job(ladder_step, "interval", hours=1, id="ladder:1")
    sync_jobs(
        scheduler,
        [CampaignJob("a", "0 10 * * *"), CampaignJob("b", "0 11 * * *")],
        STOCKHOLM,
        fire,
        clock=ANY_TIME,
    )
    result = sync_jobs(scheduler, [CampaignJob("a", "0 10 * * *")], STOCKHOLM, fire, clock=ANY_TIME)
    assert result.removed == ("b",)
    assert campaign_ids(scheduler) == {"campaign:a", "ladder:1"}


async def test_paused_campaign_has_no_next_run_and_resumes_on_unpause(
    scheduler: AsyncIOScheduler,
) -> None:
    fire = Fired()
    sync_jobs(
        scheduler,
        [CampaignJob("checkin", "0 10 * * *", paused=True)],
        STOCKHOLM,
        fire,
        clock=ANY_TIME,
    )
    assert scheduler.get_job("campaign:checkin").next_run_time is None

    result = sync_jobs(
        scheduler, [CampaignJob("checkin", "0 10 * * *")], STOCKHOLM, fire, clock=ANY_TIME
    )
    assert result.resumed == ("checkin",)
    assert scheduler.get_job("campaign:checkin").next_run_time is not None

    result = sync_jobs(
        scheduler, [CampaignJob("checkin", "0 10 * * *", True)], STOCKHOLM, fire, clock=ANY_TIME
    )
    assert result.paused == ("checkin",)
    assert scheduler.get_job("campaign:checkin").next_run_time is None


async def test_bad_definitions_raise_and_change_nothing(scheduler: AsyncIOScheduler) -> None:
    fire = Fired()
    sync_jobs(scheduler, [CampaignJob("checkin", "0 10 * * *")], STOCKHOLM, fire, clock=ANY_TIME)
    with pytest.raises(ScheduleError, match="day of week"):
        sync_jobs(
            scheduler,
            [CampaignJob("checkin", "0 11 * * *"), CampaignJob("soppa", "0 9 * * 3")],
            STOCKHOLM,
            fire,
            clock=ANY_TIME,
        )
    with pytest.raises(ScheduleError, match="listed twice"):
        sync_jobs(
            scheduler,
            [CampaignJob("checkin", "0 11 * * *"), CampaignJob("checkin", "0 12 * * *")],
            STOCKHOLM,
            fire,
            clock=ANY_TIME,
        )
    assert campaign_ids(scheduler) == {"campaign:checkin"}
    assert scheduler.get_job("campaign:checkin").args[1] == "0 10 * * *"


async def test_sync_before_start_keeps_pause_state_through_start() -> None:
    fire = Fired()
    pending = build_scheduler(STOCKHOLM)
    sync_jobs(
        pending,
        [CampaignJob("a", "0 10 * * *"), CampaignJob("b", "0 11 * * *")],
        STOCKHOLM,
        fire,
        clock=ANY_TIME,
    )
    sync_jobs(
        pending,
        [CampaignJob("a", "0 12 * * *"), CampaignJob("b", "0 11 * * *", paused=True)],
        STOCKHOLM,
        fire,
        clock=ANY_TIME,
    )
    assert [job.id for job in pending.get_jobs()] == ["campaign:b", "campaign:a"]
    pending.start()
    try:
        assert pending.get_job("campaign:b").next_run_time is None
        a = pending.get_job("campaign:a")
        assert a.next_run_time.astimezone(STOCKHOLM).strftime("%H:%M") == "12:00"
    finally:
        pending.shutdown(wait=False)
        await asyncio.sleep(0)


# --- the job function, called directly with a fixed clock ------------------------------


async def test_job_fires_with_the_occurrence_it_runs_for() -> None:
    fire = Fired()
    clock = fixed_clock(datetime(2026, 12, 3, 9, 0, 0, 40_000, tzinfo=UTC))
    await run_campaign_job("checkin", "0 10 * * mon,thu", STOCKHOLM, fire, clock)
    assert fire.calls == [("checkin", datetime(2026, 12, 3, 9, 0, tzinfo=UTC))]


async def test_job_running_later_than_the_grace_time_does_not_fire() -> None:
    fire = Fired()
    late = datetime(2026, 12, 3, 9, 0, tzinfo=UTC) + timedelta(seconds=MISFIRE_GRACE_SECONDS + 1)
    await run_campaign_job("checkin", "0 10 * * mon,thu", STOCKHOLM, fire, fixed_clock(late))
    assert fire.calls == []


async def test_job_does_not_fire_twice_in_the_repeated_autumn_hour() -> None:
    fire = Fired()
    expr = "30 2 * * *"
    first_pass = datetime(2026, 10, 25, 0, 30, 1, tzinfo=UTC)
    second_pass = datetime(2026, 10, 25, 1, 30, 1, tzinfo=UTC)
    for moment in (first_pass, second_pass):
        await run_campaign_job("night", expr, STOCKHOLM, fire, fixed_clock(moment))
    assert fire.calls == [("night", datetime(2026, 10, 25, 0, 30, tzinfo=UTC))]


# --- one real fire through APScheduler -----------------------------------------------


async def test_real_scheduler_fires_the_job_with_the_occurrence(
    scheduler: AsyncIOScheduler,
) -> None:
    fire = Fired()
    occurrence = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
    clock = fixed_clock(occurrence + timedelta(milliseconds=5))
    sync_jobs(
        scheduler,
        [CampaignJob("checkin", "0 10 * * mon,thu")],
        STOCKHOLM,
        fire,
        clock=clock,
    )
    # Make the job due now, as if its cron time had come.
    scheduler.modify_job("campaign:checkin", next_run_time=datetime.now(UTC))
    await asyncio.wait_for(fire.event.wait(), timeout=2)
    assert fire.calls == [("checkin", occurrence)]
    # APScheduler moved on to the next real occurrence.
    assert scheduler.get_job("campaign:checkin").next_run_time > datetime.now(UTC)
