"""Two `hejsan serve` processes on one PostgreSQL database: the scheduler
leader is killed with -9 just before a campaign's time, and the other process
takes over the schedule: the check-in goes out within 30 seconds of the kill,
to every senior once.

The campaign's time is set while both run (as the console would), so the
leader also shows that it heard the change from another process at once.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.campaigns.definitions import update_campaign
from bot.db.database import Database
from tests.fakes.twilio_api import FakeTwilioApi
from tests.reliability.conftest import COORDINATOR_CONFIG, ServeProcess, serve_env
from tests.reliability.test_crash_during_campaign import phone, unsettled
from tests.reliability.test_crash_during_inbound import add_seniors

pytestmark = [pytest.mark.reliability, pytest.mark.slow]

SENIORS = 30
FAIL_OVER_LIMIT = 30.0
STOCKHOLM = ZoneInfo("Europe/Stockholm")

CONFIG = f"""
{COORDINATOR_CONFIG}
[[campaigns]]
name = "morgonkoll"
kind = "checkin"
schedule = "0 3 1 1 *"
"""


def logged(process: ServeProcess, event: str) -> bool:
    return event in process.log_path.read_text(encoding="utf-8", errors="replace")


async def wait_for_log(process: ServeProcess, event: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not logged(process, event):
        assert time.monotonic() < deadline, f"no {event} in {process.log_path.name}"
        await asyncio.sleep(0.05)


def next_minute(at_least: timedelta) -> datetime:
    """The next whole minute at least `at_least` from now (a cron time)."""
    soon = datetime.now(UTC) + at_least
    return soon.replace(second=0, microsecond=0) + timedelta(minutes=1)


async def test_the_other_process_takes_over_the_schedule_when_the_leader_dies(
    db_url: str, fake_twilio: FakeTwilioApi, tmp_path: Path, serve_processes: list[ServeProcess]
) -> None:
    if not db_url.startswith("postgresql"):
        pytest.skip("several processes share one PostgreSQL database only")
    config = tmp_path / "hejsan.toml"
    config.write_text(CONFIG, encoding="utf-8")
    env = {**serve_env(db_url, fake_twilio, sms_rate=50.0), "HEJSAN_CONFIG": str(config)}
    db = Database(db_url)
    try:
        await add_seniors(db, SENIORS)
        leader = ServeProcess(env, tmp_path / "leader.log")
        standby = ServeProcess(env, tmp_path / "standby.log")
        serve_processes.extend([leader, standby])
        leader.start()
        await wait_for_log(leader, "campaigns.scheduled", 30)
        standby.start()
        at = next_minute(timedelta(seconds=6))
        local = at.astimezone(STOCKHOLM)
        async with db.transaction() as session:
            changes = {"schedule": f"{local.minute} {local.hour} * * *"}
            await update_campaign(session, "morgonkoll", changes, datetime.now(UTC))
        await wait_for_log(leader, "campaigns.reloaded", 3)  # heard at once, not polled
        assert not logged(standby, "campaigns.scheduled"), "one leader"
        await asyncio.sleep(max(0.0, (at - datetime.now(UTC)).total_seconds() - 2.0))
        assert fake_twilio.created == [], "nothing before its time"
        leader.kill()
        killed = time.monotonic()
        while not fake_twilio.created:
            assert time.monotonic() - killed < FAIL_OVER_LIMIT, "nobody took over"
            await asyncio.sleep(0.05)
        first_text = time.monotonic() - killed
        while await unsettled(db) or len(fake_twilio.created) < SENIORS:
            assert time.monotonic() - killed < 60, "not all sent"
            await asyncio.sleep(0.1)
        await asyncio.sleep(1.0)  # anything sent twice would show by now
    finally:
        await db.close()
    assert logged(standby, "campaigns.scheduled"), "the standby became the leader"
    per_senior = Counter(str(m["to"]) for m in fake_twilio.created)
    assert per_senior == Counter({phone(n): 1 for n in range(SENIORS)}), "every senior once"
    print(
        f"leader killed 2 s before the campaign's time: first text {first_text:.1f} s after "
        f"the kill, {SENIORS} seniors once each"
    )
