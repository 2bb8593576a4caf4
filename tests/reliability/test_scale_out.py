"""Scale-out on one PostgreSQL database: two `hejsan serve` processes and a CLI.

One scheduled check-in for 1,000 seniors: the leader catches it up at start
while `hejsan campaign run --now` claims the same occurrence from a third
process (one claim wins: one `campaign_runs` row, every senior one text).
A senior asks to be called and two volunteers answer OK to the alert at the
same moment, each through another process: one claim wins, the other
volunteer is told who has the case.
Replies arrive at both processes; the leader is killed with -9 half-way
(replies meant for it go to the other, as Twilio's retry through a load
balancer would); every reply is answered exactly once (what the killed
process had in flight is looked up in Twilio's message list, not sent again),
and the other process takes the scheduler's leader lock within 30 seconds.
SQLite serves one process. Sends are counted as Twilio accepted them; the
lookups are GET requests and never counted as texts.
"""

from __future__ import annotations

import asyncio
import re
import subprocess
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import pytest
from sqlalchemy import func, insert, select, text

from bot.campaigns.service import LEADER_LOCK_KEY
from bot.db.database import Database
from bot.db.models import Address, CampaignRun, Escalation, Senior
from bot.people.directory import Role, clean_person, upsert_people
from tests.fakes.twilio_api import FakeTwilioApi, inbound_form, signed_webhook
from tests.reliability.conftest import (
    COORDINATOR_CONFIG,
    HEJSAN,
    PUBLIC_URL,
    ServeProcess,
    serve_env,
)
from tests.reliability.test_crash_during_campaign import phone

pytestmark = [pytest.mark.reliability, pytest.mark.slow]

SENIORS = 1000
REPLIES = 200
FAILOVER_S = 30.0
CALLER = SENIORS - 1  # asks to be called; not among those who reply
KARIN = "+46701740620"
ALI = "+46701740621"
TZ = ZoneInfo("Europe/Stockholm")
LEADERS = text(
    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted "
    "AND objid = :key AND database = (SELECT oid FROM pg_database "
    "WHERE datname = current_database())"
)


async def add_seniors(db: Database) -> None:
    now = datetime.now(TZ)
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
                {"channel": "sms", "value": phone(n), "senior_id": senior_id, "created_at": now}
                for n, senior_id in enumerate(ids)
            ],
        )
        await upsert_people(
            session,
            Role.VOLUNTEER,
            [
                clean_person(name="Karin Ek", phone=KARIN, org="Väntjänsten"),
                clean_person(name="Ali Hassan", phone=ALI, org="Väntjänsten"),
            ],
        )


def config_due_a_minute_ago(directory: Path) -> Path:
    """A daily check-in whose time today has just passed: the leader catches it up."""
    due = datetime.now(TZ) - timedelta(minutes=2)
    if due.date() != datetime.now(TZ).date():
        pytest.skip("too close to midnight for a catch-up the same day")
    config = directory / "hejsan.toml"
    config.write_text(
        f'{COORDINATOR_CONFIG}\n[service]\ntimezone = "Europe/Stockholm"\n'
        f'[[campaigns]]\nname = "morgonkoll"\nkind = "checkin"\n'
        f'schedule = "{due.minute} {due.hour} * * *"\n',
        encoding="utf-8",
    )
    return config


async def one_leader(db: Database) -> bool:
    async with db.reading() as session:
        found: int | None = await session.scalar(LEADERS, {"key": LEADER_LOCK_KEY})
        return found == 1


def all_answered(twilio: FakeTwilioApi) -> Callable[[], Awaitable[bool]]:
    async def check() -> bool:
        per_phone = Counter(str(m["to"]) for m in twilio.created)
        return all(per_phone[phone(n)] >= 2 for n in range(REPLIES))

    return check


def sent_at_least(twilio: FakeTwilioApi, count: int) -> Callable[[], Awaitable[bool]]:
    async def check() -> bool:
        return len(twilio.created) >= count

    return check


async def wait_for(check: Callable[[], Awaitable[bool]], seconds: float, what: str) -> float:
    """Seconds until `check` holds; fails with `what` after `seconds`."""
    started = time.monotonic()
    while not await check():
        assert time.monotonic() - started < seconds, what
        await asyncio.sleep(0.2)
    return time.monotonic() - started


def bodies_to(twilio: FakeTwilioApi, number: str) -> list[str]:
    return [str(m["body"]) for m in twilio.created if m["to"] == number]


async def post_sms(twilio: FakeTwilioApi, port: int, sender: str, body: str) -> None:
    form = inbound_form(from_=sender, body=body, account_sid=twilio.account_sid)
    url = f"{PUBLIC_URL}/webhooks/twilio/sms"
    data, headers = signed_webhook(twilio.auth_token, url, form)
    async with httpx.AsyncClient(timeout=30) as client:
        response = await client.post(
            f"http://127.0.0.1:{port}/webhooks/twilio/sms", data=data, headers=headers
        )
    assert response.status_code == 200, response.text[:200]


async def claim_race(twilio: FakeTwilioApi, ports: list[int]) -> str:
    """Two volunteers claim one case at once through two processes; the winner."""
    await post_sms(twilio, ports[0], phone(CALLER), "ring mig")

    async def both_alerted() -> bool:
        return all(bodies_to(twilio, v) for v in (KARIN, ALI))

    await wait_for(both_alerted, 30, "volunteers not alerted")
    found = re.search(r"Svara OK (\d+)", bodies_to(twilio, KARIN)[0])
    assert found is not None, bodies_to(twilio, KARIN)
    case_id = found.group(1)
    await asyncio.gather(
        post_sms(twilio, ports[0], KARIN, f"OK {case_id}"),
        post_sms(twilio, ports[1], ALI, f"OK {case_id}"),
    )

    async def both_answered() -> bool:
        return all(len(bodies_to(twilio, v)) >= 2 for v in (KARIN, ALI))

    await wait_for(both_answered, 30, "claims not both answered")
    answers = {v: bodies_to(twilio, v)[1] for v in (KARIN, ALI)}
    won = [v for v, body in answers.items() if f"Ärende {case_id} är ditt" in body]
    lost = [v for v, body in answers.items() if f"Ärende {case_id} är taget av" in body]
    assert len(won) == 1, answers
    assert len(lost) == 1, answers
    return won[0]


async def reply(twilio: FakeTwilioApi, ports: list[int], n: int) -> None:
    """One reply, to the first process that answers (Twilio retries elsewhere)."""
    form = inbound_form(
        from_=phone(n),
        body="bra tack",
        message_sid=f"SM{n:032x}",
        account_sid=twilio.account_sid,
    )
    url = f"{PUBLIC_URL}/webhooks/twilio/sms"
    data, headers = signed_webhook(twilio.auth_token, url, form)
    answers = []
    async with httpx.AsyncClient(timeout=30) as client:
        for port in ports:
            try:
                response = await client.post(
                    f"http://127.0.0.1:{port}/webhooks/twilio/sms", data=data, headers=headers
                )
            except httpx.TransportError:
                continue
            if response.status_code == 200:
                return
            answers.append(f"{response.status_code} {response.text[:100]}")
    raise AssertionError(f"reply {n} answered by no process: {answers}")


async def test_two_processes_and_a_cli_on_one_database(
    db_url: str, fake_twilio: FakeTwilioApi, tmp_path: Path, serve_processes: list[ServeProcess]
) -> None:
    if not db_url.startswith("postgresql"):
        pytest.skip("several processes share one PostgreSQL database only")
    db = Database(db_url)
    try:
        await add_seniors(db)
        env = {
            **serve_env(db_url, fake_twilio, sms_rate=200.0),
            "HEJSAN_CONFIG": str(config_due_a_minute_ago(tmp_path)),
        }
        leader, other = (ServeProcess(env, tmp_path / f"serve{n}.log") for n in range(2))
        serve_processes.extend([leader, other])
        cli = subprocess.Popen(  # noqa: ASYNC220 - the third process, racing the leader
            [str(HEJSAN), "campaign", "run", "morgonkoll", "--now"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        await asyncio.to_thread(leader.start)
        await wait_for(lambda: one_leader(db), 30, "the first process did not lead")
        await asyncio.to_thread(other.start)
        output, _ = await asyncio.to_thread(cli.communicate, timeout=120)
        assert cli.returncode == 0, output

        await wait_for(sent_at_least(fake_twilio, SENIORS), 120, "check-ins not all sent")
        async with db.reading() as session:
            runs = await session.scalar(select(func.count()).select_from(CampaignRun))
        assert runs == 1
        assert Counter(str(m["to"]) for m in fake_twilio.created) == dict.fromkeys(
            (phone(n) for n in range(SENIORS)), 1
        )

        ports = [leader.port, other.port]
        winner = await claim_race(fake_twilio, ports)
        async with db.reading() as session:
            case = await session.scalar(select(Escalation))
        assert case is not None
        assert case.status == "claimed"
        print(f"scale-out: claim race across two processes won by {winner[-2:]}")

        def replies(numbers: range) -> list[Awaitable[None]]:
            return [reply(fake_twilio, ports[n % 2 :] + ports[: n % 2], n) for n in numbers]

        await asyncio.gather(*replies(range(REPLIES // 2)))
        leader.kill()
        waited = asyncio.create_task(wait_for(lambda: one_leader(db), FAILOVER_S, "failover"))
        second = [
            reply(fake_twilio, ports[n % 2 :] + ports[: n % 2], n) for n in range(100, REPLIES)
        ]
        await asyncio.gather(*second)
        failover = await waited
        print(f"scale-out: leader lock taken over {failover:.1f} s after kill -9")

        await wait_for(all_answered(fake_twilio), 60, "answers not all sent")
        await asyncio.sleep(2)  # a duplicate would show up by now
    finally:
        await db.close()
    per_phone = Counter(str(m["to"]) for m in fake_twilio.created)
    answers = {n: per_phone[phone(n)] - 1 for n in range(REPLIES)}
    assert set(answers.values()) == {1}, "every reply answered exactly once"
    print(f"scale-out: {len(answers)} replies, each answered once")
