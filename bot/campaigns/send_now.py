""" "Send now": today's occurrence of a campaign, planned at once.

It uses the same occurrence key as today's scheduled run (the schedule's time
today, or the start of the day when the schedule has none today), so the
scheduler, a restart's catch-up and "send now" on one day never send twice.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from bot.campaigns.occurrences import run_campaign
from bot.core.config import CampaignConfig
from bot.core.shell import Shell
from bot.db.database import Database
from bot.turns.planning import PlanReport
from scheduler.schedules import next_occurrence


def todays_occurrence(campaign: CampaignConfig, shell: Shell, now: datetime) -> datetime:
    """The schedule's occurrence today (UTC), or local midnight when it has none today."""
    local_day = now.astimezone(shell.tz).date()
    midnight = datetime.combine(local_day, time(0), tzinfo=shell.tz)
    first = next_occurrence(campaign.schedule, shell.tz, midnight - timedelta(microseconds=1))
    if first is not None and first.astimezone(shell.tz).date() == local_day:
        return first.astimezone(UTC)
    return midnight.astimezone(UTC)


async def send_now(database: Database, shell: Shell, campaign: CampaignConfig) -> PlanReport:
    return await run_campaign(
        database, shell, campaign, todays_occurrence(campaign, shell, shell.now())
    )
