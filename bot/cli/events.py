"""`hejsan event add|list|attendees`: gatherings coordinators announce.

Changing and cancelling (bot/cli/event_news.py) tell those coming through the
engine; these commands need neither the engine nor a channel client.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from typing import Annotated, Any

import typer
from rich.table import Table
from sqlalchemy import select

from bot.cli.support import ConfigOption, JsonOption, fail, load, out, run, with_database
from bot.core.shell import Shell, build_shell
from bot.core.table_files import csv_bytes
from bot.db.database import Database
from bot.db.models import Event
from bot.events.changes import parse_local_datetime
from bot.events.gatherings import EventError, NewEvent, add_events, attendees, head_count
from scheduler.series import SeriesError, parse_every

ACTOR = "coordinator:cli"
IdArgument = Annotated[int, typer.Argument(metavar="ID")]


def event_add(
    title: Annotated[str, typer.Option("--title", help='e.g. "Sopplunch".')],
    venue: Annotated[str, typer.Option("--venue", help='e.g. "Restaurang Utsikten".')],
    at: Annotated[str, typer.Option("--at", help="Local date and time: 2026-12-09T12:00.")],
    capacity: Annotated[int | None, typer.Option(help="Places, guests included.")] = None,
    price: Annotated[str | None, typer.Option(help='e.g. "50 kr".')] = None,
    invite_days_before: Annotated[int, typer.Option(help="Invite this many days before.")] = 7,
    remind_days_before: Annotated[int, typer.Option(help="Remind the day(s) before.")] = 1,
    rsvp_by: Annotated[str | None, typer.Option(help="Last day to answer: 2026-12-07.")] = None,
    audience: Annotated[str | None, typer.Option(help="Only seniors with this tag.")] = None,
    every: Annotated[str | None, typer.Option(help='Repeat: "2w", "varannan vecka".')] = None,
    count: Annotated[int | None, typer.Option(help="How many in the series (default 6).")] = None,
    config: ConfigOption = None,
) -> None:
    """Add an event (or a series); invitations and reminders are scheduled."""
    settings = load(config)
    shell = build_shell(settings)
    try:
        weeks = parse_every(every) if every else None
        deadline = _rsvp_deadline(rsvp_by)
        at_time = parse_local_datetime(at, "--at", shell)
    except (SeriesError, EventError) as exc:
        fail(str(exc))
        return
    new = NewEvent(
        title=title.strip(),
        venue=venue.strip(),
        starts_at=at_time,
        capacity=capacity,
        price=price,
        invite_days_before=invite_days_before,
        remind_days_before=remind_days_before,
        rsvp_by=deadline,
        audience_tag=audience,
    )

    async def work(db: Database) -> list[Event]:
        async with db.transaction() as session:
            return await add_events(session, shell, new, every_weeks=weeks, count=count)

    try:
        events = run(lambda: with_database(settings, work))
    except EventError as exc:
        fail(str(exc))
        return
    for event in events:
        when = event.starts_at.astimezone(shell.tz).strftime("%Y-%m-%d %H:%M")
        out.print(f"#{event.id} {event.title}, {event.venue}, {when}", highlight=False)


def _rsvp_deadline(text: str | None) -> date | None:
    """`--rsvp-by` as a date; a mistake names the option, not Python's parser."""
    if not text:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise EventError(
            f"--rsvp-by {text!r}: skriv t.ex. / write e.g. 2026-12-07", field="rsvp_by"
        ) from None


def _event_json(event: Event, shell: Shell, coming: int) -> dict[str, Any]:
    return {
        "id": event.id,
        "title": event.title,
        "venue": event.venue,
        "starts_at": event.starts_at.astimezone(shell.tz).isoformat(),
        "capacity": event.capacity,
        "price": event.price,
        "audience_tag": event.audience_tag,
        "coming": coming,
        "series": event.series,
        "cancelled": event.cancelled,
    }


def event_list(as_json: JsonOption = False, config: ConfigOption = None) -> None:
    """Upcoming and past events with how many are coming."""
    settings = load(config)
    shell = build_shell(settings)

    async def work(db: Database) -> list[dict[str, Any]]:
        async with db.reading() as session:
            events = list(await session.scalars(select(Event).order_by(Event.starts_at)))
            rows = []
            for event in events:
                _, people = await attendees(session, event.id)
                rows.append(_event_json(event, shell, head_count(people)))
            return rows

    rows = run(lambda: with_database(settings, work))
    if as_json:
        sys.stdout.write(json.dumps(rows, ensure_ascii=False) + "\n")
        return
    table = Table(
        "id", "titel / title", "plats / venue", "när / when", "platser", "kommer / coming"
    )
    for r in rows:
        table.add_row(
            str(r["id"]),
            r["title"],
            r["venue"],
            r["starts_at"][:16].replace("T", " "),
            str(r["capacity"] or "-"),
            "inställd" if r["cancelled"] else str(r["coming"]),
        )
    out.print(table)


def event_attendees(
    event_id: Annotated[int, typer.Argument(metavar="ID")],
    as_json: JsonOption = False,
    as_csv: Annotated[bool, typer.Option("--csv", help="CSV for the restaurant.")] = False,
    config: ConfigOption = None,
) -> None:
    """Who is coming (with guests), for the restaurant; and the waiting list."""
    settings = load(config)

    async def work(db: Database) -> tuple[Event, list[dict[str, Any]]]:
        async with db.reading() as session:
            return await attendees(session, event_id)

    event, people = run(lambda: with_database(settings, work))
    coming = [p for p in people if p["answer"] == "yes"]
    if as_json:
        body = {
            "event_id": event.id,
            "title": event.title,
            "head_count": head_count(people),
            "attendees": coming,
            "waiting_list": [p for p in people if p["answer"] == "waitlist"],
        }
        sys.stdout.write(json.dumps(body, ensure_ascii=False) + "\n")
        return
    if as_csv:
        rows: list[list[str | int | None]] = [
            [p["name"], p["guests"], 1 + p["guests"]] for p in coming
        ]
        rows.append(["Totalt", "", head_count(people)])
        sys.stdout.buffer.write(csv_bytes(["namn", "gäster", "antal"], rows))
        sys.stdout.flush()
        return
    table = Table("namn / name", "gäster / guests")
    for p in coming:
        table.add_row(p["name"], str(p["guests"]))
    out.print(table)
    out.print(f"Totalt / total: {head_count(people)} personer / people")
    waiting = [p["name"] for p in people if p["answer"] == "waitlist"]
    if waiting:
        out.print(f"Väntelista / waiting list: {', '.join(waiting)}")


def event_commands() -> typer.Typer:
    """A fresh `event` group with the commands of this module (callers add edit/cancel)."""
    app = typer.Typer(
        help="Events (soup lunches): add, list, attendees, edit, cancel.", no_args_is_help=True
    )
    app.command("add")(event_add)
    app.command("list")(event_list)
    app.command("attendees")(event_attendees)
    return app
