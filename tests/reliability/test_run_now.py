"""`hejsan campaign run NAME --now` from the command line while `hejsan serve`
runs in another process: the first text goes out within 2 seconds of the
rows being committed (no 30-second idle poll), and the CLI says what it queued."""

from __future__ import annotations

import asyncio
import subprocess
import time
from pathlib import Path

import pytest

from bot.db.database import Database
from bot.people.directory import Role, clean_person, upsert_people
from tests.fakes.twilio_api import FakeTwilioApi
from tests.reliability.conftest import COORDINATOR_CONFIG, HEJSAN, ServeProcess, serve_env

pytestmark = [pytest.mark.reliability, pytest.mark.slow]

CONFIG = f"""
{COORDINATOR_CONFIG}
[[campaigns]]
name = "morgonkoll"
kind = "checkin"
schedule = "0 10 1 1 *"
"""


async def test_first_text_within_two_seconds_of_run_now(
    db_url: str, fake_twilio: FakeTwilioApi, tmp_path: Path, serve_processes: list[ServeProcess]
) -> None:
    db = Database(db_url)
    try:
        async with db.transaction() as session:
            await upsert_people(
                session,
                Role.SENIOR,
                [clean_person(name=f"Senior {n}", phone=f"070-176 00 {n:02d}") for n in range(20)],
            )
    finally:
        await db.close()
    config = tmp_path / "hejsan.toml"
    config.write_text(CONFIG)
    env = {**serve_env(db_url, fake_twilio, sms_rate=50.0), "HEJSAN_CONFIG": str(config)}
    serve = ServeProcess(env, tmp_path / "serve.log")
    serve_processes.append(serve)
    serve.start()
    await asyncio.sleep(1.5)  # the service is idle, waiting
    assert fake_twilio.created == []
    cli = await asyncio.to_thread(
        subprocess.run,
        [str(HEJSAN), "campaign", "run", "morgonkoll", "--now"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    committed = time.monotonic()
    assert cli.returncode == 0, cli.stderr
    assert "20" in cli.stdout, cli.stdout
    while not fake_twilio.created:
        assert time.monotonic() - committed < 2.0, "no text within 2 s of run --now"
        await asyncio.sleep(0.02)
    print(f"run --now: first text {time.monotonic() - committed:.2f} s after the CLI returned")
