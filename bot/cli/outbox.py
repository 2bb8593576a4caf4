"""`hejsan outbox status`: what is waiting, what went, what was given up.

A give-up is never silent: the service logs a WARNING, the row says
`gave_up`, and this command counts them, with the urgent messages still
unsent and those the coordinators were told about.
"""

from __future__ import annotations

import json
import sys

import typer
from rich.table import Table

from bot.cli.support import ConfigOption, JsonOption, load, out, run, with_database
from bot.db.database import Database
from bot.db.outbox_status import outbox_summary

app = typer.Typer(help="The outbox: messages waiting, sent and given up.", no_args_is_help=True)

_LABELS = {
    "queued": "i kö / queued",
    "sending": "skickas / sending",
    "sent": "skickade / sent",
    "delivered": "levererade / delivered",
    "failed": "misslyckade / failed",
    "gave_up": "uppgivna / given up",
    "cancelled": "onödiga (gick på annan kanal) / cancelled (sent on another channel)",
    "urgent_unsent": "brådskande ej skickade / urgent unsent",
    "urgent_overdue": "brådskande försenade, samordnare larmade / urgent overdue, told",
}


@app.command("status")
def status(as_json: JsonOption = False, config: ConfigOption = None) -> None:
    """Count outgoing messages by status, and the urgent ones not yet out."""
    settings = load(config)

    async def work(db: Database) -> dict[str, int]:
        async with db.reading() as session:
            return await outbox_summary(session)

    counts = run(lambda: with_database(settings, work))
    if as_json:
        sys.stdout.write(json.dumps(counts) + "\n")
        return
    table = Table("status", "antal / count")
    for key, label in _LABELS.items():
        table.add_row(label, str(counts.get(key, 0)))
    out.print(table)
