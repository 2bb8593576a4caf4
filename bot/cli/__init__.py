"""The `hejsan` command, one module per command group; `bot.cli:app` is the entry point."""

from bot.cli.main import app

__all__ = ["app"]
