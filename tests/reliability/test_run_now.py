"""`hejsan campaign run NAME --now` from the command line while `hejsan serve`
runs in another process: the first text reaches the provider (Twilio, or
Telegram for seniors who have it) within 2 seconds of the CLI's commit (no
30-second idle poll: NOTIFY on PostgreSQL, a one-second look on SQLite), and
the CLI says what it queued."""

from __future__ import annotations

import asyncio
import subprocess
import time
from pathlib import Path

import pytest

from bot.db.database import Database
from bot.people.directory import Role, clean_person, upsert_people
from tests.fakes.telegram_api import FakeTelegramApi
from tests.fakes.twilio_api import FakeTwilioApi
from tests.reliability.conftest import COORDINATOR_CONFIG, HEJSAN, ServeProcess, serve_env

pytestmark = [pytest.mark.reliability, pytest.mark.slow]

SENIORS = 20
CONFIG = f"""
{COORDINATOR_CONFIG}
[[campaigns]]
name = "morgonkoll"
kind = "checkin"
schedule = "0 10 1 1 *"
"""


@pytest.mark.parametrize("channel", ["sms", "telegram"])
async def test_first_text_within_two_seconds_of_run_now(
    db_url: str,
    fake_twilio: FakeTwilioApi,
    fake_telegram: FakeTelegramApi,
    tmp_path: Path,
    serve_processes: list[ServeProcess],
    channel: str,
) -> None:
    db = Database(db_url)
    try:
        async with db.transaction() as session:
            people = [
                clean_person(
                    name=f"Senior {n}",
                    phone=f"070-176 00 {n:02d}",
                    telegram=f"5001760{n:02d}" if channel == "telegram" else None,
                )
                for n in range(SENIORS)
            ]
            await upsert_people(session, Role.SENIOR, people)
    finally:
        await db.close()
    config = tmp_path / "hejsan.toml"
    config.write_text(CONFIG)
    env = {**serve_env(db_url, fake_twilio, sms_rate=50.0), "HEJSAN_CONFIG": str(config)}
    env |= {
        "HEJSAN_TELEGRAM_TOKEN": fake_telegram.token,
        "HEJSAN_TELEGRAM_API_BASE_URL": fake_telegram.base_url,
        "HEJSAN_TELEGRAM_WEBHOOK_SECRET": "reliability-secret",
    }

    def texts_out() -> int:
        if channel == "telegram":
            return len(fake_telegram.sent_messages)
        return len(fake_twilio.created)

    serve = ServeProcess(env, tmp_path / "serve.log")
    serve_processes.append(serve)
    serve.start()
    await asyncio.sleep(1.5)  # the service is idle, waiting
    assert texts_out() == 0
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
    assert f"{SENIORS} meddelanden köade" in cli.stdout, cli.stdout
    while not texts_out():
        assert time.monotonic() - committed < 2.0, "no text within 2 s of run --now"
        await asyncio.sleep(0.02)
    took = time.monotonic() - committed
    print(f"run --now ({channel}): first text {took:.2f} s after the CLI returned")
