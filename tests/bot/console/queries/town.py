"""A small town for the console's read side, on the escalation tests' `world`.

Seniors in two areas, volunteers, check-ins asked by a real campaign run and
answered by texts through the real inbound path: what a coordinator then
reads is made the way the service makes it.
"""

from __future__ import annotations

import itertools

from sqlalchemy import select

from bot.campaigns.occurrences import run_campaign
from bot.channels.types import Channel, InboundMessage
from bot.core.config import CampaignConfig
from bot.db.models import Senior
from bot.people.directory import Role, clean_person, upsert_people
from bot.turns.inbound import receive
from tests.bot.escalations.world import ANNA, JOHN, World

GOSTA = "+46701740606"
MARGIT = "+46701740607"
MORGONKOLL = CampaignConfig(name="morgonkoll", kind="checkin", schedule="0 10 * * *")

_sids = itertools.count(1)


async def add_seniors(world: World) -> dict[str, int]:
    """Gösta in Tyresö and Margit in Haninge next to the world's Anna and John;
    returns every senior's id by first name."""
    async with world.db.transaction() as session:
        await upsert_people(
            session,
            Role.SENIOR,
            [
                clean_person(name="Gösta Berg", phone=GOSTA, area="Tyresö"),
                clean_person(name="Margit Holm", phone=MARGIT, area="Haninge", tags=["soppa"]),
            ],
        )
    return await senior_ids(world)


async def senior_ids(world: World) -> dict[str, int]:
    async with world.db.reading() as session:
        rows = await session.execute(select(Senior.name, Senior.id))
        return {str(name).split()[0]: int(senior_id) for name, senior_id in rows}


async def text_in(world: World, phone: str, text: str) -> None:
    """`phone` texts Hejsan now, as a Twilio webhook would hand it over."""
    inbound = InboundMessage(Channel.SMS, phone, text, f"tw:SM{next(_sids):032d}", world.clock.now)
    await receive(world.db, world.shell, inbound)


async def ask(world: World, campaign: CampaignConfig = MORGONKOLL) -> None:
    """Run the check-in campaign now for everyone in its audience."""
    await run_campaign(world.db, world.shell, campaign, world.clock.now)


__all__ = ["ANNA", "GOSTA", "JOHN", "MARGIT", "add_seniors", "ask", "senior_ids", "text_in"]
