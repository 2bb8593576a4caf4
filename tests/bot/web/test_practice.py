"""With Twilio configured the simulator is a practice copy, only for a logged-in
admin or coordinator: made-up people, CSRF on every message, audited, and no
way to reach a real phone or touch the real data."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import func, select

from bot.channels.types import Channel
from bot.console.accounts import AccountRole, add_account
from bot.core.config import load_config
from bot.db.database import Database
from bot.db.models import AuditEntry, Escalation, Message, Senior
from bot.events.demo_seed import DEMO_SENIORS
from bot.people.directory import Role, clean_person, upsert_people
from bot.web.app import create_app
from bot.web.practice import Practice

PASSWORD = "ett-langt-losenord"
TWILIO = {
    "HEJSAN_TWILIO_ACCOUNT_SID": "AC" + "0" * 32,
    "HEJSAN_TWILIO_AUTH_TOKEN": "secret",
    "HEJSAN_TWILIO_FROM_NUMBER": "+46701740699",
}


@dataclass
class Service:
    app: FastAPI
    client: httpx.AsyncClient
    db: Database

    async def log_in(self, email: str) -> str:
        """Log in; returns the session's CSRF token."""
        form = (await self.client.get("/login")).text
        token = re.search(r'name="csrf_token" value="([^"]+)"', form)
        assert token
        await self.client.post(
            "/login", data={"email": email, "password": PASSWORD, "csrf_token": token[1]}
        )
        page = (await self.client.get("/password")).text
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page)
        assert csrf
        return csrf[1]

    @property
    def practice(self) -> Practice:
        practice: Practice = self.app.state.practice
        return practice


@pytest.fixture
async def service(db_url: str, db: Database) -> AsyncIterator[Service]:
    config = load_config(None, {"HEJSAN_DATABASE_URL": db_url, **TWILIO})
    async with db.transaction() as session:
        for email, role in (
            ("sam@kommun.se", AccountRole.COORDINATOR),
            ("las@kommun.se", AccountRole.VIEWER),
        ):
            await add_account(
                session,
                email=email,
                name=email,
                role=role,
                password=PASSWORD,
                now=datetime.now(UTC),
            )
        real = clean_person(name="Riktig Person", phone="+46701234567", lang="sv")
        await upsert_people(session, Role.SENIOR, [real], actor="test", now=datetime.now(UTC))
    app = create_app(config, db)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        yield Service(app, client, db)
    await app.state.practice.stop()


async def _count(db: Database, model: type[Message] | type[Escalation]) -> int:
    async with db.reading() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def test_a_viewer_and_anonymous_visitors_get_no_simulator(service: Service) -> None:
    assert (await service.client.get("/simulator")).status_code == 404
    await service.log_in("las@kommun.se")
    assert (await service.client.get("/simulator")).status_code == 404
    assert (await service.client.get("/simulator/api/people")).status_code == 404


async def test_a_coordinator_gets_the_marked_practice_copy_with_made_up_people(
    service: Service,
) -> None:
    await service.log_in("sam@kommun.se")
    page = await service.client.get("/simulator")
    assert page.status_code == 200
    assert "Övningsläge" in page.text
    assert 'name="csrf-token"' in page.text
    people = (await service.client.get("/simulator/api/people")).json()["people"]
    names = {p["name"] for p in people}
    assert "Anna L." in names
    assert "Riktig P." not in names  # the real senior is not in the practice copy
    assert (await service.client.get("/simulator/static/simulator.js")).status_code == 200


async def test_practice_messages_need_the_token_are_audited_and_reach_no_phone(
    service: Service,
) -> None:
    csrf = await service.log_in("sam@kommun.se")
    people = (await service.client.get("/simulator/api/people")).json()["people"]
    anna = next(p for p in people if p["name"] == "Anna L.")
    message = {"role": "senior", "id": anna["id"], "text": "ring mig"}
    refused = await service.client.post("/simulator/api/send", json=message)
    assert refused.status_code == 403
    sent = await service.client.post(
        "/simulator/api/send", json=message, headers={"X-CSRF-Token": csrf}
    )
    assert sent.status_code == 200, sent.text

    practice = await service.practice.runtime()
    assert set(practice.dispatcher.senders) == {Channel.SIMULATOR.value}
    async with practice.database.reading() as session:
        channels = set(
            await session.scalars(select(Message.channel).where(Message.direction == "out"))
        )
        cases = await session.scalar(select(func.count()).select_from(Escalation))
    assert channels == {Channel.SIMULATOR.value}  # the reply and the volunteers' alerts
    assert cases == 1

    assert await _count(service.db, Message) == 0  # nothing in the real service
    assert await _count(service.db, Escalation) == 0
    async with service.db.reading() as session:
        actions = list(await session.scalars(select(AuditEntry.action)))
        real_seniors = list(await session.scalars(select(Senior.name)))
    assert "simulator.sent" in actions
    assert real_seniors == ["Riktig Person"]
    assert len(DEMO_SENIORS) == len([p for p in people if p["role"] == "senior"])
