"""What every `hejsan` command shares: config loading, errors, the database.

Commands live in bot/cli.py and bot/cli_*.py; each takes `--config PATH`.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Awaitable, Callable, Coroutine, Mapping
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.text import Text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from bot.core.config import ENV_CONFIG_PATH, Config, load_config
from bot.core.errors import HejsanError
from bot.core.logs import configure_logging
from bot.db.database import Database

T = TypeVar("T")

# No markup: what we print holds names, titles and config keys ("[service]"),
# which rich would otherwise read as style tags and drop (or fail on "[/]").
out = Console(soft_wrap=True, markup=False)
err = Console(stderr=True, soft_wrap=True, markup=False)

ConfigOption = Annotated[
    Path | None,
    typer.Option(
        "--config",
        "-c",
        help="Config file (TOML). Default: HEJSAN_CONFIG, else ./hejsan.toml, else built-in.",
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print a JSON array with stable keys.")]
LangOption = Annotated[str | None, typer.Option("--lang", help="sv, en or fi.")]
TagOption = Annotated[list[str] | None, typer.Option("--tag", help="A tag; repeat for more.")]


def fail(message: str, code: int = 1) -> None:
    err.print(Text.assemble(("fel / error:", "bold red"), " ", message))
    raise typer.Exit(code)


LOCAL_CONFIG = Path("hejsan.toml")


def find_config(config_path: Path | None, environ: Mapping[str, str]) -> Path | None:
    """`--config`, else HEJSAN_CONFIG, else `hejsan.toml` in the current folder."""
    if config_path is not None or environ.get(ENV_CONFIG_PATH, "").strip():
        return config_path
    return LOCAL_CONFIG if LOCAL_CONFIG.is_file() else None


def load(config_path: Path | None) -> Config:
    try:
        config = load_config(find_config(config_path, os.environ))
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


def sqlite_file(url: str) -> Path | None:
    """The file of a SQLite URL (None for PostgreSQL or an in-memory database)."""
    parsed = make_url(url)
    if not parsed.drivername.startswith("sqlite") or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def missing_database(config: Config) -> str | None:
    """Why there is no database to open, in words a coordinator can act on."""
    path = sqlite_file(config.database.url)
    if path is None or path.exists():
        return None
    return (
        f"ingen databas i / no database at {path.resolve()}. Kör / run `hejsan init` "
        "to create one there, or run hejsan in the folder with your hejsan.toml "
        "(or pass --config)."
    )


async def with_database(
    config: Config,
    work: Callable[[Database], Awaitable[T]],
    *,
    create: bool = False,
    upgrade: bool = True,
) -> T:
    """Open the database (upgrading the schema), run `work`, close.

    Only `init` and `serve` create a missing SQLite file: anywhere else a
    missing file means the wrong folder, and an empty new database would
    look as if every senior were gone. Commands that only read may skip the
    upgrade (it costs a third of a second); an older schema then says so.
    """
    problem = None if create else missing_database(config)
    if problem:
        raise HejsanError(problem)
    database = Database(config.database.url)
    try:
        if upgrade:
            await database.migrate()
        return await work(database)
    except DBAPIError as exc:
        if upgrade:
            raise
        raise HejsanError(
            f"databasen kunde inte läsas; kör / the database could not be read; run "
            f"`hejsan init` to bring it up to date ({type(exc.orig).__name__})"
        ) from None
    finally:
        await database.close()
