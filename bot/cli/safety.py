"""`hejsan seniors safety-check` and `hejsan seniors contacts`: a senior's
daily safety check and close contacts, as a coordinator sets them up."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import typer
from rich.table import Table

from bot.cli.support import ConfigOption, fail, load, out, run, with_database
from bot.core.clock import system_clock
from bot.core.shell import build_shell
from bot.db.database import Database
from bot.db.models import Senior
from bot.people.close_contacts import (
    CloseContactError,
    ContactRow,
    add_close_contact,
    edit_close_contact,
    list_close_contacts,
    remove_close_contact,
    set_first_tier,
)
from bot.people.safety_settings import SafetyCheckError, change_safety_check

contacts_app = typer.Typer(
    help="Close contacts (närstående) of a senior: add, list, remove, first-tier.",
    no_args_is_help=True,
)


def safety_check(
    senior_id: Annotated[int, typer.Argument(help="The senior's id.")],
    at: Annotated[str | None, typer.Option("--at", help="Local time, e.g. 09:30.")] = None,
    reminders: Annotated[
        str | None, typer.Option("--reminders", help="Minutes after it, e.g. 30,60.")
    ] = None,
    off: Annotated[bool, typer.Option("--off", help="Turn the safety check off.")] = False,
    config: ConfigOption = None,
) -> None:
    """Daily safety check (trygghetskoll) at the senior's time: reminders, then
    an urgent "no answer" case the same morning. The same as `hejsan seniors
    edit ID --safety-check HH:MM|off --safety-reminders 30,60`."""
    if off and at is not None:
        fail("give --at HH:MM or --off, not both")
    if not off and at is None and reminders is None:
        fail("give --at HH:MM, --off or --reminders")
    settings = load(config)
    shell = build_shell(settings)

    async def work(db: Database) -> datetime | None:
        async with db.transaction() as session:
            senior = await session.get(Senior, senior_id)
            if senior is None:
                raise SafetyCheckError(f"no senior {senior_id}")
            return await change_safety_check(
                session,
                senior,
                at=None if off else (at or senior.safety_check_at),
                reminders=reminders,
                now=shell.now(),
                tz=shell.tz,
                actor="coordinator:cli",
            )

    due = run(lambda: with_database(settings, work))
    if due is None:
        out.print(f"Trygghetskollen är avstängd / safety check off (senior {senior_id}).")
    else:
        local = due.astimezone(shell.tz).strftime("%Y-%m-%d %H:%M")
        out.print(f"Trygghetskoll / safety check: nästa / next {local}.")


@contacts_app.command("add")
def contacts_add(
    senior_id: Annotated[int, typer.Argument(help="The senior's id.")],
    name: Annotated[str, typer.Option("--name", help="Full name.")],
    phone: Annotated[str, typer.Option("--phone", help="Phone number.")],
    consent_by: Annotated[
        str, typer.Option("--consent-by", help="Who recorded the senior's consent.")
    ],
    relation: Annotated[str, typer.Option("--relation", help="e.g. dotter, granne.")] = "",
    telegram: Annotated[str | None, typer.Option("--telegram", help="Telegram chat id.")] = None,
    has_key: Annotated[bool, typer.Option("--has-key", help="Has a key to the home.")] = False,
    not_first: Annotated[
        bool, typer.Option("--not-first", help="Not alerted before volunteers.")
    ] = False,
    config: ConfigOption = None,
) -> None:
    """Add a close contact, alerted first about this senior's "no answer" case."""
    settings = load(config)
    shell = build_shell(settings)

    async def work(db: Database) -> int:
        async with db.transaction() as session:
            contact = await add_close_contact(
                session,
                senior_id,
                name=name,
                phone=phone,
                relation=relation,
                has_key=has_key,
                first_tier=not not_first,
                consent_by=consent_by,
                now=shell.now(),
                telegram=telegram,
            )
            return contact.id

    try:
        contact_id = run(lambda: with_database(settings, work))
    except (CloseContactError, ValueError) as exc:
        fail(str(exc))
    out.print(f"Närstående / close contact {contact_id} tillagd / added.")


@contacts_app.command("list")
def contacts_list(
    senior_id: Annotated[int, typer.Argument(help="The senior's id.")],
    config: ConfigOption = None,
) -> None:
    """List a senior's close contacts."""
    settings = load(config)

    async def work(db: Database) -> list[ContactRow]:
        async with db.transaction() as session:
            return await list_close_contacts(session, senior_id)

    rows = run(lambda: with_database(settings, work))
    table = Table("id", "namn / name", "relation", "nyckel / key", "först / first", "telefon")
    for row in rows:
        table.add_row(
            str(row.id),
            row.name,
            row.relation,
            "ja" if row.has_key else "nej",
            "ja" if row.first_tier else "nej",
            row.phone,
        )
    out.print(table)


@contacts_app.command("remove")
def contacts_remove(
    senior_id: Annotated[int, typer.Argument(help="The senior's id.")],
    contact_id: Annotated[int, typer.Argument(help="The close contact's id.")],
    config: ConfigOption = None,
) -> None:
    """Remove a close contact (past alerts stay in the history)."""
    settings = load(config)

    async def work(db: Database) -> bool:
        async with db.transaction() as session:
            return await remove_close_contact(session, senior_id, contact_id, system_clock())

    if not run(lambda: with_database(settings, work)):
        fail(f"no close contact {contact_id} for senior {senior_id}")
    out.print(f"Närstående / close contact {contact_id} borttagen / removed.")


@contacts_app.command("edit")
def contacts_edit(
    senior_id: Annotated[int, typer.Argument(help="The senior's id.")],
    contact_id: Annotated[int, typer.Argument(help="The close contact's id.")],
    name: Annotated[str | None, typer.Option("--name", help="Full name.")] = None,
    phone: Annotated[str | None, typer.Option("--phone", help="Phone number.")] = None,
    relation: Annotated[str | None, typer.Option("--relation", help="e.g. dotter.")] = None,
    telegram: Annotated[
        str | None, typer.Option("--telegram", help='Telegram chat id; "" for none.')
    ] = None,
    has_key: Annotated[
        bool | None, typer.Option("--has-key/--no-key", help="Has a key to the home.")
    ] = None,
    config: ConfigOption = None,
) -> None:
    """Correct a close contact's details; what is not given stays as it is."""
    settings = load(config)

    async def work(db: Database) -> bool:
        async with db.transaction() as session:
            rows = {row.id: row for row in await list_close_contacts(session, senior_id)}
            row = rows.get(contact_id)
            if row is None:
                return False
            return await edit_close_contact(
                session,
                senior_id,
                contact_id,
                name=row.name if name is None else name,
                phone=row.phone if phone is None else phone,
                relation=row.relation if relation is None else relation,
                has_key=row.has_key if has_key is None else has_key,
                telegram=row.telegram if telegram is None else telegram,
                now=system_clock(),
            )

    try:
        edited = run(lambda: with_database(settings, work))
    except (CloseContactError, ValueError) as exc:
        fail(str(exc))
    if not edited:
        fail(f"no close contact {contact_id} for senior {senior_id}")
    out.print(f"Närstående / close contact {contact_id} ändrad / changed.")


@contacts_app.command("first-tier")
def contacts_first_tier(
    senior_id: Annotated[int, typer.Argument(help="The senior's id.")],
    contact_id: Annotated[int, typer.Argument(help="The close contact's id.")],
    off: Annotated[
        bool, typer.Option("--off", help="Ask together with the volunteers instead.")
    ] = False,
    config: ConfigOption = None,
) -> None:
    """Ask this close contact first, before the volunteers (--off: with them)."""
    settings = load(config)

    async def work(db: Database) -> bool:
        async with db.transaction() as session:
            return await set_first_tier(session, senior_id, contact_id, not off)

    if not run(lambda: with_database(settings, work)):
        fail(f"no close contact {contact_id} for senior {senior_id}")
    told = "larmas med volontärerna / asked with the volunteers" if off else "larmas först / first"
    out.print(f"Närstående / close contact {contact_id}: {told}.")
