"""`hejsan event edit|cancel`: those coming are told, through the engine, once."""

from __future__ import annotations

from typing import Annotated

import typer

from bot.cli.support import ConfigOption, fail, load, out, run, with_database
from bot.core.shell import Shell, build_shell
from bot.db.database import Database
from bot.events.changes import EventChanges, parse_local_datetime
from bot.events.gatherings import EventError
from bot.turns.event_news import NewsReport, cancel_event, change_event

ACTOR = "coordinator:cli"
IdArgument = Annotated[int, typer.Argument(metavar="ID")]


def event_edit(
    event_id: IdArgument,
    at: Annotated[str | None, typer.Option("--at", help="New local date and time.")] = None,
    venue: Annotated[str | None, typer.Option(help="New place.")] = None,
    capacity: Annotated[int | None, typer.Option(help="Places, guests included.")] = None,
    unlimited: Annotated[bool, typer.Option(help="Take the seat limit away.")] = False,
    price: Annotated[str | None, typer.Option(help='e.g. "60 kr"; "" for none.')] = None,
    title: Annotated[str | None, typer.Option(help="New title.")] = None,
    config: ConfigOption = None,
) -> None:
    """Change time, place, capacity or price; those coming hear of a new time or place."""
    settings = load(config)
    shell = build_shell(settings)
    try:
        starts_at = parse_local_datetime(at, "--at", shell) if at is not None else None
    except EventError as exc:
        fail(str(exc))
        return
    changes = EventChanges(
        starts_at=starts_at,
        venue=venue,
        capacity=capacity,
        price=price,
        title=title,
        unlimited=unlimited,
    )

    async def work(db: Database) -> NewsReport:
        return await change_event(db, shell, event_id, changes, actor=ACTOR)

    _print_news(run(lambda: with_database(settings, work)), shell, "ändrad / changed")


def event_cancel(
    event_id: IdArgument,
    rest_of_series: Annotated[
        bool, typer.Option("--rest-of-series", help="Also every later event of its series.")
    ] = False,
    config: ConfigOption = None,
) -> None:
    """Cancel an event (or the rest of its series); those coming are told once."""
    settings = load(config)
    shell = build_shell(settings)

    async def work(db: Database) -> NewsReport:
        return await cancel_event(db, shell, event_id, rest_of_series=rest_of_series, actor=ACTOR)

    _print_news(run(lambda: with_database(settings, work)), shell, "inställd / cancelled")


def _print_news(report: NewsReport, shell: Shell, what: str) -> None:
    for event in report.events:
        when = event.starts_at.astimezone(shell.tz).strftime("%Y-%m-%d %H:%M")
        out.print(f"#{event.id} {event.title}, {event.venue}, {when}: {what}", highlight=False)
    out.print(f"{report.told} som kommer får besked / people coming are told")
