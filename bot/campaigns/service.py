"""Running campaigns on their schedules inside the service.

APScheduler only fires in-memory jobs rebuilt from the campaign definitions at
start; the truth (which occurrences ran) is in `campaign_runs`. At start each
campaign's most recent missed occurrence is caught up once if still the same
local day and outside quiet hours (scheduler.schedules.catch_up), otherwise
skipped and logged. With PostgreSQL, only the process holding the leader lock
schedules; the others serve webhooks and send.

The definitions live in the `campaigns` table (seeded from the config once);
the leader looks at their version when another process notifies a change
(PostgreSQL) or every `RELOAD_SECONDS`, and rebuilds its jobs when a
coordinator has edited, paused or resumed one: no restart needed.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, text

from bot.campaigns.definitions import load_campaigns, seed_from_config, version
from bot.campaigns.occurrences import is_paused, run_campaign
from bot.core.config import CampaignConfig
from bot.core.logs import log_event
from bot.core.shell import Shell
from bot.db.database import Database
from bot.db.models import CampaignDefinition, CampaignRun
from bot.db.notices import CAMPAIGN_NOTICES, listen
from scheduler.apscheduler_jobs import build_scheduler, job_id, sync_jobs
from scheduler.schedules import catch_up, previous_occurrence

log = logging.getLogger("hejsan.campaigns")

LEADER_LOCK_KEY = 0x48454A53  # "HEJS"
# A standby process tries for the leader's lock this often: the fail-over time.
LEADER_RETRY_SECONDS = 5.0
RELOAD_SECONDS = 2.0


class CampaignService:
    def __init__(self, database: Database, shell: Shell) -> None:
        self.database = database
        self.shell = shell
        self.campaigns = {c.name: c for c in shell.config.campaigns}
        self.scheduler = build_scheduler(shell.tz)
        self._leader_connection: Any = None
        self._task: asyncio.Task[None] | None = None
        self._version: tuple[Any, ...] | None = None
        # Set when another process changed a campaign (PostgreSQL notifies).
        self._changed = asyncio.Event()

    async def start(self) -> None:
        """Become leader (or keep trying in the background), then schedule."""
        self._task = asyncio.create_task(self._lead(), name="campaign-leader")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)
        if self._leader_connection is not None:
            await self._leader_connection.close()
            self._leader_connection = None

    async def _lead(self) -> None:
        while not await self._become_leader():  # noqa: ASYNC110 - a lock is polled, not awaited
            await asyncio.sleep(LEADER_RETRY_SECONDS)
        async with self.database.transaction() as session:
            await seed_from_config(session, self.shell.config.campaigns, self.shell.now())
        await self.reload()
        await self.catch_up()
        await self.sync()
        self.scheduler.start()
        log_event(log, "campaigns.scheduled", count=len(self.campaigns))
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), timeout=RELOAD_SECONDS)
            self._changed.clear()
            try:
                await self.reload_if_changed()
            except Exception:  # the database may be briefly away; try again soon
                log.exception("campaigns.reload_failed")

    async def reload(self) -> None:
        """Read the definitions (and their version) from the database."""
        async with self.database.reading() as session:
            self._version = await version(session)
            self.campaigns = {c.name: c for c in await load_campaigns(session)}

    async def reload_if_changed(self) -> bool:
        """Rebuild the jobs if a campaign was edited, added, paused or resumed."""
        async with self.database.reading() as session:
            current = await version(session)
        if current == self._version:
            return False
        await self.reload()
        await self.sync()
        log_event(log, "campaigns.reloaded", count=len(self.campaigns))
        return True

    def next_fire(self, name: str) -> datetime | None:
        """When this process's scheduler will next run `name` (None: not scheduled here)."""
        job = self.scheduler.get_job(job_id(name)) if self.scheduler.running else None
        fire: datetime | None = getattr(job, "next_run_time", None) if job else None
        return fire

    async def _become_leader(self) -> bool:
        """SQLite serves one process. PostgreSQL: an advisory lock held on a
        dedicated connection for the process's lifetime (released if it dies)."""
        if self.database.engine.dialect.name != "postgresql":
            return True
        connection = await self.database.engine.connect()
        got = await connection.scalar(text(f"SELECT pg_try_advisory_lock({LEADER_LOCK_KEY})"))
        await connection.commit()
        if got:
            self._leader_connection = connection
            await listen(connection, CAMPAIGN_NOTICES, self._changed.set)
            return True
        await connection.close()
        return False

    async def sync(self) -> None:
        """Rebuild the jobs from the definitions and the paused flags in the database."""
        jobs = []
        async with self.database.reading() as session:
            for campaign in self.campaigns.values():
                jobs.append((campaign.name, campaign.schedule, await is_paused(session, campaign)))
        sync_jobs(self.scheduler, jobs, self.shell.tz, self._fire, clock=self.shell.clock)

    async def _fire(self, name: str, scheduled: datetime) -> None:
        campaign = self.campaigns.get(name)
        if campaign is None:
            return
        try:
            await run_campaign(self.database, self.shell, campaign, scheduled)
        except Exception:  # a failed run must not stop the scheduler; it is logged
            log.exception("campaign.failed", extra={"fields": {"campaign": name}})

    async def catch_up(self) -> None:
        now = self.shell.now()
        for campaign in self.campaigns.values():
            await self._catch_up_one(campaign, now)

    async def _catch_up_one(self, campaign: CampaignConfig, now: datetime) -> None:
        async with self.database.reading() as session:
            if await is_paused(session, campaign):
                return
            last: datetime | None = await session.scalar(
                select(func.max(CampaignRun.scheduled_for)).where(
                    CampaignRun.campaign == campaign.name
                )
            )
            if last is None:
                # Never ran: an occurrence since it was created was missed
                # (a leader died just before it), one before was not.
                last = await session.scalar(
                    select(CampaignDefinition.created_at).where(
                        CampaignDefinition.name == campaign.name
                    )
                )
        missed = catch_up(campaign.schedule, self.shell.tz, last, now, self.shell.quiet_hours)
        if missed is not None:
            log_event(log, "campaign.catch_up", campaign=campaign.name, occurrence=str(missed))
            await self._fire(campaign.name, missed)
            return
        latest = previous_occurrence(campaign.schedule, self.shell.tz, now)
        if last is not None and latest is not None and latest > last:
            log_event(
                log,
                "campaign.missed_skipped",
                logging.WARNING,
                campaign=campaign.name,
                occurrence=str(latest),
            )
