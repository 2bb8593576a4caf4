"""A world for escalation tests: seniors, volunteers, a coordinator and a clock.

What a volunteer or coordinator notices is an alert in the outbox for their
phone; the tests look there, and move a clock by hand instead of sleeping.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot.core.config import Config
from bot.core.shell import Shell, build_shell
from bot.db.database import Database
from bot.db.models import Address, Escalation, Message, Senior, Volunteer
from bot.escalations.ladder import open_escalation
from bot.people.directory import Role, clean_person, upsert_people
from bot.turns import claims
from bot.turns.timer_handlers import fire_due_timers
from tests.fakes.clock import Clock

STOCKHOLM = ZoneInfo("Europe/Stockholm")
ANNA = "+46701740605"
JOHN = "+46701740608"
COORDINATOR = "+46701740699"
V1, V2, V3, V4, V5 = (f"+4670174062{i}" for i in range(5))


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
        await fire_due_timers(self.db, self.shell)

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
    clock = Clock()
    database = Database(url, clock=clock)
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


def volunteers(count: int, **extra: Any) -> list[dict[str, Any]]:
    names = ["Karin Ek", "Ali Hassan", "Maja Berg", "Olle Holm", "Sara Lund"]
    phones = [V1, V2, V3, V4, V5]
    return [{"name": names[i], "phone": phones[i], **extra} for i in range(count)]


def local(day: int, hour: int, minute: int = 0) -> datetime:
    """December 2026 in Stockholm: day 7 is a Monday."""
    return datetime(2026, 12, day, hour, minute, tzinfo=STOCKHOLM)
