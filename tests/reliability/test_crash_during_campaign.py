"""kill -9 a real `hejsan serve` early, in the middle and late in a check-in
round; after one restart every senior has the check-in exactly once.

Twilio answers each create 50 ms late, so requests are in flight when the
process dies: Twilio has accepted them, the database does not know. The
restarted service looks those up in Twilio's message list instead of sending
them again, and sends at once what was claimed but never requested.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select

from bot.db.database import Database
from bot.db.models import Address, Message, Senior
from bot.db.outbox import enqueue
from bot.db.outbox_status import MessageStatus
from tests.fakes.twilio_api import FakeTwilioApi
from tests.reliability.conftest import ServeProcess, serve_env, with_coordinator

pytestmark = [pytest.mark.reliability, pytest.mark.slow]

SENIORS = 200
SMS_RATE = 100.0
TWILIO_LATENCY = 0.05


def phone(n: int) -> str:
    return f"+4670{n:07d}"


async def plan_checkins(db: Database, count: int) -> None:
    """What a campaign occurrence commits: one check-in row per senior."""
    now = datetime.now(UTC)
    async with db.transaction() as session:
        ids = list(
            await session.scalars(
                insert(Senior).returning(Senior.id),
                [{"name": f"Senior {n}", "lang": "sv", "tags": []} for n in range(count)],
            )
        )
        await session.execute(
            insert(Address),
            [
                {"channel": "sms", "value": phone(n), "senior_id": senior_id, "created_at": now}
                for n, senior_id in enumerate(ids)
            ],
        )
        for address in await session.scalars(select(Address).where(Address.senior_id.is_not(None))):
            await enqueue(
                session,
                address,
                "Hej! Hur mår du idag? Svara 1 Bra, 2 Sådär, 3 Dåligt.",
                kind="proactive",
                template="checkin.question",
                idempotency_key=f"checkin:2026-11-30:{address.senior_id}",
                now=now,
            )


async def in_doubt(db: Database) -> int:
    """Rows whose request was in flight when the process died."""
    async with db.reading() as session:
        return int(
            await session.scalar(
                select(func.count()).where(
                    Message.status == MessageStatus.SENDING, Message.attempt_started_at.is_not(None)
                )
            )
            or 0
        )


async def unsettled(db: Database) -> int:
    async with db.reading() as session:
        return int(
            await session.scalar(
                select(func.count()).where(
                    Message.direction == "out",
                    Message.status.in_((MessageStatus.QUEUED, MessageStatus.SENDING)),
                )
            )
            or 0
        )


async def wait_for(condition: object, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not await condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.05)


@pytest.mark.parametrize("kill_after", [10, 100, 185], ids=["early", "middle", "late"])
async def test_kill_9_during_a_campaign_serves_every_senior_once_after_one_restart(
    db_url: str,
    fake_twilio: FakeTwilioApi,
    tmp_path: Path,
    kill_after: int,
    serve_processes: list[ServeProcess],
) -> None:
    db = Database(db_url)
    try:
        await plan_checkins(db, SENIORS)
        fake_twilio.delay_next(TWILIO_LATENCY, times=100_000)
        env = with_coordinator(serve_env(db_url, fake_twilio, sms_rate=SMS_RATE), tmp_path)
        first = ServeProcess(env, tmp_path / "serve.log")
        serve_processes.append(first)
        first.start()

        async def accepted_enough() -> bool:
            return len(fake_twilio.created) >= kill_after

        await wait_for(accepted_enough, 30)
        first.kill()
        at_kill = len(fake_twilio.created)
        doubtful = await in_doubt(db)

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
    per_senior = Counter(str(m["to"]) for m in fake_twilio.created)
    duplicates = {to: n for to, n in per_senior.items() if n > 1}
    assert duplicates == {}, f"{len(duplicates)} seniors got the check-in twice"
    assert set(per_senior) == {phone(n) for n in range(SENIORS)}, "every senior served"
    print(
        f"kill after {at_kill} accepted ({doubtful} in flight): all {SENIORS} served once, "
        f"{finished:.1f} s after the restart"
    )
