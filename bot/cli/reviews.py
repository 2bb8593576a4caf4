"""`hejsan review` and `hejsan readings`: the "Att läsa" list from the command line.

`review list` shows replies Hejsan could not read with confidence, oldest
first; `review label ID` stores what the reply really said and takes it off
the list; `readings export --jsonl` writes every correction in the labelled
format the word lists and the learned reader are trained on.
"""

from __future__ import annotations

import json
import sys
from typing import Annotated, Any

import typer
from rich.table import Table

from bot.cli.support import ConfigOption, JsonOption, fail, load, out, run, with_database
from bot.db.database import Database
from bot.turns.reviews import (
    Correction,
    UnknownReadingError,
    label,
    labelled_replies,
    to_review,
)
from conversations.reading import Mood, Rsvp

review_app = typer.Typer(help="Replies a person should read: list, label.", no_args_is_help=True)
readings_app = typer.Typer(help="Readings of replies: export corrections.", no_args_is_help=True)

MOODS = [m.value for m in Mood]
RSVPS = [r.value for r in Rsvp]


@review_app.command("list")
def list_reviews(
    include_done: Annotated[
        bool, typer.Option("--all", help="Also replies someone has already read.")
    ] = False,
    as_json: JsonOption = False,
    config: ConfigOption = None,
) -> None:
    """Replies waiting for a person, oldest first, with why Hejsan was unsure."""
    settings = load(config)

    async def work(db: Database) -> list[dict[str, Any]]:
        async with db.transaction() as session:
            return await to_review(session, include_done=include_done)

    items = run(lambda: with_database(settings, work))
    if as_json:
        sys.stdout.write(json.dumps(items, ensure_ascii=False) + "\n")
        return
    table = Table("id", "senior", "orsak / reason", "mottaget / received", "text")
    for item in items:
        table.add_row(
            str(item["id"]), item["senior"] or "", item["reason"] or "", item["received_at"],
            item["text"],
        )  # fmt: skip
    out.print(table)
    out.print(f"{len(items)} st att läsa / to read")


@review_app.command("label")
def label_reading(
    reading_id: Annotated[int, typer.Argument(help="The reading's id from `review list`.")],
    mood: Annotated[str | None, typer.Option(help="good, ok or bad.")] = None,
    rsvp: Annotated[str | None, typer.Option(help="yes, no or maybe.")] = None,
    guests: Annotated[int | None, typer.Option(help="People besides the senior.")] = None,
    contact: Annotated[bool, typer.Option("--contact/--no-contact")] = False,
    urgent: Annotated[bool, typer.Option("--urgent/--no-urgent")] = False,
    stop: Annotated[bool, typer.Option("--stop/--no-stop")] = False,
    by: Annotated[str, typer.Option(help="Who read it (name or initials).")] = "cli",
    config: ConfigOption = None,
) -> None:
    """Store what the reply really said; it leaves the list and becomes training data."""
    if mood is not None and mood not in MOODS:
        fail(f"--mood must be one of {', '.join(MOODS)}")
    if rsvp is not None and rsvp not in RSVPS:
        fail(f"--rsvp must be one of {', '.join(RSVPS)}")
    if guests is not None and guests < 0:
        fail("--guests cannot be negative")
    settings = load(config)
    correction = Correction(mood, rsvp, guests, contact, urgent, stop)

    async def work(db: Database) -> None:
        async with db.transaction() as session:
            await label(session, reading_id, correction, by, db.now())

    try:
        run(lambda: with_database(settings, work))
    except UnknownReadingError:
        fail(f"ingen läsning {reading_id} / no reading {reading_id}")
    out.print(f"Läsning {reading_id} rättad / reading {reading_id} corrected")


@readings_app.command("export")
def export_readings(
    jsonl: Annotated[
        bool, typer.Option("--jsonl", help="One labelled reply per line (the only format).")
    ] = False,
    config: ConfigOption = None,
) -> None:
    """Write every corrected reply in the labelled format of tests/conversations/data."""
    if not jsonl:
        fail("give --jsonl (the only format)")
    settings = load(config)

    async def work(db: Database) -> list[dict[str, Any]]:
        async with db.transaction() as session:
            return await labelled_replies(session)

    for row in run(lambda: with_database(settings, work)):
        sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
