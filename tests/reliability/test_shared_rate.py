"""Two `hejsan serve` processes on one PostgreSQL database share the
provider's rate: together they send at the configured rate, not twice it,
and no senior gets the check-in twice."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from pathlib import Path

import pytest

from bot.db.database import Database
from tests.fakes.twilio_api import FakeTwilioApi
from tests.reliability.conftest import ServeProcess, serve_env, with_coordinator
from tests.reliability.test_crash_during_campaign import phone, plan_checkins, unsettled

pytestmark = [pytest.mark.reliability, pytest.mark.slow]

SENIORS = 200
RATE = 20.0


async def test_two_processes_together_keep_one_rate(
    db_url: str, fake_twilio: FakeTwilioApi, tmp_path: Path, serve_processes: list[ServeProcess]
) -> None:
    if not db_url.startswith("postgresql"):
        pytest.skip("several processes share one PostgreSQL database only")
    db = Database(db_url)
    try:
        env = with_coordinator(serve_env(db_url, fake_twilio, sms_rate=RATE), tmp_path)
        for n in range(2):
            process = ServeProcess(env, tmp_path / f"serve{n}.log")
            serve_processes.append(process)
            process.start()
        await plan_checkins(db, SENIORS)
        started = time.monotonic()
        while await unsettled(db) or len(fake_twilio.created) < SENIORS:
            assert time.monotonic() - started < 60, "not all sent"
            await asyncio.sleep(0.2)
    finally:
        await db.close()
    per_senior = Counter(str(m.to) for m in fake_twilio.messages)
    assert set(per_senior) == {phone(n) for n in range(SENIORS)}
    assert max(per_senior.values()) == 1, "nobody twice"
    arrivals = sorted(m.at for m in fake_twilio.messages)
    measured = (len(arrivals) - 1) / (arrivals[-1] - arrivals[0])
    busiest = max(sum(1 for t in arrivals if start <= t < start + 1.0) for start in arrivals)
    print(f"two processes: {measured:.2f}/s combined (set {RATE:.0f}/s), busiest second {busiest}")
    # Each process on its own would send at RATE: together twice it. Shared,
    # never above RATE (5 % for timing); below it only when the machine is
    # starved of CPU (then the figure in bench/RESULTS.md says so).
    assert RATE * 0.5 <= measured <= RATE * 1.05
    # Slots are evenly spaced on the database's clock; a request can leave a
    # little late and the next on time (network and event-loop jitter).
    assert busiest <= RATE * 1.5
