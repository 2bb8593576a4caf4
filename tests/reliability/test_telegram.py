"""Telegram under a real `hejsan serve`: kill -9 in a round, and one busy chat.

Telegram has no message list to look up after a crash, so a send whose
request was in flight when the process died is sent again: those, and only
those, may reach a senior twice. And Telegram allows one text a second per
chat, so 80 texts waiting for one chat must not hold up an urgent SMS from
someone else.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from sqlalchemy import insert, select

from bot.db.database import Database
from bot.db.models import Address, Message, Senior
from bot.db.outbox import enqueue
from bot.db.outbox_status import MessageStatus
from bot.people.directory import Role, clean_person, upsert_people
from tests.fakes.telegram_api import FakeTelegramApi
from tests.fakes.twilio_api import FakeTwilioApi, inbound_form, signed_webhook
from tests.reliability.conftest import PUBLIC_URL, ServeProcess, serve_env, with_coordinator
from tests.reliability.test_crash_during_campaign import unsettled, wait_for

pytestmark = [pytest.mark.reliability, pytest.mark.slow]

SENIORS = 100
TELEGRAM_LATENCY = 0.05
WEBHOOK_SECRET = "reliability-secret"
BUSY_CHAT = "5550620"
ANNA = "+46701740600"
ALI = "+46701740621"


def chat(n: int) -> str:
    return str(7_000_000 + n)


def with_telegram(env: dict[str, str], telegram: FakeTelegramApi) -> dict[str, str]:
    return {
        **env,
        "HEJSAN_TELEGRAM_TOKEN": telegram.token,
        "HEJSAN_TELEGRAM_WEBHOOK_SECRET": WEBHOOK_SECRET,
        "HEJSAN_TELEGRAM_API_BASE_URL": telegram.base_url,
    }


async def plan_telegram_checkins(db: Database) -> None:
    """What a campaign occurrence commits: one check-in per senior, on Telegram."""
    now = datetime.now(UTC)
    async with db.transaction() as session:
        ids = list(
            await session.scalars(
                insert(Senior).returning(Senior.id, sort_by_parameter_order=True),
                [{"name": f"Senior {n}", "lang": "sv", "tags": []} for n in range(SENIORS)],
            )
        )
        await session.execute(
            insert(Address),
            [
                {"channel": "telegram", "value": chat(n), "senior_id": senior_id, "created_at": now}
                for n, senior_id in enumerate(ids)
            ],
        )
        for address in await session.scalars(select(Address).where(Address.senior_id.is_not(None))):
            await enqueue(
                session,
                address,
                "Hej! Hur mår du idag?",
                kind="proactive",
                template="checkin.question",
                idempotency_key=f"checkin:2026-12-01:{address.senior_id}",
                now=now,
            )


async def in_flight_chats(db: Database) -> set[str]:
    """Chats whose send had started (attempt recorded) and has no result."""
    async with db.reading() as session:
        rows = await session.scalars(
            select(Address.value)
            .join(Message, Message.address_id == Address.id)
            .where(Message.status == MessageStatus.SENDING, Message.attempt_started_at.is_not(None))
        )
        return set(rows)


async def test_kill_9_in_a_telegram_round_resends_only_what_was_in_flight(
    db_url: str,
    fake_twilio: FakeTwilioApi,
    fake_telegram: FakeTelegramApi,
    tmp_path: Path,
    serve_processes: list[ServeProcess],
) -> None:
    db = Database(db_url)
    try:
        await plan_telegram_checkins(db)
        fake_telegram.delay_next(TELEGRAM_LATENCY, times=100_000)
        env = with_telegram(
            with_coordinator(serve_env(db_url, fake_twilio, sms_rate=10.0), tmp_path),
            fake_telegram,
        )
        first = ServeProcess(env, tmp_path / "serve.log")
        serve_processes.append(first)
        first.start()

        async def half_sent() -> bool:
            return len(fake_telegram.sent_messages) >= SENIORS // 2

        await wait_for(half_sent, 30)
        first.kill()
        at_kill = len(fake_telegram.sent_messages)
        doubtful = await in_flight_chats(db)

        second = ServeProcess(env, tmp_path / "serve.log")
        serve_processes.append(second)
        restarted = time.monotonic()
        second.start()

        async def all_settled() -> bool:
            return await unsettled(db) == 0

        await wait_for(all_settled, 60)
        finished = time.monotonic() - restarted
    finally:
        await db.close()
    per_chat = Counter(str(call.chat_id) for call in fake_telegram.sent_messages)
    twice = {chat_id for chat_id, count in per_chat.items() if count > 1}
    assert set(per_chat) == {chat(n) for n in range(SENIORS)}, "every senior served"
    assert max(per_chat.values()) <= 2, "nothing sent three times"
    assert twice <= doubtful, f"sent twice but not in flight at the kill: {twice - doubtful}"
    print(
        f"telegram kill -9 after {at_kill} sent ({len(doubtful)} in flight): all {SENIORS} "
        f"served, {len(twice)} twice (all in flight), {finished:.1f} s after the restart"
    )


async def add_busy_volunteers(db: Database) -> None:
    """Karin on Telegram has 80 replies waiting (replies are not paced); Ali is on SMS."""
    async with db.transaction() as session:
        await upsert_people(session, Role.SENIOR, [clean_person(name="Anna Berg", phone=ANNA)])
        await upsert_people(
            session,
            Role.VOLUNTEER,
            [
                clean_person(
                    name="Karin Ek", phone="+46701740620", org="Väntjänsten", telegram=BUSY_CHAT
                ),
                clean_person(name="Ali Hassan", phone=ALI, org="Väntjänsten"),
            ],
        )
        busy = await session.scalar(select(Address).where(Address.value == BUSY_CHAT))
        assert busy is not None
        now = datetime.now(UTC)
        for n in range(80):
            await enqueue(session, busy, f"svar {n}", kind="reply", now=now)


async def test_a_busy_telegram_chat_does_not_hold_up_an_urgent_sms(
    db_url: str,
    fake_twilio: FakeTwilioApi,
    fake_telegram: FakeTelegramApi,
    tmp_path: Path,
    serve_processes: list[ServeProcess],
) -> None:
    db = Database(db_url)
    try:
        await add_busy_volunteers(db)
        env = with_telegram(serve_env(db_url, fake_twilio, sms_rate=10.0), fake_telegram)
        serve = ServeProcess(env, tmp_path / "serve.log")
        serve_processes.append(serve)
        serve.start()

        async def backlog_started() -> bool:
            return len(fake_telegram.sent_messages) >= 2

        await wait_for(backlog_started, 10)
        form = inbound_form(from_=ANNA, body="Jag har ramlat")
        data, headers = signed_webhook(
            fake_twilio.auth_token, f"{PUBLIC_URL}/webhooks/twilio/sms", form
        )
        started = time.monotonic()
        async with httpx.AsyncClient() as client:
            response = await client.post(
                f"http://127.0.0.1:{serve.port}/webhooks/twilio/sms", data=data, headers=headers
            )
        assert response.status_code == 200

        def bodies_to(number: str) -> list[str]:
            return [str(m["body"]) for m in fake_twilio.created if m["to"] == number]

        while not (any("112" in body for body in bodies_to(ANNA)) and bodies_to(ALI)):
            assert time.monotonic() - started < 2.0, "urgent SMS held up by the Telegram backlog"
            await asyncio.sleep(0.02)
        answered = time.monotonic() - started
    finally:
        await db.close()
    backlog = [call for call in fake_telegram.sent_messages if call.chat_id == BUSY_CHAT]
    assert len(backlog) < 20, "the busy chat itself still gets about one text a second"
    print(
        f"telegram backlog of 80 to one chat: 112 reply and SMS alert {answered:.2f} s "
        f"after the senior wrote ({len(backlog)} of the backlog sent by then)"
    )
