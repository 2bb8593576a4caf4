"""kill -9 a real `hejsan serve` in the middle of a burst of incoming SMS;
after one restart every senior has exactly one answer, none two.

The test plays Twilio: it posts each senior's SMS to the webhook, several at
a time, and posts again, after the restart, every one that got no 200 (as
Twilio retries a webhook that failed). A message the dead process had
committed but not answered is recognised by its MessageSid and not answered
twice; Twilio answers each of our sends 50 ms late, so replies are in flight
when the process dies.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from bot.db.database import Database
from bot.db.models import Message
from bot.people.directory import Role, clean_person, upsert_people
from tests.fakes.twilio_api import FakeTwilioApi, inbound_form, signed_webhook
from tests.reliability.conftest import PUBLIC_URL, ServeProcess, serve_env, with_coordinator
from tests.reliability.test_crash_during_campaign import phone, unsettled

pytestmark = [pytest.mark.reliability, pytest.mark.slow]

SENIORS = 120
KILL_AFTER = 50  # webhooks answered 200
AT_ONCE = 8


async def add_seniors(db: Database, count: int) -> None:
    async with db.transaction() as session:
        await upsert_people(
            session,
            Role.SENIOR,
            [clean_person(name=f"Senior {n}", phone=phone(n)) for n in range(count)],
        )


async def received(db: Database) -> int:
    async with db.reading() as session:
        count = await session.scalar(select(func.count()).where(Message.direction == "in"))
        return int(count or 0)


class Twilio:
    """Posts incoming SMS as Twilio does, and remembers which got no 200."""

    def __init__(self, fake: FakeTwilioApi) -> None:
        self.fake = fake
        self.forms = [inbound_form(from_=phone(n), body="MENY") for n in range(SENIORS)]
        self.answered: set[int] = set()

    async def post_all(self, port: int, which: list[int]) -> None:
        url = f"http://127.0.0.1:{port}/webhooks/twilio/sms"
        queue: asyncio.Queue[int] = asyncio.Queue()
        for n in which:
            queue.put_nowait(n)
        async with httpx.AsyncClient(timeout=10) as client:
            await asyncio.gather(*(self._post_from(client, url, queue) for _ in range(AT_ONCE)))

    async def _post_from(
        self, client: httpx.AsyncClient, url: str, queue: asyncio.Queue[int]
    ) -> None:
        while not queue.empty():
            n = queue.get_nowait()
            data, headers = signed_webhook(
                self.fake.auth_token, f"{PUBLIC_URL}/webhooks/twilio/sms", self.forms[n]
            )
            try:
                response = await client.post(url, data=data, headers=headers)
            except httpx.HTTPError:
                continue  # the process died under it: Twilio will try again
            if response.status_code == 200:
                self.answered.add(n)


async def test_kill_9_during_an_inbound_burst_answers_every_senior_once_after_one_restart(
    db_url: str, fake_twilio: FakeTwilioApi, tmp_path: Path, serve_processes: list[ServeProcess]
) -> None:
    db = Database(db_url)
    try:
        await add_seniors(db, SENIORS)
        fake_twilio.delay_next(0.05, times=100_000)
        env = with_coordinator(serve_env(db_url, fake_twilio, sms_rate=100.0), tmp_path)
        first = ServeProcess(env, tmp_path / "serve.log")
        serve_processes.append(first)
        first.start()
        twilio = Twilio(fake_twilio)
        burst = asyncio.create_task(twilio.post_all(first.port, list(range(SENIORS))))
        deadline = time.monotonic() + 60
        while len(twilio.answered) < KILL_AFTER:
            assert time.monotonic() < deadline, "burst too slow"
            assert not burst.done(), "the burst ended before the kill"
            await asyncio.sleep(0.01)
        first.kill()
        await burst
        at_kill = (len(twilio.answered), await received(db), len(fake_twilio.created))

        second = ServeProcess(env, tmp_path / "serve.log")
        serve_processes.append(second)
        second.start()
        retried = [n for n in range(SENIORS) if n not in twilio.answered]
        await twilio.post_all(second.port, retried)
        assert len(twilio.answered) == SENIORS, "every webhook answered after the restart"
        restarted = time.monotonic()
        while await unsettled(db) or len(fake_twilio.created) < SENIORS:
            assert time.monotonic() - restarted < 60, "not every senior answered"
            await asyncio.sleep(0.1)
        await asyncio.sleep(1.0)  # anything sent twice would show by now
        stored = await received(db)
    finally:
        await db.close()
    per_senior = Counter(str(m["to"]) for m in fake_twilio.created)
    twice = {to: n for to, n in per_senior.items() if n > 1}
    assert twice == {}, f"{len(twice)} seniors answered twice"
    assert set(per_senior) == {phone(n) for n in range(SENIORS)}, "every senior answered"
    assert stored == SENIORS, "every incoming SMS stored once"
    print(
        f"killed with {at_kill[0]} webhooks answered, {at_kill[1]} stored, {at_kill[2]} replies "
        f"accepted; after one restart and {len(retried)} retried webhooks: {SENIORS} seniors "
        "answered once each"
    )
