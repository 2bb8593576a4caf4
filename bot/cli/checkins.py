"""`hejsan checkins list`: who was asked, who answered, who is still silent."""

from __future__ import annotations

import json
import sys
from datetime import date
from typing import Annotated

import typer
from rich.table import Table

from bot.campaigns.checkins import CheckInRow, CheckInStatus, list_checkins
from bot.cli.support import ConfigOption, JsonOption, fail, load, out, run, with_database
from bot.core.shell import build_shell
from bot.db.database import Database

checkins_app = typer.Typer(help="Check-ins: who answered, who did not.", no_args_is_help=True)

_STATUS_SV = {
    CheckInStatus.ANSWERED: "svarat / answered",
    CheckInStatus.WAITING: "väntar / waiting",
    CheckInStatus.MISSED: "inget svar / missed",
}


@checkins_app.command("list")
def checkins_list(
    campaign: Annotated[str | None, typer.Option("--campaign", help="Only this campaign.")] = None,
    day: Annotated[
        str | None, typer.Option("--date", help="Local day asked, e.g. 2026-12-02. Default: all.")
    ] = None,
    as_json: JsonOption = False,
    config: ConfigOption = None,
) -> None:
    """One row per senior asked: name, asked at, answered at, mood, status."""
    settings = load(config)
    shell = build_shell(settings)
    try:
        wanted = date.fromisoformat(day) if day else None
    except ValueError:
        fail(f"--date {day!r}: skriv / write e.g. 2026-12-02")
        return

    async def work(db: Database) -> list[CheckInRow]:
        async with db.reading() as session:
            return await list_checkins(session, shell.tz, campaign=campaign, day=wanted)

    rows = run(lambda: with_database(settings, work))
    if as_json:
        body = [row.as_json(shell.tz) for row in rows]
        sys.stdout.write(json.dumps(body, ensure_ascii=False) + "\n")
        return
    table = Table("namn / name", "kampanj", "frågad / asked", "svar / answered", "mående", "status")
    for row in rows:
        shown = row.as_json(shell.tz)
        table.add_row(
            row.name,
            row.campaign,
            shown["asked_at"][:16].replace("T", " "),
            (shown["answered_at"] or "-")[:16].replace("T", " "),
            row.mood or "-",
            _STATUS_SV[row.status],
        )
    out.print(table)
