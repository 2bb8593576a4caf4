"""Volunteer commands: one claim wins, clear answers, a pass moves the ladder."""

from __future__ import annotations

import asyncio

import pytest

from bot.db.models import Volunteer
from bot.escalations.commands import CaseOutcome
from bot.turns import claims
from tests.bot.escalations.world import V1, V2, V3, V4, World, volunteers


async def test_two_claims_at_the_same_moment_have_exactly_one_winner(world: World) -> None:
    # On SQLite every transaction begins IMMEDIATE, so the second claim only
    # starts after the first committed and is refused before it races: the
    # conditional UPDATE is what decides only where transactions overlap.
    if world.db.engine.dialect.name != "postgresql":
        pytest.skip("a race needs overlapping transactions: PostgreSQL only")
    await world.add_volunteers(*volunteers(2))
    for _ in range(3):
        world.clock.advance(minutes=1)
        case = await world.open()
        karin, ali = await world.volunteer(V1), await world.volunteer(V2)

        async def take(volunteer: Volunteer, case: int = case) -> CaseOutcome:
            async with world.db.transaction() as session:
                return await claims.claim_case(
                    session, world.shell, case, await session.merge(volunteer)
                )

        outcomes = await asyncio.gather(take(karin), take(ali))
        results = sorted(o.result for o in outcomes)
        assert results == ["claimed", "taken"]
        winner = next(o for o in outcomes if o.result == "claimed")
        loser = next(o for o in outcomes if o.result == "taken")
        assert loser.claimer == winner.claimer
        stored = await world.case(case)
        assert stored.status == "claimed"
        assert stored.claimed_by_id in {karin.id, ali.id}
        await world.command(V1 if winner.claimer == "Karin" else V2, f"KLAR {case}")


async def test_claim_by_someone_not_alerted_gets_a_clear_answer(world: World) -> None:
    await world.add_volunteers(*volunteers(3))
    case = await world.open()
    assert await world.command(V3, f"OK {case}") == (
        f"Ärende {case} skickades inte till dig. Hör av dig till samordnaren om du vill"
        " hjälpa till."
    )
    assert (await world.case(case)).status == "alerted"


async def test_closed_and_unknown_cases_get_an_answer(world: World) -> None:
    await world.add_volunteers(*volunteers(2))
    case = await world.open()
    await world.command(V1, f"ok {case}")
    assert await world.command(V2, f"KLAR {case}") == (
        f"Ärende {case} är taget av Karin. Bara den som tog det kan avsluta det."
    )
    assert await world.command(V1, f"klar {case}") == f"Tack! Ärende {case} är avslutat."
    assert await world.command(V2, f"OK {case}") == f"Ärende {case} är redan avslutat. Tack ändå!"
    assert await world.command(V2, "OK 4711") == "Det finns inget öppet ärende 4711. Kolla numret."
    assert (await world.command(V2, "hej")).startswith("Hej Ali!")


async def test_pass_alerts_the_next_volunteers_at_once(world: World) -> None:
    await world.add_volunteers(*volunteers(5))
    case = await world.open()
    assert await world.alerted(case) == {V1, V2}
    assert await world.command(V1, f"NEJ {case}") == (
        f"Okej, vi frågar någon annan om ärende {case}."
    )
    assert await world.alerted(case) == {V1, V2, V3, V4}
    # A pass from the earlier wave does not skip the wave just alerted.
    await world.command(V2, f"nej {case}")
    assert await world.alerted(case) == {V1, V2, V3, V4}
    await world.command(V3, f"ok {case}")
    assert (await world.texts_to(V4))[-1] == f"Ärende {case} är taget av Maja. Tack ändå!"
    assert not any("taget av" in text for text in await world.texts_to(V1))  # passed: not told
