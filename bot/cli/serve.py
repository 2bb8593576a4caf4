"""`hejsan serve`: prepare the database, seed demo data, run uvicorn."""

from __future__ import annotations

import asyncio
import logging

import uvicorn

from bot.campaigns.occurrences import run_campaign
from bot.cli.demo import seed_demo
from bot.core.config import CampaignConfig, Config
from bot.core.logs import log_event
from bot.core.shell import build_shell
from bot.db.database import Database
from bot.web.app import create_app

log = logging.getLogger("hejsan.serve")

# On the embedded defaults (simulator, no campaigns configured): a weekday
# morning check-in, so the demo shows Hejsan asking and the answer buttons.
DEMO_CAMPAIGN = CampaignConfig(
    name="demo-incheckning",
    kind="checkin",
    schedule="0 10 * * mon-fri",
    text={},
)


def with_demo_campaign(config: Config) -> Config:
    if config.simulator_only and config.service.demo_data and not config.campaigns:
        return config.model_copy(update={"campaigns": [DEMO_CAMPAIGN]})
    return config


async def prepare(config: Config) -> bool:
    """Migrate the schema and, on the embedded defaults, seed demo data once
    (and ask the demo seniors how they are, so the simulator has a question)."""
    database = Database(config.database.url)
    shell = build_shell(config)
    try:
        await database.migrate()
        if not (config.service.demo_data and config.simulator_only):
            return False
        async with database.transaction() as session:
            seeded = await seed_demo(session, config.service.timezone, shell.now())
        if seeded and config.campaigns:
            await run_campaign(database, shell, config.campaigns[0], shell.now())
        return seeded
    finally:
        await database.close()


def serve_forever(config: Config, host: str, port: int, telegram_polling: bool = False) -> None:
    config = with_demo_campaign(config)
    seeded = asyncio.run(prepare(config))
    if seeded:
        log_event(log, "demo.seeded")
    shown = host if host not in ("0.0.0.0", "::") else "127.0.0.1"
    url = f"http://{shown}:{port}" + ("/simulator" if config.simulator_only else "")
    print(f"Hejsan körs / is running: {url}  (Ctrl+C för att stoppa / to stop)", flush=True)
    app = create_app(config, telegram_polling=telegram_polling)
    uvicorn.run(app, host=host, port=port, log_level="warning")
