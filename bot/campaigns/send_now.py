""" "Send now" from the console: today's occurrence of a campaign, planned at once.

One rule for the console and the command line (`run_now`, keyed by
`scheduler.schedules.occurrence_today`): the latest occurrence today at or
before now, else today's first, else local midnight. The console once keyed
it by today's first occurrence, so pressing it after a later run of a
twice-a-day campaign texted everyone again; sharing the key means the
scheduler, a restart's catch-up and "send now" from either front never send
the same occurrence twice.
"""

from __future__ import annotations

from bot.campaigns.occurrences import run_now
from bot.core.config import CampaignConfig
from bot.core.shell import Shell
from bot.db.database import Database
from bot.turns.planning import PlanReport


async def send_now(database: Database, shell: Shell, campaign: CampaignConfig) -> PlanReport:
    """Plan today's occurrence now; a second press that day plans nothing."""
    return await run_now(database, shell, campaign)
