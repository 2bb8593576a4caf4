"""The `hejsan` command, one module per command group; `bot.cli:app` is the entry point.

It starts quick (bot.cli.front): importing this package loads no channel
client and not the engine's word lists; `python -m bot.cli` is the full
command line (bot.cli.main).
"""

from bot.cli.front import app

__all__ = ["app"]
