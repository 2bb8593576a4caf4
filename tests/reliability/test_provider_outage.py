"""Twilio goes down under a running `hejsan serve` (500s, then 429 with
Retry-After) while a check-in round is out and a senior writes "Jag har
ramlat": nothing is lost, and when Twilio is back the 112 reply and the
volunteer alerts go before the rest of the round.

CI runs an 8-second outage. HEJSAN_RELIABILITY_OUTAGE_S sets another length
(bench/RESULTS.md has 60 s and 5 minutes); from 70 s on, the test also checks
that nothing urgent was given up and that the case shows its overdue
delivery while Twilio is still down."""

from __future__ import annotations

import asyncio
import os
import time
from collections import Counter
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from bot.db.database import Database
from bot.db.models import Escalation, Message
from bot.db.outbox_status import URGENT_KINDS, MessageStatus
from bot.people.directory import Role, clean_person, upsert_people
from tests.fakes.twilio_api import FakeTwilioApi, TwilioApiError, inbound_form, signed_webhook
from tests.reliability.conftest import PUBLIC_URL, ServeProcess, serve_env
from tests.reliability.test_crash_during_campaign import phone, plan_checkins, unsettled

pytestmark = [pytest.mark.reliability, pytest.mark.slow]

SENIORS = 100
OUTAGE_SECONDS = float(os.environ.get("HEJSAN_RELIABILITY_OUTAGE_S", "8"))
OVERDUE_AFTER_S = 70.0  # an urgent text not out within a minute is shown on its case
ANNA = phone(0)  # the first planned senior writes for help
KARIN = "+46701740620"
ALI = "+46701740621"


async def add_volunteers(db: Database) -> None:
    async with db.transaction() as session:
        await upsert_people(
            session,
            Role.VOLUNTEER,
            [
                clean_person(name="Karin Ek", phone=KARIN, org="Väntjänsten"),
                clean_person(name="Ali Hassan", phone=ALI, org="Väntjänsten"),
            ],
        )


async def urgent_given_up_and_cases_overdue(db: Database) -> tuple[int, int]:
    async with db.reading() as session:
        given_up = await session.scalar(
            select(func.count()).where(
                Message.kind.in_(URGENT_KINDS),
                Message.status.in_((MessageStatus.GAVE_UP, MessageStatus.FAILED)),
            )
        )
        overdue = await session.scalar(
            select(func.count()).where(Escalation.delivery_overdue_at.is_not(None))
        )
    return int(given_up or 0), int(overdue or 0)


@pytest.mark.parametrize(
    "error",
    [TwilioApiError.server_error(500), TwilioApiError.too_many_requests(retry_after=3)],
    ids=["500", "429-retry-after"],
)
async def test_outage_loses_nothing_and_urgent_messages_go_first_after_it(
    db_url: str,
    fake_twilio: FakeTwilioApi,
    tmp_path: Path,
    error: TwilioApiError,
    serve_processes: list[ServeProcess],
) -> None:
    db = Database(db_url)
    try:
        await add_volunteers(db)
        await plan_checkins(db, SENIORS)
        fake_twilio.go_down(3600, error)
        env = serve_env(db_url, fake_twilio, sms_rate=50.0)
        serve = ServeProcess(env, tmp_path / "serve.log")
        serve_processes.append(serve)
        serve.start()
        await asyncio.sleep(1.0)  # the round has started failing
        form = inbound_form(from_=ANNA, body="Jag har ramlat")
        data, headers = signed_webhook(
            fake_twilio.auth_token, f"{PUBLIC_URL}/webhooks/twilio/sms", form
        )
        async with httpx.AsyncClient() as client:
            response = await client.post(
                f"http://127.0.0.1:{serve.port}/webhooks/twilio/sms", data=data, headers=headers
            )
        assert response.status_code == 200
        await asyncio.sleep(OUTAGE_SECONDS)
        if OUTAGE_SECONDS >= OVERDUE_AFTER_S:
            given_up, overdue = await urgent_given_up_and_cases_overdue(db)
            assert given_up == 0, "an urgent reply or alert was given up during the outage"
            assert overdue >= 1, "the case does not show that its alerts are overdue"
        fake_twilio.come_back()
        back = time.monotonic()
        while await unsettled(db):
            assert time.monotonic() - back < 60, "not all sent within a minute of recovery"
            await asyncio.sleep(0.1)
        drained = time.monotonic() - back
    finally:
        await db.close()
    order = [str(m["to"]) for m in fake_twilio.created]
    bodies = [(str(m["to"]), str(m["body"])) for m in fake_twilio.created]
    per_text = Counter(bodies)
    assert max(per_text.values()) == 1, "nothing sent twice"
    checkins = {to for to, body in bodies if body.startswith("Hej! Hur mår du idag?")}
    assert checkins == {phone(n) for n in range(SENIORS)}, "nobody lost"
    first_urgent = [order.index(KARIN), order.index(ALI)]
    reply_112 = next(i for i, (to, body) in enumerate(bodies) if to == ANNA and "112" in body)
    assert max([*first_urgent, reply_112]) < 5, bodies[:6]
    print(
        f"{error.status}: {len(order)} accepted after an {OUTAGE_SECONDS:.0f} s outage, "
        f"112 reply #{reply_112 + 1}, alerts #{first_urgent[0] + 1} and #{first_urgent[1] + 1}; "
        f"all out {drained:.1f} s after recovery"
    )
