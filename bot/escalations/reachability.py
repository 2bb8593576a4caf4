"""The ladder never ends silently: a service that would open cases with
nobody to alert is refused at start, with a message saying what to add."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.errors import ConfigError
from bot.core.shell import Shell
from bot.db.models import Address, CloseContact, Senior, Volunteer
from bot.escalations.routing import coordinator_addresses

NOBODY_TO_REACH = (
    "[escalation] has nobody to reach: no coordinator in [escalation] coordinators can be "
    "reached and no active volunteer has a usable address, so a senior asking for help "
    'would alert nobody. Add a coordinator (e.g. coordinators = ["+46701234567"]) or a '
    "volunteer (hejsan volunteers add)."
)


async def nobody_to_reach(session: AsyncSession, shell: Shell) -> str | None:
    """Why cases could reach nobody, or None when someone can be alerted.
    With no seniors yet nothing can escalate, so that is not refused."""
    seniors = await session.scalar(select(func.count()).select_from(Senior))
    if not seniors:
        return None
    if await coordinator_addresses(session, shell):
        return None
    reachable = await session.scalar(
        select(func.count())
        .select_from(Volunteer)
        .join(Address, Address.volunteer_id == Volunteer.id)
        .where(
            Volunteer.active,
            Address.unusable_at.is_(None),
            Volunteer.id.not_in(select(CloseContact.volunteer_id)),
        )
    )
    return None if reachable else NOBODY_TO_REACH


async def refuse_if_nobody_to_reach(session: AsyncSession, shell: Shell) -> None:
    """Raise ConfigError (the start is refused) when nobody can be alerted."""
    problem = await nobody_to_reach(session, shell)
    if problem is not None:
        raise ConfigError(problem)
