"""After a claim: only a winning claim becomes a turn of the senior's conversation."""

from __future__ import annotations

from bot.escalations.cases import CaseResult
from bot.turns import claims
from tests.bot.escalations.world import ANNA, V1, V2, World, volunteers


async def claim(world: World, phone: str, case: int) -> CaseResult:
    volunteer = await world.volunteer(phone)
    async with world.db.transaction() as session:
        outcome = await claims.claim_case(
            session, world.shell, case, await session.merge(volunteer)
        )
    return outcome.result


async def test_the_senior_hears_who_took_the_case_once(world: World) -> None:
    await world.add_volunteers(*volunteers(2))
    case = await world.open()
    before = len(await world.texts_to(ANNA))
    assert await claim(world, V1, case) == CaseResult.CLAIMED
    told = await world.texts_to(ANNA)
    assert len(told) == before + 1
    assert "Karin" in told[-1]
    assert await claim(world, V2, case) == CaseResult.TAKEN
    assert len(await world.texts_to(ANNA)) == before + 1, "a lost claim tells the senior nothing"


async def test_a_volunteer_who_writes_no_command_gets_help_and_the_senior_nothing(
    world: World,
) -> None:
    await world.add_volunteers(*volunteers(1))
    before = len(await world.texts_to(ANNA))
    answer = await world.command(V1, "hej, vad gör jag nu?")
    assert "OK" in answer
    assert len(await world.texts_to(ANNA)) == before
