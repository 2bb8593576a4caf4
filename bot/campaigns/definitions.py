"""Campaigns stored in the database, so coordinators change them while the service runs.

`[[campaigns]]` in the config seeds the table once per name (`from_config`);
after that the database is the truth and the console edits it. Every edit is
validated exactly like the config file (`CampaignConfig`), and moves
`updated_at`, which the scheduler polls to rebuild its jobs without a restart.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.config import CampaignConfig
from bot.core.errors import HejsanError
from bot.db.models import CampaignDefinition, CampaignState
from scheduler.week_rhythm import WeekRhythmError, make_rhythm, split_rhythm, with_rhythm

# Monday first, as Swedish calendars are; cron's own names.
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_SIMPLE = re.compile(r"^(\d{1,2}) (\d{1,2}) \* \* ([a-z,\-]+|\*)$")
_TIME = re.compile(r"^(\d{1,2}):(\d{2})$")


class CampaignEditError(HejsanError):
    """A campaign edit that would not be valid; the message names the field."""


@dataclass(frozen=True)
class PlainSchedule:
    """A schedule as plain fields: days of the week, a time of day, and every
    how many weeks (1: each week) counted from the week of `anchor`."""

    days: tuple[str, ...]
    time: str  # "HH:MM"
    every_weeks: int = 1
    anchor: date | None = None


def schedule_from_fields(
    days: Sequence[str], at: str, every_weeks: int = 1, anchor: date | None = None
) -> str:
    """Days of the week and "HH:MM" as a cron expression ("30 14 * * mon,thu"),
    with "every N weeks from <anchor>" when `every_weeks` > 1."""
    chosen = [d for d in WEEKDAYS if d in set(days)]
    if not chosen:
        raise CampaignEditError("välj minst en veckodag / choose at least one day")
    match = _TIME.match(at.strip())
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        raise CampaignEditError("tiden skrivs TT:MM, t.ex. 10:00 / time as HH:MM")
    day_field = "*" if len(chosen) == 7 else ",".join(chosen)
    cron = f"{int(match[2])} {int(match[1])} * * {day_field}"
    if every_weeks == 1:
        return cron
    if anchor is None:
        raise CampaignEditError("every_weeks needs the week to count from")
    try:
        return with_rhythm(cron, make_rhythm(every_weeks, anchor))
    except WeekRhythmError as exc:
        raise CampaignEditError(f"var N:e vecka: N är 1 till 12 / {exc}") from None


def plain_schedule(expr: str) -> PlainSchedule | None:
    """The plain fields of a simple cron expression; None when it needs the advanced field."""
    try:
        cron, rhythm = split_rhythm(expr)
    except WeekRhythmError:
        return None
    match = _SIMPLE.match(cron.strip())
    if not match:
        return None
    minute, hour, day_field = int(match[1]), int(match[2]), match[3]
    days: list[str] = []
    if day_field == "*":
        days = list(WEEKDAYS)
    else:
        for part in day_field.split(","):
            if "-" in part:
                first, _, last = part.partition("-")
                if first not in WEEKDAYS or last not in WEEKDAYS:
                    return None
                days.extend(WEEKDAYS[WEEKDAYS.index(first) : WEEKDAYS.index(last) + 1])
            elif part in WEEKDAYS:
                days.append(part)
            else:
                return None
    return PlainSchedule(
        tuple(d for d in WEEKDAYS if d in days),
        f"{hour:02d}:{minute:02d}",
        rhythm.every if rhythm else 1,
        rhythm.anchor if rhythm else None,
    )


def to_config(row: CampaignDefinition, paused: bool = False) -> CampaignConfig:
    return CampaignConfig.model_validate(
        {
            "name": row.name,
            "kind": row.kind,
            "schedule": row.schedule,
            "audience_tags": row.audience_tags,
            "audience_orgs": row.audience_orgs,
            "audience_langs": row.audience_langs,
            "text": row.text,
            "reply_window_hours": row.reply_window_hours,
            "paused": paused,
        }
    )


async def seed_from_config(
    session: AsyncSession, campaigns: Iterable[CampaignConfig], now: datetime
) -> int:
    """Add each config campaign whose name is not stored yet; returns how many."""
    known = set(await session.scalars(select(CampaignDefinition.name)))
    added = 0
    for campaign in campaigns:
        if campaign.name in known:
            continue
        session.add(
            CampaignDefinition(
                name=campaign.name,
                kind=campaign.kind,
                schedule=campaign.schedule,
                audience_tags=list(campaign.audience_tags),
                audience_orgs=list(campaign.audience_orgs),
                audience_langs=list(campaign.audience_langs),
                text=dict(campaign.text),
                reply_window_hours=campaign.reply_window_hours,
                from_config=True,
                created_at=now,
                updated_at=now,
            )
        )
        if campaign.paused and await session.get(CampaignState, campaign.name) is None:
            session.add(CampaignState(name=campaign.name, paused=True, updated_at=now))
        added += 1
    await session.flush()
    return added


async def stored_campaigns(session: AsyncSession) -> list[tuple[CampaignDefinition, bool]]:
    """Every stored campaign with its paused flag, by name."""
    rows = await session.execute(
        select(CampaignDefinition, CampaignState.paused)
        .outerjoin(CampaignState, CampaignState.name == CampaignDefinition.name)
        .order_by(CampaignDefinition.name)
    )
    return [(row, bool(paused)) for row, paused in rows]


async def load_campaigns(session: AsyncSession) -> list[CampaignConfig]:
    return [to_config(row, paused) for row, paused in await stored_campaigns(session)]


async def version(session: AsyncSession) -> tuple[Any, ...]:
    """Changes whenever a campaign is added, edited, paused or resumed."""
    definitions = (
        await session.execute(
            select(func.count(), func.max(CampaignDefinition.updated_at)).select_from(
                CampaignDefinition
            )
        )
    ).one()
    states = (
        await session.execute(
            select(func.count(), func.max(CampaignState.updated_at)).select_from(CampaignState)
        )
    ).one()
    return (*definitions, *states)


async def update_campaign(
    session: AsyncSession, name: str, changes: dict[str, Any], now: datetime
) -> CampaignConfig:
    """Apply `changes` (CampaignConfig fields) if the result is a valid campaign."""
    row = await session.get(CampaignDefinition, name)
    if row is None:
        raise CampaignEditError(f"ingen kampanj / no campaign {name!r}")
    current = to_config(row).model_dump()
    current.update(changes)
    try:
        valid = CampaignConfig.model_validate(current)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise CampaignEditError(f"{where}: {first['msg'].removeprefix('Value error, ')}") from None
    row.kind = valid.kind
    row.schedule = valid.schedule
    row.audience_tags = list(valid.audience_tags)
    row.audience_orgs = list(valid.audience_orgs)
    row.audience_langs = list(valid.audience_langs)
    row.text = {lang: text for lang, text in valid.text.items() if text.strip()}
    row.reply_window_hours = valid.reply_window_hours
    row.updated_at = now
    return valid


async def add_campaign(
    session: AsyncSession, fields: dict[str, Any], now: datetime
) -> CampaignConfig:
    """A new campaign made in the console, validated like one from the config file."""
    try:
        valid = CampaignConfig.model_validate(fields)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise CampaignEditError(f"{where}: {first['msg'].removeprefix('Value error, ')}") from None
    if await session.get(CampaignDefinition, valid.name) is not None:
        raise CampaignEditError(f"det finns redan en kampanj som heter {valid.name!r}")
    session.add(
        CampaignDefinition(
            name=valid.name,
            kind=valid.kind,
            schedule=valid.schedule,
            audience_tags=list(valid.audience_tags),
            audience_orgs=list(valid.audience_orgs),
            audience_langs=list(valid.audience_langs),
            text={lang: text for lang, text in valid.text.items() if text.strip()},
            reply_window_hours=valid.reply_window_hours,
            from_config=False,
            created_at=now,
            updated_at=now,
        )
    )
    await session.flush()
    return valid


async def set_paused(session: AsyncSession, name: str, paused: bool, now: datetime) -> None:
    """Pause or resume a campaign; kept across restarts, seen by every process."""
    state = await session.get(CampaignState, name)
    if state is None:
        session.add(CampaignState(name=name, paused=paused, updated_at=now))
    else:
        state.paused = paused
        state.updated_at = now
