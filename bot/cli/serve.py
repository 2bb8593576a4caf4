"""`hejsan serve`: prepare the database, seed demo data, run uvicorn."""

from __future__ import annotations

import asyncio
import logging

import uvicorn

from bot.campaigns.occurrences import run_now
from bot.console.accounts import DEMO_ADMIN_EMAIL, disable_demo_admin, reset_demo_admin
from bot.core.config import Config
from bot.core.logs import log_event, uvicorn_log_config
from bot.core.shell import build_shell
from bot.db.database import Database
from bot.escalations.reachability import refuse_if_nobody_to_reach
from bot.events.demo_seed import DEMO_CAMPAIGN, seed_demo
from bot.people.demo import has_demo, remove_demo
from bot.turns.timer_handlers import fire_due_timers
from bot.web.app import create_app

log = logging.getLogger("hejsan.serve")


def with_demo_campaign(config: Config) -> Config:
    if config.simulator_only and config.service.demo_data and not config.campaigns:
        return config.model_copy(update={"campaigns": [DEMO_CAMPAIGN]})
    return config


async def prepare(config: Config) -> tuple[bool, str | None]:
    """Migrate the schema and, on the embedded defaults, seed demo data once
    (and ask the demo seniors how they are, and invite them to the demo lunch,
    in one text, so the simulator has questions to answer). Refuses
    (ConfigError) a service whose cases would reach nobody.

    Returns whether demo data was seeded, and the demo admin's new password
    (None when not running the demo; the demo admin is then disabled)."""
    database = Database(config.database.url)
    shell = build_shell(config)
    try:
        await database.migrate()
        if not config.simulator_only:  # a real channel: demo people must never get a text
            async with database.transaction() as session:
                if await has_demo(session):
                    await remove_demo(
                        session, actor="serve (real channel configured)", now=shell.now()
                    )
        seeded, password = False, None
        if config.service.demo_data and config.simulator_only:
            async with database.transaction() as session:
                seeded = await seed_demo(session, shell)
                password = await reset_demo_admin(session, shell.now())
            if seeded and config.campaigns:
                await run_now(database, shell, config.campaigns[0])
            if seeded:
                await fire_due_timers(database, shell)
        else:
            async with database.transaction() as session:
                await disable_demo_admin(session, shell.now())
        async with database.transaction() as session:
            await refuse_if_nobody_to_reach(session, shell)
        return seeded, password
    finally:
        await database.close()


def serve_forever(config: Config, host: str, port: int, telegram_polling: bool = False) -> None:
    config = with_demo_campaign(config)
    seeded, demo_password = asyncio.run(prepare(config))
    if seeded:
        log_event(log, "demo.seeded")
    shown = host if host not in ("0.0.0.0", "::") else "127.0.0.1"
    url = f"http://{shown}:{port}" + ("/simulator" if config.simulator_only else "")
    print(f"Hejsan körs / is running: {url}  (Ctrl+C för att stoppa / to stop)", flush=True)
    if demo_password is not None:
        print(
            f"Konsolen / console: http://{shown}:{port}/login  "
            f"e-post / e-mail: {DEMO_ADMIN_EMAIL}  lösenord / password: {demo_password}",
            flush=True,
        )
    app = create_app(config, telegram_polling=telegram_polling)
    uvicorn.run(
        app,
        host=host,
        port=port,
        log_config=uvicorn_log_config(config.logging.library_level),
        log_level=None,
    )
