"""The `hejsan` command line: a contract that coordinators and scripts rely on.

Every command takes `--config PATH` (or HEJSAN_CONFIG). Errors go to stderr
with a non-zero exit status; `--json` output has stable keys.
"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table
from sqlalchemy.engine import make_url

from bot.cli.campaigns import campaign_app, event_app
from bot.cli.conversations import interpret, templates_app
from bot.cli.escalations import app as escalations_app
from bot.cli.link import link
from bot.cli.outbox import app as outbox_app
from bot.cli.serve import serve_forever
from bot.cli.support import (
    ConfigOption,
    JsonOption,
    LangOption,
    TagOption,
    err,
    fail,
    load,
    out,
    run,
    with_database,
)
from bot.core.errors import HejsanError
from bot.core.shell import build_shell
from bot.db.database import Database
from bot.people.csv_import import ImportReport, import_people, read_file
from bot.people.directory import PersonError, Role, clean_person, list_people, upsert_people

app = typer.Typer(
    help="Hejsan: check-ins, invitations and volunteer hand-over for older people.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
seniors_app = typer.Typer(help="Seniors: add, import from CSV, list.", no_args_is_help=True)
volunteers_app = typer.Typer(help="Volunteers: add, import from CSV, list.", no_args_is_help=True)
app.add_typer(seniors_app, name="seniors")
app.add_typer(volunteers_app, name="volunteers")


@app.command()
def init(config: ConfigOption = None) -> None:
    """Create or upgrade the database schema."""
    settings = load(config)
    run(lambda: with_database(settings, lambda db: asyncio.sleep(0)))
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


def _add_person(
    role: Role,
    config: Path | None,
    name: str,
    phone: str,
    telegram: str | None,
    lang: str | None,
    tags: list[str] | None,
    org: str | None = None,
) -> None:
    settings = load(config)
    try:
        person = clean_person(
            name=name,
            phone=phone,
            telegram=telegram,
            lang=lang,
            tags=tags or [],
            org=org,
            default_lang=settings.service.default_lang,
        )
    except PersonError as exc:
        fail(str(exc))
        return

    async def work(db: Database) -> str:
        async with db.transaction() as session:
            counts = await upsert_people(session, role, [person], now=build_shell(settings).now())
        if counts.errors:
            raise PersonError(counts.errors[0][1])
        if counts.created:
            return "tillagd / added"
        return "uppdaterad / updated" if counts.updated else "oförändrad / unchanged"

    result = run(lambda: with_database(settings, work))
    out.print(f"{person.name} ({person.phone}): {result}", highlight=False)


def _import(role: Role, config: Path | None, file: Path) -> None:
    settings = load(config)

    async def work(db: Database) -> ImportReport:
        data = read_file(file)
        with Progress(
            TextColumn("[bold]Importerar / importing"),
            BarColumn(),
            MofNCompleteColumn(),
            console=err,
            transient=True,
            disable=not err.is_terminal,
        ) as progress:
            total = max(data.count(b"\n"), 1)
            task = progress.add_task("import", total=total)
            async with db.transaction() as session:
                return await import_people(
                    session,
                    role,
                    data,
                    default_lang=settings.service.default_lang,
                    progress=lambda n: progress.advance(task, n),
                    now=build_shell(settings).now(),
                )

    report = run(lambda: with_database(settings, work))
    out.print(
        f"{report.rows} rader / rows: {report.created} nya / new, {report.updated} ändrade / "
        f"updated, {report.unchanged} oförändrade / unchanged, {len(report.errors)} fel / errors"
    )
    for row, reason in report.errors:
        err.print(f"rad / row {row}: {reason}", highlight=False)
    if report.errors and not report.imported:
        raise typer.Exit(1)


def _list(role: Role, config: Path | None, as_json: bool) -> None:
    settings = load(config)

    async def work(db: Database) -> list[dict[str, Any]]:
        async with db.transaction() as session:
            return await list_people(session, role)

    people = run(lambda: with_database(settings, work))
    if as_json:
        sys.stdout.write(json.dumps(people, ensure_ascii=False) + "\n")
        return
    table = Table("id", "namn / name", "telefon / phone", "telegram", "språk", "taggar / tags")
    if role is Role.VOLUNTEER:
        table.add_column("organisation")
    for person in people:
        cells = [
            str(person["id"]),
            person["name"],
            person["phone"] or "",
            person["telegram"] or "",
            person["lang"],
            ", ".join(person["tags"]),
        ]
        if role is Role.VOLUNTEER:
            cells.append(person["org"] or "")
        table.add_row(*cells)
    out.print(table)
    out.print(f"{len(people)} st / total")


@seniors_app.command("add")
def seniors_add(
    name: Annotated[str, typer.Option("--name", help="Full name.")],
    phone: Annotated[str, typer.Option("--phone", help="Phone number, e.g. 070-123 45 67.")],
    telegram: Annotated[str | None, typer.Option("--telegram", help="Telegram chat id.")] = None,
    lang: LangOption = None,
    tag: TagOption = None,
    config: ConfigOption = None,
) -> None:
    """Add a senior (or update the one with this phone number)."""
    _add_person(Role.SENIOR, config, name, phone, telegram, lang, tag)


@seniors_app.command("import")
def seniors_import(
    file: Annotated[Path, typer.Argument(help="CSV file (; or , separated, UTF-8 or cp1252).")],
    config: ConfigOption = None,
) -> None:
    """Import seniors from CSV; re-importing the same file changes nothing."""
    _import(Role.SENIOR, config, file)


@seniors_app.command("list")
def seniors_list(as_json: JsonOption = False, config: ConfigOption = None) -> None:
    """List seniors."""
    _list(Role.SENIOR, config, as_json)


@volunteers_app.command("add")
def volunteers_add(
    name: Annotated[str, typer.Option("--name", help="Full name.")],
    phone: Annotated[str, typer.Option("--phone", help="Phone number, e.g. 070-123 45 67.")],
    telegram: Annotated[str | None, typer.Option("--telegram", help="Telegram chat id.")] = None,
    org: Annotated[
        str | None, typer.Option("--org", help="Organisation, e.g. Väntjänsten.")
    ] = None,
    lang: LangOption = None,
    tag: TagOption = None,
    config: ConfigOption = None,
) -> None:
    """Add a volunteer (or update the one with this phone number)."""
    _add_person(Role.VOLUNTEER, config, name, phone, telegram, lang, tag, org=org)


@volunteers_app.command("import")
def volunteers_import(
    file: Annotated[Path, typer.Argument(help="CSV file (; or , separated, UTF-8 or cp1252).")],
    config: ConfigOption = None,
) -> None:
    """Import volunteers from CSV; re-importing the same file changes nothing."""
    _import(Role.VOLUNTEER, config, file)


@volunteers_app.command("list")
def volunteers_list(as_json: JsonOption = False, config: ConfigOption = None) -> None:
    """List volunteers."""
    _list(Role.VOLUNTEER, config, as_json)


app.command()(interpret)
app.add_typer(templates_app, name="templates")
app.command()(link)
app.add_typer(campaign_app, name="campaign")
app.add_typer(event_app, name="event")
app.add_typer(escalations_app, name="escalations")
app.add_typer(outbox_app, name="outbox")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
