"""Whether any volunteer is on duty now, and when the next shift starts."""

from __future__ import annotations

from bot.people.availability import help_availability
from tests.bot.escalations.world import World, local, volunteers


async def test_help_is_available_only_in_someones_hours(world: World) -> None:
    await world.add_volunteers(*volunteers(2, availability="mon-fri 09:00-17:00"))
    async with world.db.transaction() as session:
        assert await help_availability(session, world.shell, local(2, 11)) == (True, None)
        available, at = await help_availability(session, world.shell, local(2, 20))
    assert not available
    assert at == local(3, 9)
