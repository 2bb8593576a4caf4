"""`hejsan doctor`: is everything set up? Config, database, channels, in plain words."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.text import Text
from sqlalchemy import text
from sqlalchemy.engine import make_url

from bot.channels.checks import Finding, check_channels
from bot.cli.support import ConfigOption, err, find_config, load, missing_database, out
from bot.core.config import Config
from bot.core.lazy import lazy_module
from bot.core.shell import build_shell
from bot.db.database import Database
from bot.db.migrate import alembic_config
from bot.db.outbox_status import outbox_summary
from bot.escalations.reachability import nobody_to_reach

if TYPE_CHECKING:
    from alembic import script as alembic_scripts
else:  # only the schema check needs it (bot/core/lazy.py)
    alembic_scripts = lazy_module("alembic.script")


async def check_database(config: Config) -> list[Finding]:
    """The database exists, answers, and has the newest schema."""
    shown = make_url(config.database.url).render_as_string(hide_password=True)
    problem = missing_database(config)
    if problem:
        return [Finding("Databas", False, problem)]
    database = Database(config.database.url)
    try:
        async with database.engine.connect() as connection:
            versions = await connection.execute(text("SELECT version_num FROM alembic_version"))
            current = {row[0] for row in versions}
    except Exception as exc:  # any failure to read it is what the coordinator must hear
        return [Finding("Databas", False, f"{shown}: kan inte läsas / cannot be read ({exc})")]
    finally:
        await database.close()
    heads = set(
        alembic_scripts.ScriptDirectory.from_config(alembic_config(config.database.url)).get_heads()
    )
    if current != heads:
        return [
            Finding(
                "Databas",
                False,
                f"{shown}: gammalt schema / old schema: run `hejsan init` (or restart serve)",
            )
        ]
    return [Finding("Databas", True, shown), await check_outbox(config), await check_ladder(config)]


async def check_outbox(config: Config) -> Finding:
    """Messages given up, and urgent ones not out a minute after they were
    written (coordinators told): every give-up is seen, a stuck cry for help
    is a thing to fix."""
    database = Database(config.database.url)
    try:
        async with database.reading() as session:
            counts = await outbox_summary(session)
    finally:
        await database.close()
    detail = (
        f"{counts['gave_up']} uppgivna / given up, {counts['urgent_overdue']} brådskande "
        "ej skickade efter en minut / urgent not out after a minute "
        "(`hejsan outbox status`)"
    )
    return Finding("Utkorg", counts["urgent_overdue"] == 0, detail)


async def check_ladder(config: Config) -> Finding:
    """Someone can be alerted when a senior asks for help (serve refuses to
    start otherwise; the doctor says so before anyone restarts it)."""
    database = Database(config.database.url)
    try:
        async with database.transaction() as session:
            problem = await nobody_to_reach(session, build_shell(config))
    finally:
        await database.close()
    if problem is not None:
        return Finding("Eskalering", False, problem)
    return Finding("Eskalering", True, "någon kan larmas / someone can be alerted")


def doctor(config: ConfigOption = None) -> None:
    """Check the config, the database and each channel, and say what to fix."""
    path: Path | None = find_config(config, os.environ)
    settings = load(config)
    findings = [
        Finding("Konfiguration", True, str(path.resolve()) if path else "inbyggd / built-in")
    ]

    async def gather() -> list[Finding]:
        return [*await check_database(settings), *await check_channels(settings)]

    findings += asyncio.run(gather())
    if settings.simulator_only:
        findings.append(
            Finding("Kanaler", True, "simulatorn (inget sms eller Telegram) / simulator only")
        )
    for finding in findings:
        mark = ("ok  ", "green") if finding.ok else ("FEL ", "bold red")
        out.print(Text.assemble(mark, f"{finding.what}: {finding.detail}"))
    problems = [f for f in findings if not f.ok]
    if problems:
        err.print(f"{len(problems)} saker att åtgärda / things to fix", highlight=False)
        raise typer.Exit(1)
