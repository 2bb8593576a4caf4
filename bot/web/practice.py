"""The simulator beside real channels: a practice copy that cannot reach a phone.

With Telegram or Twilio configured, the simulator is not the channel any
more, and typing as a real senior would open real cases and alert real
volunteers by SMS. So a logged-in admin or coordinator gets a *practice*
copy instead: its own SQLite database in a temporary folder, seeded with the
demo's made-up people, lunch and check-in, and a runtime built from the
configuration with every real channel removed. That runtime has no sender
but the simulator's, so nothing typed there, and nothing that follows from
it (alerts, reminders, ladder steps), can reach a real number or touch the
real data. Built on first use, removed when the service stops.
"""

from __future__ import annotations

import asyncio
import logging
import shutil
import tempfile
from pathlib import Path

from bot.campaigns.occurrences import run_now
from bot.core.config import Config, DatabaseConfig, TelegramConfig, TwilioConfig
from bot.core.logs import log_event
from bot.db.database import Database
from bot.events.demo_seed import DEMO_CAMPAIGN, seed_demo
from bot.turns.timer_handlers import fire_due_timers
from bot.web.runtime import Runtime, build_runtime

log = logging.getLogger("hejsan.practice")


def practice_config(config: Config, folder: Path) -> Config:
    """`config` with no real channel, its own database and the demo check-in."""
    return config.model_copy(
        update={
            "telegram": TelegramConfig(),
            "twilio": TwilioConfig(),
            "database": DatabaseConfig(url=f"sqlite:///{folder / 'practice.db'}"),
            "campaigns": [DEMO_CAMPAIGN],
        }
    )


class Practice:
    """The practice runtime, started once on first use and stopped with the app."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self._runtime: Runtime | None = None
        self._folder: Path | None = None
        self._lock = asyncio.Lock()

    async def runtime(self) -> Runtime:
        async with self._lock:
            if self._runtime is None:
                self._runtime = await self._start()
            return self._runtime

    async def _start(self) -> Runtime:
        self._folder = Path(tempfile.mkdtemp(prefix="hejsan-practice-"))
        config = practice_config(self.config, self._folder)
        assert config.simulator_only  # the whole point: no real sender exists below
        database = Database(config.database.url)
        await database.migrate()
        runtime = build_runtime(config, database)
        async with database.transaction() as session:
            seeded = await seed_demo(session, runtime.shell)
        if seeded:
            await run_now(database, runtime.shell, DEMO_CAMPAIGN)
            await fire_due_timers(database, runtime.shell)
        await runtime.start()
        log_event(log, "practice.started")
        return runtime

    async def stop(self) -> None:
        async with self._lock:
            if self._runtime is not None:
                await self._runtime.stop()
                await self._runtime.database.close()
                self._runtime = None
            if self._folder is not None:
                shutil.rmtree(self._folder, ignore_errors=True)
                self._folder = None
