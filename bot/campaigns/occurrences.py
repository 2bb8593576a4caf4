"""Campaigns: who hears which coordinator's prompt at each occurrence.

A campaign from the config becomes, per occurrence, one prompt per senior in
its audience (tags, organisation, language), personalised with the senior's
first name; `bot.turns.planning` steps and queues them exactly once.
"""

from __future__ import annotations

import string
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.config import CampaignConfig
from bot.core.shell import Shell
from bot.db.database import Database
from bot.db.models import CampaignState, Senior
from bot.people.directory import first_name
from bot.people.labels import label_keys
from bot.turns.planning import PlanReport, SeniorRow, plan
from conversations.inputs import CheckInPrompt, Input, MessagePrompt
from scheduler.schedules import occurrence_key, occurrence_today


def in_audience(senior: SeniorRow | Senior, campaign: CampaignConfig) -> bool:
    """Tags (or organisations, matched against tags and area), areas, and languages.

    Matched by folded keys: "Tyresö", "tyreso" and "TYRESÖ" are one tag.
    """
    tags = label_keys(campaign.audience_tags + campaign.audience_orgs)
    areas = label_keys(campaign.audience_areas)
    if tags or areas:
        area = label_keys([senior.area] if senior.area else [])
        if not (tags & (label_keys(senior.tags) | area) or areas & area):
            return False
    return not (campaign.audience_langs and senior.lang not in campaign.audience_langs)


class _Blank(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def personal(text: str, senior: SeniorRow | Senior) -> str:
    """Fill {name} in a coordinator's text; leave any other braces as written."""
    try:
        return string.Formatter().vformat(text, (), _Blank(name=first_name(senior.name)))
    except (ValueError, IndexError):
        return text


def campaign_prompt(
    campaign: CampaignConfig, occurrence: str, senior: SeniorRow | Senior, default_lang: str
) -> Input | None:
    text = campaign.text.get(senior.lang) or campaign.text.get(default_lang)
    if campaign.kind == "checkin":
        window = (
            timedelta(hours=campaign.reply_window_hours) if campaign.reply_window_hours else None
        )
        return CheckInPrompt(
            campaign=campaign.name,
            occurrence=occurrence,
            text_override=personal(text, senior) if text else None,
            reply_window=window,
        )
    if campaign.kind == "message":
        return MessagePrompt(personal(text, senior)) if text else None
    return None  # invitations are planned per event (bot.turns.invitation_stages)


def campaign_prompts(
    campaign: CampaignConfig, occurrence: str, default_lang: str
) -> Callable[[SeniorRow | Senior], Input | None]:
    """`campaign_prompt` for many seniors: the prompt depends only on the first
    name and the language, so each pair is built once."""
    made: dict[tuple[str, str], Input | None] = {}

    def prompt_of(senior: SeniorRow | Senior) -> Input | None:
        key = (first_name(senior.name), senior.lang)
        if key not in made:
            made[key] = campaign_prompt(campaign, occurrence, senior, default_lang)
        return made[key]

    return prompt_of


async def is_paused(session: AsyncSession, campaign: CampaignConfig) -> bool:
    state = await session.get(CampaignState, campaign.name)
    return state.paused if state is not None else campaign.paused


async def run_campaign(
    database: Database, shell: Shell, campaign: CampaignConfig, scheduled: datetime
) -> PlanReport:
    """Plan `campaign`'s occurrence at `scheduled` (UTC) for its whole audience."""
    occurrence = occurrence_key(scheduled, shell.tz)
    async with database.reading() as session:
        paused = await is_paused(session, campaign)
    if paused:
        report = PlanReport(campaign.name, occurrence)
        report.skipped["campaign_paused"] += 1
        return report
    return await plan(
        database,
        shell,
        name=campaign.name,
        occurrence=occurrence,
        scheduled=scheduled,
        senior_ids=None,
        keep=lambda senior: in_audience(senior, campaign),
        make_prompt=campaign_prompts(campaign, occurrence, shell.config.service.default_lang),
    )


async def run_now(database: Database, shell: Shell, campaign: CampaignConfig) -> PlanReport:
    """ "Send now": today's occurrence, under the key the schedule gives it, so
    the scheduled fire and the catch-up at start find it done (never twice)."""
    today = occurrence_today(campaign.schedule, shell.tz, shell.now())
    return await run_campaign(database, shell, campaign, today)
