"""The full `hejsan` command line: a contract that coordinators and scripts rely on.

`hejsan` starts in bot.cli.front (quick, for lists and changes) and hands
the commands that need the engine or a channel client over to this one.

Every command takes `--config PATH` (or HEJSAN_CONFIG). Errors go to stderr
with a non-zero exit status; `--json` output has stable keys.
"""

from __future__ import annotations

from typing import Annotated

import typer

from bot.cli.accounts import audit_app, tokens_app, users_app
from bot.cli.campaigns import campaign_app
from bot.cli.checkins import checkins_app
from bot.cli.conversations import interpret, templates_app
from bot.cli.doctor import doctor
from bot.cli.escalations import app as escalations_app
from bot.cli.event_news import event_cancel, event_edit
from bot.cli.events import event_commands
from bot.cli.front import base_app
from bot.cli.link import link
from bot.cli.reviews import readings_app, review_app
from bot.cli.safety import contacts_app, safety_check
from bot.cli.serve import serve_forever
from bot.cli.support import (
    ConfigOption,
    fail,
    load,
)
from bot.core.errors import HejsanError


def _senior_engine_commands(seniors: typer.Typer) -> None:
    seniors.command("safety-check")(safety_check)
    seniors.add_typer(contacts_app, name="contacts")


app = base_app(_senior_engine_commands)
events = event_commands()
events.command("edit")(event_edit)
events.command("cancel")(event_cancel)
app.add_typer(events, name="event")


@app.command()
def serve(
    config: ConfigOption = None,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8080,
    telegram_polling: Annotated[
        bool,
        typer.Option("--telegram-polling", help="Poll Telegram instead of a webhook."),
    ] = False,
) -> None:
    """Run the service: web app, webhooks, simulator and scheduler in one process."""
    settings = load(config)
    try:
        serve_forever(settings, host=host, port=port, telegram_polling=telegram_polling)
    except HejsanError as exc:
        fail(str(exc))


app.command()(interpret)
app.command()(doctor)
app.add_typer(templates_app, name="templates")
app.command()(link)
app.add_typer(campaign_app, name="campaign")
app.add_typer(users_app, name="users")
app.add_typer(tokens_app, name="tokens")
app.add_typer(audit_app, name="audit")
app.add_typer(checkins_app, name="checkins")
app.add_typer(escalations_app, name="escalations")
app.add_typer(review_app, name="review")
app.add_typer(readings_app, name="readings")


def main() -> None:
    app(prog_name="hejsan")  # also when `hejsan` handed the command over to `python -m bot.cli`


if __name__ == "__main__":
    main()
