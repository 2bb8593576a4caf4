"""`hejsan campaign ...` and `hejsan event ...`: what coordinators schedule."""

from __future__ import annotations

import json
import sys
from typing import Annotated, Any

import typer
from rich.table import Table
from rich.text import Text
from sqlalchemy import select

from bot.campaigns.occurrences import is_paused, run_now
from bot.campaigns.preview import preview_campaign
from bot.cli.support import ConfigOption, JsonOption, fail, load, out, run, with_database
from bot.core.config import CampaignConfig, Config
from bot.core.shell import build_shell
from bot.db.database import Database
from bot.db.models import CampaignRun, CampaignState
from scheduler.schedules import next_occurrence, occurrence_key

campaign_app = typer.Typer(
    help="Campaigns: list, preview, run, pause, resume.", no_args_is_help=True
)


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


@campaign_app.command("preview")
def campaign_preview(name: str, as_json: JsonOption = False, config: ConfigOption = None) -> None:
    """Who would get what at the next run, how many SMS segments, what it costs."""
    settings = load(config)
    shell = build_shell(settings)
    campaign = _campaign(settings, name)
    result = run(lambda: with_database(settings, lambda db: preview_campaign(db, shell, campaign)))
    if as_json:
        sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
        return
    out.print(Text.assemble((name, "bold"), f" nästa / next: {result['occurrence']}"))
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
