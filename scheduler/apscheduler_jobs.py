"""A thin layer over APScheduler 3.11: one in-memory job per campaign.

The truth about campaigns lives in the configuration and about sends in the
database; APScheduler only wakes us at the right moments. Jobs are never
persisted: `sync_jobs` rebuilds them from the campaign definitions at start
and whenever the definitions change, and downtime is handled by our own
`scheduler.schedules.catch_up`, computed from the database at start.

Job defaults, chosen deliberately:

* ``coalesce=True``: if the loop was blocked past several run times, run once.
* ``max_instances=1``: a slow campaign run is not started again on top of itself.
* ``misfire_grace_time=30`` s: APScheduler's grace only covers small delays (a
  busy event loop, a slow start-up); anything later is downtime and belongs to
  `catch_up`. It is kept below 60 s, the shortest gap between two cron
  occurrences, because APScheduler 3.11 does not tell the job function which
  run time it is for: the job recovers it as the latest occurrence at or
  before now, which is unambiguous only while the delay is under a minute.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from scheduler.schedules import (
    DEFAULT_TZ,
    ScheduleError,
    cron_trigger,
    previous_occurrence,
    validate_schedule,
)

__all__ = [
    "JOB_DEFAULTS",
    "JOB_PREFIX",
    "MISFIRE_GRACE_SECONDS",
    "CampaignJob",
    "Clock",
    "Fire",
    "SyncResult",
    "build_scheduler",
    "job_id",
    "run_campaign_job",
    "sync_jobs",
]

log = logging.getLogger(__name__)

MISFIRE_GRACE_SECONDS = 30
JOB_DEFAULTS: dict[str, Any] = {
    "coalesce": True,
    "max_instances": 1,
    "misfire_grace_time": MISFIRE_GRACE_SECONDS,
}
JOB_PREFIX = "campaign:"

Fire = Callable[[str, datetime], Awaitable[None]]
"""Called with the campaign name and the occurrence (UTC) it fires for."""

Clock = Callable[[], datetime]


class CampaignJob(NamedTuple):
    """One campaign as the scheduler needs it: name, cron schedule, paused flag."""

    name: str
    cron: str
    paused: bool = False


@dataclass(frozen=True)
class SyncResult:
    """What `sync_jobs` changed, by campaign name (for the log)."""

    added: tuple[str, ...] = ()
    replaced: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    paused: tuple[str, ...] = ()
    resumed: tuple[str, ...] = ()


def job_id(name: str) -> str:
    """The stable APScheduler job id of a campaign: ``campaign:<name>``."""
    return f"{JOB_PREFIX}{name}"


def build_scheduler(tz: ZoneInfo = DEFAULT_TZ) -> AsyncIOScheduler:
    """An `AsyncIOScheduler` with our job defaults and the default in-memory job store.

    Start it inside the running event loop (the app's lifespan): APScheduler
    3.11 takes the loop with `asyncio.get_running_loop()` in `start()`.
    """
    return AsyncIOScheduler(timezone=tz, job_defaults=dict(JOB_DEFAULTS))


async def run_campaign_job(name: str, expr: str, tz: ZoneInfo, fire: Fire, clock: Clock) -> None:
    """The job function: work out which occurrence this is and call `fire` with it.

    APScheduler 3.11 does not pass the scheduled run time to the job, so the
    occurrence is the latest one at or before now. A run more than the grace
    time after that occurrence is not one APScheduler meant to make on time
    (it already drops those itself), so it is logged and skipped; `catch_up`
    owns late sends.
    """
    now = clock()
    occurrence = previous_occurrence(expr, tz, now)
    if occurrence is None or now - occurrence > timedelta(seconds=MISFIRE_GRACE_SECONDS):
        log.warning(
            "campaign %r woke at %s with no occurrence in the last %s s; not firing",
            name,
            now.isoformat(),
            MISFIRE_GRACE_SECONDS,
        )
        return
    await fire(name, occurrence)


def _is_paused(job: Any) -> bool:
    # A job added before `start()` has no next_run_time attribute until started.
    return hasattr(job, "next_run_time") and job.next_run_time is None


def sync_jobs(
    scheduler: AsyncIOScheduler,
    campaigns: Iterable[tuple[str, str, bool]],
    tz: ZoneInfo,
    fire: Fire,
    *,
    clock: Clock,
) -> SyncResult:
    """Make the scheduler's campaign jobs match `campaigns` (name, cron, paused).

    Adds missing jobs, replaces jobs whose schedule, zone or callback changed,
    pauses and resumes as asked, and removes ``campaign:`` jobs no longer
    listed; other jobs are left alone. Everything is validated first, so a bad
    schedule raises `ScheduleError` and changes nothing. Works before and
    after `start()`. A resumed job continues from its next occurrence; what it
    missed while paused is not sent.
    """
    wanted: dict[str, tuple[str, bool]] = {}
    for name, expr, paused in campaigns:
        if name in wanted:
            raise ScheduleError(f"campaign {name!r} is listed twice")
        wanted[name] = (validate_schedule(expr, tz), bool(paused))

    added: list[str] = []
    replaced: list[str] = []
    removed: list[str] = []
    paused_now: list[str] = []
    resumed: list[str] = []

    existing = {job.id: job for job in scheduler.get_jobs() if str(job.id).startswith(JOB_PREFIX)}
    for name, (expr, paused) in wanted.items():
        args = (name, expr, tz, fire, clock)
        job = existing.pop(job_id(name), None)
        if job is not None and tuple(job.args) == args:
            if paused and not _is_paused(job):
                scheduler.pause_job(job.id)
                paused_now.append(name)
            elif not paused and _is_paused(job):
                scheduler.resume_job(job.id)
                resumed.append(name)
            continue
        if job is not None:
            # Remove, then add: replace_existing on a not-yet-started scheduler
            # leaves two pending jobs with the same id.
            scheduler.remove_job(job.id)
        options: dict[str, Any] = {"next_run_time": None} if paused else {}
        scheduler.add_job(
            run_campaign_job,
            trigger=cron_trigger(expr, tz),
            args=args,
            id=job_id(name),
            name=f"campaign {name} ({expr}, {tz.key})",
            **options,
        )
        (added if job is None else replaced).append(name)

    for stale_id, job in existing.items():
        scheduler.remove_job(stale_id)
        removed.append(str(job.id).removeprefix(JOB_PREFIX))

    result = SyncResult(
        tuple(added), tuple(replaced), tuple(removed), tuple(paused_now), tuple(resumed)
    )
    if any((added, replaced, removed, paused_now, resumed)):
        log.info("campaign jobs synced: %s", result)
    return result
