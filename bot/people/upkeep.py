"""The service's own upkeep of people: pauses that end, and data kept no longer than set.

`upkeep` runs every few minutes in the service: it resumes everyone whose
pause has run out, and once a night (between 03:00 and 06:00 local time) applies the
retention rules of `[privacy]`. Both are idempotent, so a restart or a
second process running it too does no harm.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from bot.core.config import Config
from bot.core.logs import log_event
from bot.db.database import Database
from bot.people.changes import resume_due
from bot.people.privacy import RetentionReport, apply_retention

log = logging.getLogger("hejsan.upkeep")

NIGHT = (time(3, 0), time(6, 0))  # local: quiet, and before anyone starts work


@dataclass
class Upkeep:
    """Remembers the last night the retention job ran (in this process)."""

    config: Config
    last_night: date | None = None

    def retention_due(self, now: datetime) -> bool:
        local = now.astimezone(ZoneInfo(self.config.service.timezone))
        return NIGHT[0] <= local.time() < NIGHT[1] and local.date() != self.last_night

    async def run(self, database: Database, now: datetime) -> RetentionReport | None:
        """Resume ended pauses; apply retention once a night. Returns retention's report if run."""
        async with database.transaction() as session:
            resumed = await resume_due(session, now)
        if resumed:
            log_event(log, "people.pause_ended", resumed=resumed)
        if not self.retention_due(now):
            return None
        async with database.transaction() as session:
            report = await apply_retention(
                session,
                now,
                retention_days=self.config.privacy.retention_days,
                message_retention_days=self.config.privacy.message_retention_days,
            )
        self.last_night = now.astimezone(ZoneInfo(self.config.service.timezone)).date()
        log_event(
            log,
            "privacy.retention",
            messages_erased=report.messages_erased,
            people_erased=report.people_erased,
        )
        return report
