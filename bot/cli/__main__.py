"""`python -m bot.cli` runs the `hejsan` command (tests start the service this way)."""

from bot.cli.main import main

main()
