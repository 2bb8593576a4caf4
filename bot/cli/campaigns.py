"""`hejsan campaign ...` and `hejsan event ...`: what coordinators schedule."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable
from datetime import date, datetime
from typing import Annotated, Any

import typer
from rich.table import Table
from sqlalchemy import select

from bot.campaigns.occurrences import campaign_prompts, in_audience, is_paused, run_now
from bot.channels.reach import reachable_channels
from bot.channels.simulator import ensure_simulator_addresses
from bot.cli.support import ConfigOption, JsonOption, fail, load, out, run, with_database
from bot.core.config import CampaignConfig, Config
from bot.core.shell import Shell, build_shell
from bot.db.database import Database
from bot.db.models import CampaignRun, CampaignState, Event
from bot.events.gatherings import EventError, NewEvent, add_events, attendees, head_count
from bot.turns.planning import (
    Batch,
    SeniorRow,
    prompt_for,
    read_batches,
)
from conversations import actions as a
from conversations.engine import step
from conversations.inputs import Input as ConversationInput
from conversations.sms_cost import sms_cost
from scheduler.schedules import next_occurrence, occurrence_key
from scheduler.series import SeriesError, parse_every

campaign_app = typer.Typer(
    help="Campaigns: list, preview, run, pause, resume.", no_args_is_help=True
)
event_app = typer.Typer(help="Events (soup lunches): add, list, attendees.", no_args_is_help=True)


def _campaign(config: Config, name: str) -> CampaignConfig:
    for campaign in config.campaigns:
        if campaign.name == name:
            return campaign
    known = ", ".join(c.name for c in config.campaigns) or "none in the config"
    fail(f"ingen kampanj / no campaign {name!r} (known: {known})")
    raise AssertionError


@campaign_app.command("list")
def campaign_list(as_json: JsonOption = False, config: ConfigOption = None) -> None:
    """Campaigns from the config, with paused state, last and next run."""
    settings = load(config)
    shell = build_shell(settings)

    async def work(db: Database) -> list[dict[str, Any]]:
        rows = []
        async with db.reading() as session:
            for c in settings.campaigns:
                last = await session.scalar(
                    select(CampaignRun.occurrence)
                    .where(CampaignRun.campaign == c.name)
                    .order_by(CampaignRun.scheduled_for.desc())
                    .limit(1)
                )
                upcoming = next_occurrence(c.schedule, shell.tz, shell.now())
                rows.append(
                    {
                        "name": c.name,
                        "kind": c.kind,
                        "schedule": c.schedule,
                        "paused": await is_paused(session, c),
                        "audience_tags": c.audience_tags,
                        "last_run": last,
                        "next_run": occurrence_key(upcoming, shell.tz) if upcoming else None,
                    }
                )
        return rows

    rows = run(lambda: with_database(settings, work))
    if as_json:
        sys.stdout.write(json.dumps(rows, ensure_ascii=False) + "\n")
        return
    table = Table("namn / name", "typ", "schema", "pausad", "senast / last", "nästa / next")
    for r in rows:
        table.add_row(
            r["name"],
            r["kind"],
            r["schedule"],
            "ja" if r["paused"] else "nej",
            r["last_run"] or "-",
            r["next_run"] or "-",
        )
    out.print(table)


def _preview_batch(
    shell: Shell,
    make_prompt: Callable[[SeniorRow], ConversationInput | None],
    batch: Batch,
    recipients: list[dict[str, Any]],
    skipped: dict[str, int],
) -> None:
    """What each senior of `batch` would get, with its SMS cost; or why nothing."""
    channels = reachable_channels(shell.config)
    for senior in batch.seniors:
        found = prompt_for(senior, batch, make_prompt, shell, channels)
        if isinstance(found, str):
            skipped[found] = skipped.get(found, 0) + 1
            continue
        address, prompt = found
        _, actions = step(batch.state(senior), prompt, shell.now(), shell.settings)
        for action in actions:
            if isinstance(action, a.SendMessage):
                cost = sms_cost(action.text)
                recipients.append(
                    {
                        "senior_id": senior.id,
                        "name": senior.name,
                        "channel": address.channel,
                        "text": action.text,
                        "encoding": cost.encoding,
                        "segments": cost.segments if address.channel == "sms" else 0,
                    }
                )


async def _preview(db: Database, shell: Shell, campaign: CampaignConfig) -> dict[str, Any]:
    at = next_occurrence(campaign.schedule, shell.tz, shell.now()) or shell.now()
    occurrence = occurrence_key(at, shell.tz)
    make_prompt = campaign_prompts(campaign, occurrence, shell.config.service.default_lang)
    recipients: list[dict[str, Any]] = []
    skipped: dict[str, int] = {}
    if shell.config.simulator_only:
        await ensure_simulator_addresses(db)  # what the run will do first, idempotent
    audience = read_batches(db, keep=lambda senior: in_audience(senior, campaign), now=shell.now())
    async for batch in audience:
        _preview_batch(shell, make_prompt, batch, recipients, skipped)
    segments = sum(r["segments"] for r in recipients)
    price = shell.config.twilio.price_per_segment
    return {
        "campaign": campaign.name,
        "occurrence": occurrence,
        "recipients": len(recipients),
        "skipped": skipped,
        "sms_segments": segments,
        "cost": round(segments * price, 2),
        "currency": shell.config.twilio.currency,
        "messages": recipients,
    }


@campaign_app.command("preview")
def campaign_preview(name: str, as_json: JsonOption = False, config: ConfigOption = None) -> None:
    """Who would get what at the next run, how many SMS segments, what it costs."""
    settings = load(config)
    shell = build_shell(settings)
    campaign = _campaign(settings, name)
    result = run(lambda: with_database(settings, lambda db: _preview(db, shell, campaign)))
    if as_json:
        sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
        return
    out.print(f"[bold]{name}[/] nästa / next: {result['occurrence']}")
    for message in result["messages"][:5]:
        out.print(
            f"  {message['name']} ({message['channel']}, {message['segments']} sms): "
            f"{message['text']}",
            highlight=False,
        )
    if result["recipients"] > 5:
        out.print(f"  ... och {result['recipients'] - 5} till / and more")
    out.print(
        f"{result['recipients']} mottagare / recipients, {result['sms_segments']} sms-delar / "
        f"segments, kostnad / cost {result['cost']:.2f} {result['currency']}; "
        f"hoppas över / skipped: {result['skipped'] or 0}"
    )


@campaign_app.command("run")
def campaign_run(
    name: str,
    now: Annotated[bool, typer.Option("--now", help="Run it now, outside its schedule.")] = False,
    config: ConfigOption = None,
) -> None:
    """Plan today's occurrence now. It is the scheduled one: the schedule, a
    restart or a second run the same day sends nothing more."""
    if not now:
        fail("say --now to run it outside its schedule")
    settings = load(config)
    shell = build_shell(settings)
    campaign = _campaign(settings, name)

    async def work(db: Database) -> Any:
        return await run_now(db, shell, campaign)

    report = run(lambda: with_database(settings, work))
    if report.already_ran:
        out.print(f"{name} {report.occurrence}: redan körd i dag / already ran today")
        return
    out.print(
        f"{name}: {report.planned} meddelanden köade / messages queued; hoppas över / "
        f"skipped: {dict(report.skipped) or 0}. `hejsan serve` skickar dem / sends them."
    )


def _set_paused(name: str, paused: bool, config: ConfigOption) -> None:
    settings = load(config)
    _campaign(settings, name)

    async def work(db: Database) -> None:
        async with db.transaction() as session:
            state = await session.get(CampaignState, name)
            if state is None:
                session.add(CampaignState(name=name, paused=paused))
            else:
                state.paused = paused

    run(lambda: with_database(settings, work))
    out.print(f"{name}: {'pausad / paused' if paused else 'återupptagen / resumed'}")


@campaign_app.command("pause")
def campaign_pause(name: str, config: ConfigOption = None) -> None:
    """Stop a campaign until resumed (kept across restarts)."""
    _set_paused(name, True, config)


@campaign_app.command("resume")
def campaign_resume(name: str, config: ConfigOption = None) -> None:
    """Resume a paused campaign from its next occurrence."""
    _set_paused(name, False, config)


def _parse_at(text: str, shell: Shell) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        fail(f"--at {text!r}: skriv / write e.g. 2026-12-09T12:00")
        raise
    return moment if moment.tzinfo else moment.replace(tzinfo=shell.tz)


@event_app.command("add")
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
        deadline = date.fromisoformat(rsvp_by) if rsvp_by else None
    except (SeriesError, ValueError) as exc:
        fail(str(exc))
        return
    new = NewEvent(
        title=title.strip(),
        venue=venue.strip(),
        starts_at=_parse_at(at, shell),
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
    }


@event_app.command("list")
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
            str(r["coming"]),
        )
    out.print(table)


@event_app.command("attendees")
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
        writer = csv.writer(sys.stdout, delimiter=";")
        writer.writerow(["namn", "gäster", "antal"])
        for p in coming:
            writer.writerow([p["name"], p["guests"], 1 + p["guests"]])
        writer.writerow(["Totalt", "", head_count(people)])
        return
    table = Table("namn / name", "gäster / guests")
    for p in coming:
        table.add_row(p["name"], str(p["guests"]))
    out.print(table)
    out.print(f"Totalt / total: {head_count(people)} personer / people")
    waiting = [p["name"] for p in people if p["answer"] == "waitlist"]
    if waiting:
        out.print(f"Väntelista / waiting list: {', '.join(waiting)}")
