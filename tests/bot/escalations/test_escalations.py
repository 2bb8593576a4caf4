"""Escalations on a real database: routing, the ladder, claims, the CLI.

What a volunteer or coordinator notices is an alert in the outbox for their
phone; the tests look there, and move a clock by hand instead of sleeping.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from bot.cli.escalations import app as escalations_cli
from bot.core.config import Config
from bot.core.shell import Shell, build_shell
from bot.db.database import Database
from bot.db.models import Address, Escalation, Message, Senior, Timer, Volunteer
from bot.escalations.commands import CaseOutcome
from bot.escalations.ladder import open_escalation
from bot.people.availability import help_availability
from bot.people.directory import Role, clean_person, upsert_people
from bot.turns import claims
from bot.turns.timer_handlers import fire_due_timers as fire_due
from bot.turns.turn import run_turn
from conversations.events import Reply

STOCKHOLM = ZoneInfo("Europe/Stockholm")
# Wednesday 2 December 2026, 11:00 in Stockholm.
WEDNESDAY_11 = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)
ANNA = "+46701740605"
JOHN = "+46701740608"
COORDINATOR = "+46701740699"
V1, V2, V3, V4, V5 = (f"+4670174062{i}" for i in range(5))


@dataclass
class Clock:
    now: datetime = WEDNESDAY_11

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def make_config(url: str, **escalation: Any) -> Config:
    return Config.model_validate(
        {
            "database": {"url": url},
            "twilio": {
                "account_sid": "AC" + "0" * 32,
                "auth_token": "t" * 32,
                "from_number": "+46766860000",
            },
            "escalation": escalation,
        }
    )


@dataclass
class World:
    db: Database
    shell: Shell
    clock: Clock

    async def add_volunteers(self, *people: dict[str, Any]) -> None:
        async with self.db.transaction() as session:
            await upsert_people(
                session,
                Role.VOLUNTEER,
                [clean_person(org="Väntjänsten", **person) for person in people],
            )

    async def senior(self, phone: str = ANNA) -> Senior:
        async with self.db.transaction() as session:
            address = await session.scalar(select(Address).where(Address.value == phone))
            assert address is not None
            assert address.senior_id is not None
            senior = await session.get(Senior, address.senior_id)
            assert senior is not None
            return senior

    async def volunteer(self, phone: str) -> Volunteer:
        async with self.db.transaction() as session:
            address = await session.scalar(
                select(Address).where(Address.value == phone, Address.channel == "sms")
            )
            assert address is not None
            assert address.volunteer_id is not None
            volunteer = await session.get(Volunteer, address.volunteer_id)
            assert volunteer is not None
            return volunteer

    async def open(
        self, phone: str = ANNA, urgency: str = "normal", quote: str = "ring mig"
    ) -> int:
        senior = await self.senior(phone)
        async with self.db.transaction() as session:
            senior = await session.merge(senior)
            case = await open_escalation(
                session,
                self.shell,
                senior,
                reason="urgent" if urgency == "urgent" else "contact",
                urgency=urgency,
                quote=quote,
                message=None,
                event_id=None,
            )
            return case.id

    async def texts_to(self, phone: str) -> list[str]:
        async with self.db.transaction() as session:
            rows = await session.scalars(
                select(Message.body)
                .join(Address, Address.id == Message.address_id)
                .where(Message.direction == "out", Address.value == phone)
                .order_by(Message.id)
            )
            return list(rows)

    async def alerted(self, case_id: int) -> set[str]:
        """The phones that got an alert about this case."""
        async with self.db.transaction() as session:
            rows = await session.execute(
                select(Address.value, Message.body)
                .join(Address, Address.id == Message.address_id)
                .where(Message.kind == "alert")
            )
            return {
                phone
                for phone, body in rows
                if any(f"{word} {case_id}:" in body for word in ("rende", "ase"))
            }

    async def case(self, case_id: int) -> Escalation:
        async with self.db.transaction() as session:
            case = await session.get(Escalation, case_id)
            assert case is not None
            return case

    async def fire(self, **delta: float) -> None:
        self.clock.advance(**delta)
        await fire_due(self.db, self.shell)

    async def command(self, phone: str, text: str) -> str:
        """A volunteer texts `text`; returns the answer they get."""
        volunteer = await self.volunteer(phone)
        async with self.db.transaction() as session:
            address = await session.scalar(
                select(Address).where(Address.value == phone, Address.channel == "sms")
            )
            assert address is not None
            message = Message(
                direction="in", channel="sms", address_id=address.id, body=text, kind="inbound"
            )
            session.add(message)
            await session.flush()
            await claims.answer_volunteer(
                session, self.shell, await session.merge(volunteer), address, message
            )
        return (await self.texts_to(phone))[-1]


async def build_world(url: str, **escalation: Any) -> tuple[World, Database]:
    database = Database(url)
    clock = Clock()
    world = World(database, build_shell(make_config(url, **escalation), clock), clock)
    async with database.transaction() as session:
        await upsert_people(
            session,
            Role.SENIOR,
            [
                clean_person(name="Anna Lindqvist", phone=ANNA, tags=["tyresö"]),
                clean_person(name="John Smith", phone=JOHN, lang="en"),
            ],
        )
    return world, database


@pytest.fixture
async def world(db_url: str) -> AsyncIterator[World]:
    built, database = await build_world(db_url, coordinators=[COORDINATOR])
    try:
        yield built
    finally:
        await database.close()


def volunteers(count: int, **extra: Any) -> list[dict[str, Any]]:
    names = ["Karin Ek", "Ali Hassan", "Maja Berg", "Olle Holm", "Sara Lund"]
    phones = [V1, V2, V3, V4, V5]
    return [{"name": names[i], "phone": phones[i], **extra} for i in range(count)]


# ---------------------------------------------------------------- availability


def local(day: int, hour: int, minute: int = 0) -> datetime:
    """December 2026: day 7 is a Monday."""
    return datetime(2026, 12, day, hour, minute, tzinfo=STOCKHOLM)


async def test_help_is_available_only_in_someones_hours(world: World) -> None:
    await world.add_volunteers(*volunteers(2, availability="mon-fri 09:00-17:00"))
    async with world.db.transaction() as session:
        assert await help_availability(session, world.shell, local(2, 11)) == (True, None)
        available, at = await help_availability(session, world.shell, local(2, 20))
    assert not available
    assert at == local(3, 9)


# -------------------------------------------------------------------- routing


async def test_two_volunteers_are_alerted_at_once(world: World) -> None:
    await world.add_volunteers(*volunteers(4))
    case = await world.open()
    alerts = await world.alerted(case)
    assert len(alerts) == 2
    assert COORDINATOR not in alerts
    assert (await world.case(case)).status == "alerted"


async def test_alerts_rotate_fairly(world: World) -> None:
    await world.add_volunteers(*volunteers(4))
    first = await world.alerted(await world.open())
    world.clock.advance(minutes=1)
    second = await world.alerted(await world.open(JOHN))
    world.clock.advance(minutes=1)
    third = await world.alerted(await world.open())
    assert first.isdisjoint(second)
    assert first | second == {V1, V2, V3, V4}
    assert third == first


async def test_senior_language_and_area_are_matched_first(world: World) -> None:
    await world.add_volunteers(
        {"name": "Karin Ek", "phone": V1, "tags": ["haninge"]},
        {"name": "Ali Hassan", "phone": V2, "tags": ["tyresö"]},
        {"name": "Maja Berg", "phone": V3, "lang": "en"},
        {"name": "Olle Holm", "phone": V4},
    )
    assert await world.alerted(await world.open(ANNA)) == {V2, V4}  # Anna lives in Tyresö
    assert V3 in await world.alerted(await world.open(JOHN))  # John writes English


async def test_english_volunteer_gets_the_alert_in_english(world: World) -> None:
    await world.add_volunteers({"name": "Maja Berg", "phone": V3, "lang": "en"})
    case = await world.open(JOHN, quote="please call me")
    [alert] = await world.texts_to(V3)
    assert alert == (
        f"Case {case}: John {JOHN} would like a call."
        f' Wrote: "please call me". Reply OK {case} to take the case.'
    )


async def test_long_quotes_are_shortened(world: World) -> None:
    await world.add_volunteers(*volunteers(1))
    await world.open(quote="ord " * 100)
    [alert] = await world.texts_to(V1)
    quoted = alert.split('"')[1]
    assert len(quoted) <= 120
    assert quoted.endswith("...")


async def test_volunteer_with_full_hands_is_not_alerted(world: World) -> None:
    await world.add_volunteers(
        {"name": "Karin Ek", "phone": V1, "max_open_cases": 1}, *volunteers(3)[1:]
    )
    case = await world.open()
    assert V1 in await world.alerted(case)
    assert "är ditt" in await world.command(V1, f"OK {case}")
    world.clock.advance(minutes=1)
    assert V1 not in await world.alerted(await world.open(JOHN))


async def test_outside_hours_the_coordinator_is_alerted_and_the_senior_told_when(
    world: World,
) -> None:
    await world.add_volunteers(*volunteers(2, availability="mon-fri 09:00-17:00"))
    world.clock.now = local(2, 20).astimezone(UTC)
    senior = await world.senior()
    async with world.db.transaction() as session:
        await run_turn(session, world.shell, await session.merge(senior), Reply("ring mig"))
    [reply] = await world.texts_to(ANNA)
    assert "i morgon kl 09.00" in reply
    async with world.db.transaction() as session:
        case = int(await session.scalar(select(Escalation.id)) or 0)
    assert await world.alerted(case) == {COORDINATOR}
    # The shift starts: the volunteers get the case then.
    await world.fire(minutes=16)
    assert await world.alerted(case) == {COORDINATOR}
    world.clock.now = local(3, 9).astimezone(UTC)
    await fire_due(world.db, world.shell)
    assert await world.alerted(case) == {COORDINATOR, V1, V2}


# ------------------------------------------------------------------ the ladder


async def test_unclaimed_case_climbs_to_next_volunteers_then_coordinator(world: World) -> None:
    await world.add_volunteers(*volunteers(5))
    case = await world.open()
    first = await world.alerted(case)
    await world.fire(minutes=14)
    assert await world.alerted(case) == first  # not yet
    await world.fire(minutes=2)
    second = await world.alerted(case) - first
    assert len(second) == 2
    assert COORDINATOR not in second
    await world.fire(minutes=16)
    assert await world.alerted(case) == first | second | {COORDINATOR}
    assert (await world.case(case)).level == 2


async def test_urgent_case_alerts_coordinator_at_once_and_climbs_in_five_minutes(
    world: World,
) -> None:
    await world.add_volunteers(*volunteers(4))
    case = await world.open(urgency="urgent", quote="har ramlat")
    assert len(await world.alerted(case)) == 3
    assert COORDINATOR in await world.alerted(case)
    [to_coordinator] = await world.texts_to(COORDINATOR)
    assert to_coordinator.startswith(f"BRÅDSKANDE till samordnare, ärende {case}:")
    await world.fire(minutes=6)
    assert await world.alerted(case) == {COORDINATOR, V1, V2, V3, V4}


async def test_with_no_volunteers_the_coordinator_is_alerted(world: World) -> None:
    case = await world.open()
    assert await world.alerted(case) == {COORDINATOR}


async def test_restart_mid_ladder_continues(db_url: str) -> None:
    world, database = await build_world(db_url, coordinators=[COORDINATOR])
    await world.add_volunteers(*volunteers(4))
    case = await world.open()
    first = await world.alerted(case)
    stopped_at = world.clock.now
    await database.close()

    # A new process: a new Database and shell on the same URL, 16 minutes later.
    later, database = await build_world(db_url, coordinators=[COORDINATOR])
    try:
        later.clock.now = stopped_at + timedelta(minutes=16)
        await fire_due(later.db, later.shell)
        assert await later.alerted(case) == first | {V1, V2, V3, V4}
    finally:
        await database.close()


async def test_claim_stops_the_ladder(world: World) -> None:
    await world.add_volunteers(*volunteers(4))
    case = await world.open()
    await world.command(V1, f"OK {case}")
    await world.fire(minutes=60)
    assert await world.alerted(case) == {V1, V2}
    async with world.db.transaction() as session:
        assert list(await session.scalars(select(Timer))) == []


# ------------------------------------------------------------------- claiming


async def test_two_claims_at_the_same_moment_have_exactly_one_winner(world: World) -> None:
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


# ------------------------------------------------------------------------ CLI


def hejsan(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(escalations_cli, list(args))
    return result.exit_code, result.stdout, result.stderr


async def test_cli_lists_claims_and_resolves(world: World, config_file: Path) -> None:
    await world.add_volunteers(*volunteers(3))
    case = await world.open()
    maja = await world.volunteer(V3)
    config = ("--config", str(config_file))

    def cli() -> None:
        code, out, _ = hejsan("list", "--open", "--json", *config)
        assert code == 0
        [listed] = json.loads(out)
        assert (listed["id"], listed["status"], listed["senior"]) == (
            case,
            "alerted",
            "Anna Lindqvist",
        )
        code, out, _ = hejsan("claim", str(case), "--volunteer", str(maja.id), *config)
        assert code == 0, out
        code, _, err = hejsan("claim", str(case), "--volunteer", str(maja.id), *config)
        assert code == 1
        assert "ärende" in err
        code, out, _ = hejsan("resolve", str(case), "--note", "ringde", *config)
        assert code == 0, out
        code, out, _ = hejsan("list", "--open", "--json", *config)
        assert json.loads(out) == []
        code, _, err = hejsan("resolve", "999", *config)
        assert code == 1
        assert "999" in err

    await asyncio.to_thread(cli)
    stored = await world.case(case)
    assert (stored.status, stored.claimed_by_id, stored.resolution_note) == (
        "resolved",
        maja.id,
        "ringde",
    )
    assert "Maja" in (await world.texts_to(ANNA))[-1]
    assert (await world.texts_to(V1))[-1] == f"Ärende {case} är taget av Maja. Tack ändå!"
