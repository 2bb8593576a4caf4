"""`hejsan serve`: prepare the database, seed demo data, run uvicorn."""

from __future__ import annotations

import asyncio
import logging

import uvicorn

from bot.config import Config
from bot.db.database import Database
from bot.demo import seed_demo
from bot.logs import log_event
from bot.web.app import create_app

log = logging.getLogger("hejsan.serve")


async def prepare(config: Config) -> bool:
    """Migrate the schema and, on the embedded defaults, seed demo data once."""
    database = Database(config.database.url)
    try:
        await database.migrate()
        if not (config.service.demo_data and config.simulator_only):
            return False
        async with database.transaction() as session:
            return await seed_demo(session, config.service.timezone)
    finally:
        await database.close()


def serve_forever(config: Config, host: str, port: int, telegram_polling: bool = False) -> None:
    seeded = asyncio.run(prepare(config))
    if seeded:
        log_event(log, "demo.seeded")
    shown = host if host not in ("0.0.0.0", "::") else "127.0.0.1"
    url = f"http://{shown}:{port}" + ("/simulator" if config.simulator_only else "")
    print(f"Hejsan körs / is running: {url}  (Ctrl+C för att stoppa / to stop)", flush=True)
    app = create_app(config, telegram_polling=telegram_polling)
    uvicorn.run(app, host=host, port=port, log_level="warning")
