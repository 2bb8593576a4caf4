"""Create or upgrade the schema with Alembic, from code (no alembic.ini needed).

Alembic's env.py runs its own event loop, so these functions are synchronous
and must be called outside a running loop (or via `asyncio.to_thread`).

Developers make a new migration with:
    .venv/bin/python -m bot.db.migrate revision "add timers"
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from bot.core.lazy import lazy_module

if TYPE_CHECKING:
    from alembic import command
    from alembic import config as alembic_configs
    from alembic.config import Config as AlembicConfig
else:  # only an upgrade needs Alembic; a quick list never does (bot/core/lazy.py)
    command = lazy_module("alembic.command")
    alembic_configs = lazy_module("alembic.config")

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(url: str) -> AlembicConfig:
    config = alembic_configs.Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str) -> None:
    """Bring the database at `url` to the newest schema (creating it if empty)."""
    command.upgrade(alembic_config(url), "head")


def main(argv: list[str]) -> int:
    if len(argv) >= 2 and argv[0] == "revision":
        url = argv[2] if len(argv) > 2 else "sqlite:///migration-scratch.db"
        upgrade(url)
        command.revision(alembic_config(url), message=argv[1], autogenerate=True)
        return 0
    print('usage: python -m bot.db.migrate revision "message" [database-url]', file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
