"""A campaign's preview: who gets what at its next occurrence, who is skipped, the cost.

Shared by `hejsan campaign preview` and the console; it steps each senior's
conversation without storing anything, exactly as the run would.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.campaigns.occurrences import campaign_prompts, in_audience
from bot.channels.reach import reachable_channels
from bot.channels.simulator import ensure_simulator_addresses
from bot.core.config import CampaignConfig
from bot.core.shell import Shell
from bot.db.database import Database
from bot.turns.planning import Batch, SeniorRow, prompt_for, read_batches
from conversations import actions as a
from conversations.engine import step
from conversations.inputs import Input as ConversationInput
from conversations.sms_cost import sms_cost
from scheduler.schedules import next_occurrence, occurrence_key


def _preview_batch(
    shell: Shell,
    make_prompt: Callable[[SeniorRow], ConversationInput | None],
    batch: Batch,
    recipients: list[dict[str, Any]],
    skipped: dict[str, int],
) -> None:
    """What each senior of `batch` would get, with its SMS cost; or why nothing."""
    channels = reachable_channels(shell.config)
    for senior in batch.seniors:
        prompt = prompt_for(senior, batch, make_prompt, shell, channels)
        if isinstance(prompt, str):
            skipped[prompt] = skipped.get(prompt, 0) + 1
            continue
        address, event = prompt
        _, actions = step(batch.state(senior), event, shell.now(), shell.settings)
        for action in actions:
            if isinstance(action, a.SendMessage):
                cost = sms_cost(action.text)
                recipients.append(
                    {
                        "senior_id": senior.id,
                        "name": senior.name,
                        "channel": address.channel,
                        "text": action.text,
                        "encoding": cost.encoding,
                        "segments": cost.segments if address.channel == "sms" else 0,
                    }
                )


async def preview_campaign(db: Database, shell: Shell, campaign: CampaignConfig) -> dict[str, Any]:
    """Who would get what at the next occurrence, who is skipped and why, and the cost."""
    at = next_occurrence(campaign.schedule, shell.tz, shell.now()) or shell.now()
    occurrence = occurrence_key(at, shell.tz)
    make_prompt = campaign_prompts(campaign, occurrence, shell.config.service.default_lang)
    recipients: list[dict[str, Any]] = []
    skipped: dict[str, int] = {}
    if shell.config.simulator_only:
        await ensure_simulator_addresses(db)  # what the run will do first, idempotent
    audience = read_batches(db, keep=lambda senior: in_audience(senior, campaign), now=shell.now())
    async for batch in audience:
        _preview_batch(shell, make_prompt, batch, recipients, skipped)
    segments = sum(r["segments"] for r in recipients)
    price = shell.config.twilio.price_per_segment
    return {
        "campaign": campaign.name,
        "occurrence": occurrence,
        "recipients": len(recipients),
        "skipped": skipped,
        "sms_segments": segments,
        "cost": round(segments * price, 2),
        "currency": shell.config.twilio.currency,
        "messages": recipients,
    }
