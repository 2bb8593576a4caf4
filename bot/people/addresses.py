"""Where to reach a person: the best of their usable addresses."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.channels.reach import pick_address
from bot.channels.simulator import simulator_address
from bot.core.shell import Shell
from bot.db.models import Address


async def preferred_address(session: AsyncSession, shell: Shell, senior_id: int) -> Address | None:
    """Where to start a conversation: the simulator on the embedded defaults,
    else Telegram when linked (free, buttons), else SMS; never an unusable one."""
    rows = list(
        await session.scalars(
            select(Address).where(Address.senior_id == senior_id, Address.unusable_at.is_(None))
        )
    )
    if shell.config.simulator_only:
        return await simulator_address(session, senior_id, rows)
    return pick_address(shell.config, rows)
