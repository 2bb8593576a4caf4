"""What every `hejsan` command shares: config loading, errors, the database.

Commands live in bot/cli.py and bot/cli_*.py; each takes `--config PATH`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Coroutine
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console

from bot.core.config import Config, load_config
from bot.core.errors import HejsanError
from bot.core.logs import configure_logging
from bot.db.database import Database

T = TypeVar("T")

out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

ConfigOption = Annotated[
    Path | None,
    typer.Option("--config", "-c", help="Config file (TOML). Default: HEJSAN_CONFIG or built-in."),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print a JSON array with stable keys.")]
LangOption = Annotated[str | None, typer.Option("--lang", help="sv, en or fi.")]
TagOption = Annotated[list[str] | None, typer.Option("--tag", help="A tag; repeat for more.")]


def fail(message: str, code: int = 1) -> None:
    err.print(f"[bold red]fel / error:[/] {message}", highlight=False)
    raise typer.Exit(code)


def load(config_path: Path | None) -> Config:
    try:
        config = load_config(config_path)
    except HejsanError as exc:
        fail(str(exc), code=2)
        raise  # unreachable; keeps mypy's flow analysis honest
    configure_logging(config.logging.level, config.logging.format, config.logging.library_level)
    return config


def run(work: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """Run async work; our own errors become one clear line on stderr."""
    try:
        return asyncio.run(work())
    except HejsanError as exc:
        fail(str(exc))
        raise


async def with_database(config: Config, work: Callable[[Database], Awaitable[T]]) -> T:
    """Open the database (creating/upgrading the schema), run `work`, close."""
    database = Database(config.database.url)
    try:
        await database.migrate()
        return await work(database)
    finally:
        await database.close()
