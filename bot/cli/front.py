"""The `hejsan` command as it starts: quick for what coordinators run most.

Listing, showing and changing people and events, `init`, `demo` and
`outbox status` run here, in a process that never loads a channel client
nor the engine's word lists. The commands that need them or the console's
code (serve, campaigns, interpret, templates, link, escalations, review,
readings, users, tokens, audit, doctor, event edit/cancel) are the full command line
in `bot.cli.main`: `hejsan` hands them over to `python -m bot.cli` by
replacing its own process, so they behave exactly as if run directly.
"""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import Callable

import typer
from sqlalchemy.engine import make_url

from bot.cli.demo import demo_app
from bot.cli.events import event_commands
from bot.cli.outbox import app as outbox_app
from bot.cli.people import people_app
from bot.cli.support import ConfigOption, load, out, run, with_database
from bot.people.directory import Role

HELP = "Hejsan: check-ins, invitations and volunteer hand-over for older people."
# Commands of the full command line (bot.cli.main), with the help shown here.
ENGINE_COMMANDS = {
    "serve": "Run the service: web app, webhooks, simulator and scheduler in one process.",
    "interpret": "What Hejsan understands of a reply, as JSON (--jsonl for many).",
    "templates": "Every text Hejsan sends, its SMS cost and warnings.",
    "link": "A Telegram link and printable QR code for a senior or volunteer.",
    "campaign": "Campaigns: list, preview, run, pause, resume.",
    "escalations": "Cases for volunteers: list, claim, resolve.",
    "review": "Replies a person should read: list, label.",
    "readings": "Readings corrected by people, as labelled replies.",
    "checkins": "Check-ins: who was asked, who answered, who did not.",
    "users": "Console accounts: add, list, disable.",
    "tokens": "API tokens for the console's JSON API.",
    "audit": "The audit log: who looked at or changed what.",
    "doctor": "Check the config, the database, each channel and who a case would reach.",
}
SENIOR_ENGINE_COMMANDS = {
    "safety-check": "The daily safety check: time, reminders, on or off.",
    "contacts": "Close contacts (närstående): add, list, remove, first-tier.",
}
EVENT_ENGINE_COMMANDS = {
    "edit": "Change time, place, capacity or price; those coming are told.",
    "cancel": "Cancel an event (or the rest of its series); those coming are told once.",
}
HANDED_OVER = {"allow_extra_args": True, "ignore_unknown_options": True}


def init(config: ConfigOption = None) -> None:
    """Create or upgrade the database schema (here, or where [database] url says)."""
    settings = load(config)
    run(lambda: with_database(settings, lambda db: asyncio.sleep(0), create=True))
    shown = make_url(settings.database.url).render_as_string(hide_password=True)
    out.print(f"Databasen är klar / database ready: {shown}")


def base_app(senior_commands: Callable[[typer.Typer], None]) -> typer.Typer:
    """The commands that need neither a channel client nor the engine;
    `senior_commands` adds the seniors' commands that do (or hands them over)."""
    app = typer.Typer(
        help=HELP, no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False
    )
    seniors = people_app(Role.SENIOR)
    senior_commands(seniors)
    app.add_typer(seniors, name="seniors")
    app.add_typer(people_app(Role.VOLUNTEER), name="volunteers")
    app.add_typer(demo_app, name="demo")
    app.add_typer(outbox_app, name="outbox")
    app.command()(init)
    return app


def hand_over(*words: str) -> Callable[[typer.Context], None]:
    """A command that becomes `python -m bot.cli WORDS ARGS...` (the same process id)."""

    def command(ctx: typer.Context) -> None:
        sys.stdout.flush()
        os.execv(sys.executable, [sys.executable, "-m", "bot.cli", *words, *ctx.args])

    return command


def _hand_over_senior_commands(seniors: typer.Typer) -> None:
    for name, text in SENIOR_ENGINE_COMMANDS.items():
        seniors.command(name, help=text, context_settings=HANDED_OVER, add_help_option=False)(
            hand_over("seniors", name)
        )


def front_app() -> typer.Typer:
    app = base_app(_hand_over_senior_commands)
    events = event_commands()
    for name, text in EVENT_ENGINE_COMMANDS.items():
        events.command(name, help=text, context_settings=HANDED_OVER, add_help_option=False)(
            hand_over("event", name)
        )
    app.add_typer(events, name="event")
    for name, text in ENGINE_COMMANDS.items():
        app.command(name, help=text, context_settings=HANDED_OVER, add_help_option=False)(
            hand_over(name)
        )
    return app


app = front_app()
