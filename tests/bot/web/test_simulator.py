"""The simulator pages drive the real inbound and outbound path, on both databases."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from bot.core.config import load_config
from bot.core.phone import normalize_phone
from bot.db.database import Database
from bot.db.models import Address, CheckInResult, Escalation, Message, Rsvp, Senior
from bot.events.demo_seed import DEMO_SENIORS, DEMO_VOLUNTEERS, seed_demo
from bot.turns.timer_handlers import fire_due_timers
from bot.turns.turn import run_turn
from bot.web.app import create_app
from bot.web.runtime import Runtime, build_runtime
from conversations.inputs import CheckInPrompt
from tests.fakes.clock import Clock

# A Wednesday morning in Stockholm: outside quiet hours, so check-ins go out at once.
MORNING = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
NIGHT = datetime(2026, 12, 2, 22, 30, tzinfo=UTC)


@dataclass
class Sim:
    client: httpx.AsyncClient
    runtime: Runtime

    async def send(self, role: str, person_id: int, text: str) -> httpx.Response:
        return await self.client.post(
            "/simulator/api/send", json={"role": role, "id": person_id, "text": text}
        )

    async def conversation(self, role: str, person_id: int, after: int = 0) -> dict[str, Any]:
        response = await self.client.get(
            f"/simulator/api/conversation/{role}/{person_id}", params={"after": after}
        )
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    async def senior_id(self, name: str) -> int:
        async with self.runtime.database.sessions() as session:
            found = await session.scalar(select(Senior.id).where(Senior.name == name))
        assert found is not None
        return found


async def _sim(
    db_url: str, db: Database, env: dict[str, str], clock: Callable[[], datetime] | None
) -> AsyncIterator[Sim]:
    config = load_config(None, {"HEJSAN_DATABASE_URL": db_url, **env})
    if clock is not None:  # the rows the app writes are stamped by the same fake clock
        db = Database(db_url, clock=clock)
    runtime = build_runtime(config, db, clock=clock)
    async with db.transaction() as session:
        await seed_demo(session, runtime.shell)
    app = create_app(config, runtime=runtime)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        yield Sim(client, runtime)
    await runtime.stop()
    if clock is not None:
        await db.close()


@pytest.fixture
async def sim(db_url: str, db: Database) -> AsyncIterator[Sim]:
    async for value in _sim(db_url, db, {}, None):
        yield value


@pytest.fixture
async def sim_morning(db_url: str, db: Database) -> AsyncIterator[Sim]:
    async for value in _sim(db_url, db, {}, Clock(MORNING)):
        yield value


@pytest.fixture
async def sim_night(db_url: str, db: Database) -> AsyncIterator[Sim]:
    async for value in _sim(db_url, db, {}, Clock(NIGHT)):
        yield value


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


async def test_page_lists_the_demo_seniors_and_volunteers(sim: Sim) -> None:
    response = await sim.client.get("/simulator")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    page = response.text
    for name, *_ in DEMO_SENIORS + DEMO_VOLUNTEERS:
        first, last = name.split()
        assert f"{first} {last[0]}." in page
    assert "Skicka" in page
    assert 'href="/simulator/static/simulator.css"' in page
    assert '<script src="/simulator/static/simulator.js"' in page


async def test_page_and_people_api_show_no_phone_number_in_full(sim: Sim) -> None:
    page = (await sim.client.get("/simulator")).text
    people = (await sim.client.get("/simulator/api/people")).text
    for _, phone, *_ in DEMO_SENIORS + DEMO_VOLUNTEERS:
        e164 = normalize_phone(phone)
        for shown in (page, people):
            assert e164 not in shown
            assert phone not in shown
            assert _digits(e164)[-6:] not in _digits(shown)


async def test_people_api_lists_roles_and_short_names(sim: Sim) -> None:
    response = await sim.client.get("/simulator/api/people")
    assert response.status_code == 200
    people = response.json()["people"]
    roles = {p["role"] for p in people}
    assert roles == {"senior", "volunteer"}
    assert len(people) == len(DEMO_SENIORS) + len(DEMO_VOLUNTEERS)
    anna = next(p for p in people if p["name"] == "Anna L.")
    assert anna["role"] == "senior"
    assert anna["phone"].endswith("05")
    assert "•" in anna["phone"]


async def test_ring_mig_from_a_senior_shows_hejsans_reply(sim: Sim) -> None:
    anna = await sim.senior_id("Anna Lindqvist")
    response = await sim.send("senior", anna, "ring mig")
    assert response.status_code == 200, response.text
    assert response.json()["outcome"] == "senior"
    await sim.runtime.dispatcher.drain()

    conversation = await sim.conversation("senior", anna)
    messages = conversation["messages"]
    assert isinstance(messages, list)
    assert [m["direction"] for m in messages] == ["in", "out"]
    assert messages[0]["text"] == "ring mig"
    assert messages[1]["text"]
    assert conversation["pending"] == []
    async with sim.runtime.database.sessions() as session:
        cases = await session.scalar(
            select(func.count()).select_from(Escalation).where(Escalation.senior_id == anna)
        )
        address = await session.scalar(
            select(Address).where(Address.senior_id == anna, Address.channel == "simulator")
        )
    assert cases == 1
    assert address is not None
    assert address.value == normalize_phone(DEMO_SENIORS[0][1])


async def test_the_cursor_returns_only_what_is_new(sim: Sim) -> None:
    anna = await sim.senior_id("Anna Lindqvist")
    await sim.send("senior", anna, "Hej")
    await sim.runtime.dispatcher.drain()
    first = await sim.conversation("senior", anna)
    cursor = first["cursor"]
    assert isinstance(cursor, int)
    assert cursor == max(m["id"] for m in first["messages"])

    await sim.send("senior", anna, "ring mig")
    await sim.runtime.dispatcher.drain()
    later = await sim.conversation("senior", anna, after=cursor)
    new = [m for m in later["messages"] if m["id"] > cursor]
    assert [m["direction"] for m in new] == ["in", "out"]
    assert new[0]["text"] == "ring mig"


async def test_tapping_a_button_value_works_like_typing_it(sim_morning: Sim) -> None:
    sim = sim_morning
    anna = await sim.senior_id("Anna Lindqvist")
    async with sim.runtime.database.transaction() as session:
        senior = await session.get(Senior, anna)
        assert senior is not None
        await run_turn(session, sim.runtime.shell, senior, CheckInPrompt("morgon", "2026-12-02"))
    await sim.runtime.dispatcher.drain()

    prompt = (await sim.conversation("senior", anna))["messages"][0]
    assert prompt["direction"] == "out"
    assert prompt["buttons"], "a check-in offers answers to tap"
    tapped = prompt["buttons"][0]
    response = await sim.send("senior", anna, tapped["value"])
    assert response.status_code == 200
    await sim.runtime.dispatcher.drain()

    messages = (await sim.conversation("senior", anna))["messages"]
    assert [m["direction"] for m in messages] == ["out", "in", "out"]
    assert messages[1]["text"] == tapped["value"]
    async with sim.runtime.database.sessions() as session:
        result = await session.scalar(select(CheckInResult).where(CheckInResult.senior_id == anna))
    assert result is not None
    assert result.mood == "good"


async def test_the_demo_lunch_invites_so_ja_vi_blir_tva_is_an_rsvp(sim_morning: Sim) -> None:
    """A fresh quick start: the simulator's suggestion gets a real answer."""
    sim = sim_morning
    anna = await sim.senior_id("Anna Lindqvist")
    assert await fire_due_timers(sim.runtime.database, sim.runtime.shell) >= 1
    await sim.runtime.dispatcher.drain()
    invitation = (await sim.conversation("senior", anna))["messages"][-1]
    assert "Sopplunch" in invitation["text"]
    await sim.send("senior", anna, "Ja vi blir två")
    await sim.runtime.dispatcher.drain()
    answer = (await sim.conversation("senior", anna))["messages"][-1]
    assert answer["direction"] == "out"
    assert "Förlåt" not in answer["text"]
    async with sim.runtime.database.sessions() as session:
        rsvp = await session.scalar(select(Rsvp).where(Rsvp.senior_id == anna))
    assert rsvp is not None
    assert (rsvp.answer, rsvp.guests) == ("yes", 1)


async def test_a_deferred_message_is_pending_and_holds_the_cursor(sim_night: Sim) -> None:
    sim = sim_night
    anna = await sim.senior_id("Anna Lindqvist")
    async with sim.runtime.database.transaction() as session:
        senior = await session.get(Senior, anna)
        assert senior is not None
        await run_turn(session, sim.runtime.shell, senior, CheckInPrompt("morgon", "2026-12-03"))
    await sim.runtime.dispatcher.drain()

    conversation = await sim.conversation("senior", anna)
    assert conversation["messages"] == []
    pending = conversation["pending"]
    assert isinstance(pending, list)
    assert len(pending) == 1
    assert pending[0]["due_now"] is False
    assert "i morgon" in pending[0]["due_text"]
    assert conversation["cursor"] == pending[0]["id"] - 1


async def test_a_volunteer_can_write_and_sees_the_answer(sim: Sim) -> None:
    response = await sim.send("volunteer", 1, "hej")
    assert response.status_code == 200, response.text
    assert response.json()["outcome"] == "volunteer"
    await sim.runtime.dispatcher.drain()
    messages = (await sim.conversation("volunteer", 1))["messages"]
    assert [m["direction"] for m in messages] == ["in", "out"]


async def test_an_empty_message_is_accepted(sim: Sim) -> None:
    anna = await sim.senior_id("Anna Lindqvist")
    response = await sim.send("senior", anna, "")
    assert response.status_code == 200, response.text
    async with sim.runtime.database.sessions() as session:
        stored = await session.scalar(select(Message.body).where(Message.direction == "in"))
    assert stored == ""


async def test_a_text_over_2000_characters_is_refused(sim: Sim) -> None:
    anna = await sim.senior_id("Anna Lindqvist")
    response = await sim.send("senior", anna, "a" * 2001)
    assert response.status_code == 400
    assert "2000" in response.json()["error"]
    async with sim.runtime.database.sessions() as session:
        count = await session.scalar(select(func.count()).select_from(Message))
    assert count == 0


async def test_bad_input_is_refused_with_a_reason(sim: Sim) -> None:
    bad_role = await sim.client.post(
        "/simulator/api/send", json={"role": "coordinator", "id": 1, "text": "hej"}
    )
    assert bad_role.status_code == 422
    no_text = await sim.client.post("/simulator/api/send", json={"role": "senior", "id": 1})
    assert no_text.status_code == 422


async def test_an_unknown_person_is_404(sim: Sim) -> None:
    assert (await sim.send("senior", 9999, "hej")).status_code == 404
    assert (await sim.send("volunteer", 9999, "hej")).status_code == 404
    for path in (
        "/simulator/api/conversation/senior/9999",
        "/simulator/api/conversation/volunteer/9999",
        "/simulator/api/conversation/coordinator/1",
    ):
        response = await sim.client.get(path)
        assert response.status_code == 404, path
        assert response.json()["error"]


async def test_static_files_are_served_and_nothing_else(sim: Sim) -> None:
    css = await sim.client.get("/simulator/static/simulator.css")
    js = await sim.client.get("/simulator/static/simulator.js")
    assert css.status_code == 200
    assert css.headers["content-type"].startswith("text/css")
    assert js.status_code == 200
    assert "textContent" in js.text
    assert (await sim.client.get("/simulator/static/app.py")).status_code == 404
    assert (await sim.client.get("/simulator/static/..%2Fapp.py")).status_code == 404


async def test_root_opens_the_simulator(sim: Sim) -> None:
    response = await sim.client.get("/")
    assert response.status_code in (302, 303, 307)
    assert response.headers["location"] == "/simulator"


@pytest.fixture
async def sim_twilio(db_url: str, db: Database) -> AsyncIterator[Sim]:
    env = {
        "HEJSAN_TWILIO_ACCOUNT_SID": "AC" + "0" * 32,
        "HEJSAN_TWILIO_AUTH_TOKEN": "secret",
        "HEJSAN_TWILIO_FROM_NUMBER": "+46701740699",
    }
    async for value in _sim(db_url, db, env, None):
        yield value


async def test_the_simulator_is_not_public_when_twilio_is_configured(sim_twilio: Sim) -> None:
    sim = sim_twilio
    assert (await sim.client.get("/simulator")).status_code == 404
    assert (await sim.client.get("/simulator/api/people")).status_code == 404
    assert (await sim.client.get("/simulator/api/conversation/senior/1")).status_code == 404
    assert (await sim.client.get("/simulator/static/simulator.js")).status_code == 404
    assert (await sim.send("senior", 1, "hej")).status_code == 404
    assert (await sim.client.get("/")).headers.get("location") != "/simulator"
    async with sim.runtime.database.sessions() as session:
        count = await session.scalar(select(func.count()).select_from(Message))
    assert count == 0
