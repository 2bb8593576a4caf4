"""Who is alerted about a case: volunteers on duty, then the coordinators.

Routing picks active volunteers who are on duty now (their availability
windows, in the service time zone), below their maximum of open cases, who
speak the senior's language and share an area or tag, least recently alerted
first; when too few match, any available volunteer is better than nobody.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import cast

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.channels.reach import pick_address
from bot.channels.simulator import simulator_address
from bot.channels.types import Channel
from bot.core.logs import log_event
from bot.core.phone import InvalidPhoneNumber, normalize_phone
from bot.core.shell import Shell
from bot.db.engine import insert_for
from bot.db.models import Address, Escalation, Senior, Volunteer
from bot.escalations.cases import CaseStatus
from bot.people.availability import volunteer_windows
from scheduler.duty_windows import on_duty

log = logging.getLogger("hejsan.escalations")


async def volunteer_addresses(
    session: AsyncSession, shell: Shell, volunteer_ids: Sequence[int]
) -> dict[int, Address]:
    """Where each volunteer is reached: Telegram if linked, else SMS; the
    simulator on the embedded defaults. Volunteers with no way are left out."""
    if not volunteer_ids:
        return {}
    rows = await session.scalars(select(Address).where(Address.volunteer_id.in_(volunteer_ids)))
    by_owner: dict[int, list[Address]] = {}
    for row in rows:
        by_owner.setdefault(cast(int, row.volunteer_id), []).append(row)
    found: dict[int, Address] = {}
    for volunteer_id in volunteer_ids:
        owned = by_owner.get(volunteer_id, [])
        if shell.config.simulator_only:
            usable = [r for r in owned if r.unusable_at is None]
            address = await simulator_address(session, None, usable, volunteer_id=volunteer_id)
        else:
            address = pick_address(shell.config, (r for r in owned if r.unusable_at is None))
        if address is not None:
            found[volunteer_id] = address
    return found


def _coordinator_target(shell: Shell, entry: str) -> tuple[str, str] | None:
    """ "+46701234567" or "telegram:123456" -> (channel, value) we can send on."""
    entry = entry.strip()
    if entry.casefold().startswith("telegram:"):
        chat = entry.split(":", 1)[1].strip()
        if shell.config.telegram.enabled and chat.lstrip("-").isdigit():
            return Channel.TELEGRAM.value, chat
        return None
    try:
        phone = normalize_phone(entry)
    except InvalidPhoneNumber:
        return None
    if shell.config.twilio.enabled:
        return Channel.SMS.value, phone
    if shell.config.simulator_only:
        return Channel.SIMULATOR.value, phone
    return None


async def coordinator_addresses(session: AsyncSession, shell: Shell) -> list[Address]:
    """The coordinators of `[escalation] coordinators`, as address rows."""
    found: list[Address] = []
    for entry in shell.config.escalation.coordinators:
        target = _coordinator_target(shell, entry)
        if target is None:
            log_event(log, "coordinator.unreachable", logging.WARNING, entry=entry)
            continue
        channel, value = target
        address = await session.scalar(
            select(Address).where(Address.channel == channel, Address.value == value)
        )
        if address is None:
            insert = insert_for(session)
            await session.execute(
                insert(Address)
                .values(channel=channel, value=value, created_at=shell.now())
                .on_conflict_do_nothing(index_elements=["channel", "value"])
            )
            address = await session.scalar(
                select(Address).where(Address.channel == channel, Address.value == value)
            )
        if address is not None and address.unusable_at is None and address not in found:
            found.append(address)
    return found


async def open_cases(session: AsyncSession, volunteer_ids: Sequence[int]) -> dict[int, int]:
    """How many claimed, unresolved cases each volunteer holds."""
    if not volunteer_ids:
        return {}
    rows = await session.execute(
        select(Escalation.claimed_by_id, func.count())
        .where(Escalation.status == CaseStatus.CLAIMED, Escalation.claimed_by_id.in_(volunteer_ids))
        .group_by(Escalation.claimed_by_id)
    )
    return {int(owner): int(count) for owner, count in rows if owner is not None}


def _senior_places(senior: Senior) -> set[str]:
    places = {t.casefold() for t in senior.tags or []}
    if senior.area:
        places.add(senior.area.casefold())
    return places


async def pick_volunteers(
    session: AsyncSession,
    shell: Shell,
    senior: Senior,
    now: datetime,
    count: int,
    exclude: Iterable[int] = (),
) -> list[tuple[Volunteer, Address]]:
    """Up to `count` volunteers to alert now, best match first, then fairly.

    Candidates are active, on duty, below their maximum of open cases,
    reachable and not in `exclude`. Ranked by: speaks the senior's language,
    shares an area/tag (a volunteer without tags matches anywhere), least
    recently alerted.
    """
    skip = set(exclude)
    local = now.astimezone(shell.tz)
    volunteers = [
        v
        for v in await session.scalars(select(Volunteer).where(Volunteer.active))
        if v.id not in skip and on_duty(volunteer_windows(v), local)
    ]
    cases = await open_cases(session, [v.id for v in volunteers])
    volunteers = [v for v in volunteers if cases.get(v.id, 0) < v.max_open_cases]
    places = _senior_places(senior)
    never = datetime.min.replace(tzinfo=UTC)

    def rank(volunteer: Volunteer) -> tuple[bool, bool, datetime, int]:
        tags = {t.casefold() for t in volunteer.tags or []}
        elsewhere = bool(places and tags and not places & tags)
        return (
            volunteer.lang != senior.lang,
            elsewhere,
            volunteer.last_alerted_at or never,
            volunteer.id,
        )

    volunteers.sort(key=rank)
    picked: list[tuple[Volunteer, Address]] = []
    for start in range(0, len(volunteers), max(count, 1)):
        chunk = volunteers[start : start + count]
        addresses = await volunteer_addresses(session, shell, [v.id for v in chunk])
        picked.extend((v, addresses[v.id]) for v in chunk if v.id in addresses)
        if len(picked) >= count:
            break
    return picked[:count]
