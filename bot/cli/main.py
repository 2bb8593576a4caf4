"""The `hejsan` command line: a contract that coordinators and scripts rely on.

Every command takes `--config PATH` (or HEJSAN_CONFIG). Errors go to stderr
with a non-zero exit status; `--json` output has stable keys.
"""

from __future__ import annotations

import asyncio
from typing import Annotated

import typer
from sqlalchemy.engine import make_url

from bot.cli.campaigns import campaign_app
from bot.cli.conversations import interpret, templates_app
from bot.cli.demo import demo_app
from bot.cli.doctor import doctor
from bot.cli.escalations import app as escalations_app
from bot.cli.events import event_app
from bot.cli.link import link
from bot.cli.people import seniors_app, volunteers_app
from bot.cli.serve import serve_forever
from bot.cli.support import (
    ConfigOption,
    fail,
    load,
    out,
    run,
    with_database,
)
from bot.core.errors import HejsanError

app = typer.Typer(
    help="Hejsan: check-ins, invitations and volunteer hand-over for older people.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(seniors_app, name="seniors")
app.add_typer(volunteers_app, name="volunteers")


@app.command()
def init(config: ConfigOption = None) -> None:
    """Create or upgrade the database schema."""
    settings = load(config)
    run(lambda: with_database(settings, lambda db: asyncio.sleep(0), create=True))
    out.print(f"Databasen är klar / database ready: {_safe_url(settings.database.url)}")


def _safe_url(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


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
app.add_typer(templates_app, name="templates")
app.command()(link)
app.add_typer(campaign_app, name="campaign")
app.add_typer(event_app, name="event")
app.add_typer(escalations_app, name="escalations")
app.add_typer(demo_app, name="demo")
app.command()(doctor)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
