"""`hejsan demo remove`: the demo data (bot.events.demo_seed) goes away as one."""

from __future__ import annotations

import typer

from bot.cli.support import ConfigOption, load, out, run, with_database
from bot.core.clock import system_clock
from bot.db.database import Database
from bot.people.demo import DemoRemoval, remove_demo

demo_app = typer.Typer(
    help="Demo data: the made-up seniors, volunteers and lunch.", no_args_is_help=True
)


@demo_app.command("remove")
def demo_remove(config: ConfigOption = None) -> None:
    """Remove every demo senior, volunteer and event (it is never seeded again)."""
    settings = load(config)

    async def work(db: Database) -> DemoRemoval:
        async with db.transaction() as session:
            return await remove_demo(session, actor="coordinator:cli", now=system_clock())

    removed = run(lambda: with_database(settings, work))
    out.print(
        f"Demodata borttagen / demo data removed: {removed.seniors} seniorer, "
        f"{removed.volunteers} volontärer, {removed.events} evenemang"
    )
