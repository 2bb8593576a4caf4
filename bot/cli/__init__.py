"""The `hejsan` command, one module per command group; `bot.cli:app` is the entry point.

It starts quick (bot.cli.front): importing this package loads no channel
client and not the engine's word lists; `python -m bot.cli` is the full
command line (bot.cli.main).

Importing it makes some 130,000 objects that Python's garbage collector
tracks (SQLAlchemy, pydantic, our models), all kept as long as the process.
The collector would walk them over and over while they are made, again while
a command makes its own (1,000 seniors listed), and once more at exit: about
a fifth of `hejsan seniors list`. So it pauses while the command line is
imported; those objects are then set aside for good (gc.freeze), and it runs
as usual for everything after, `serve` included.
"""

import gc

_collecting = gc.isenabled()
gc.disable()
try:
    from bot.cli.front import app
finally:
    gc.freeze()
    if _collecting:
        gc.enable()

__all__ = ["app"]
