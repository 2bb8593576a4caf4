"""`hejsan seniors ...` and `hejsan volunteers ...`: the lists coordinators keep.

One set of commands for both roles, built by `people_app`; each command is a
thin shell over the service functions in bot/people/ that the console uses
too. This module imports no channel client and no engine, so listing people
starts fast.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Annotated, Any
from zoneinfo import ZoneInfo

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table
from sqlalchemy.ext.asyncio import AsyncSession

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
from bot.core.clock import system_clock
from bot.core.config import Config
from bot.core.table_files import csv_bytes, xlsx_bytes
from bot.db.database import Database
from bot.db.models import Senior
from bot.people.changes import (
    PersonChanges,
    edit_person,
    get_person,
    pause_person,
    remove_person,
    restore_person,
    resume_person,
    set_opted_out,
)
from bot.people.directory import (
    PersonError,
    Role,
    clean_person,
    list_people,
    person_json,
    removed_earlier,
    upsert_people,
)
from bot.people.list_import import ImportReport, import_people, read_file
from bot.people.privacy import erase_person, export_person
from bot.people.safety_settings import change_safety_check, is_off

ACTOR = "coordinator:cli"
IdArgument = Annotated[int, typer.Argument(metavar="ID", help="The id from `list`.")]
FILE_HEADERS = ("id", "namn", "telefon", "telegram", "språk", "taggar", "status")


def _status(person: dict[str, Any], tz: ZoneInfo) -> str:
    """How a person stands, in the words a coordinator uses."""
    parts = []
    if person.get("removed"):
        parts.append("borttagen")
    elif person.get("opted_out"):
        parts.append("STOPP")
    elif person.get("paused") or person.get("active") is False:
        until = person.get("paused_until")
        day = datetime.fromisoformat(until).astimezone(tz).date() if until else None
        parts.append(f"pausad till {day}" if day else "pausad")
    if person.get("phone") and not person.get("sms_usable"):
        parts.append("ej sms")
    if person.get("demo"):
        parts.append("demo")
    return ", ".join(parts) or "aktiv"


def _table(role: Role, people: list[dict[str, Any]], tz: ZoneInfo) -> Table:
    """Fits 80 columns: long names and tags wrap, phone numbers never break."""
    table = Table(expand=False, pad_edge=False)
    table.add_column("id", justify="right", no_wrap=True)
    table.add_column("namn", overflow="fold", ratio=3)
    table.add_column("telefon", no_wrap=True, min_width=12)
    table.add_column("org" if role is Role.VOLUNTEER else "taggar", overflow="fold", ratio=1)
    table.add_column("status", overflow="fold", ratio=2, min_width=22)
    for person in people:
        extra = person.get("org") if role is Role.VOLUNTEER else ", ".join(person["tags"])
        table.add_row(
            str(person["id"]),
            person["name"],
            person["phone"] or "",
            extra or "",
            _status(person, tz),
        )
    return table


def _rows(people: list[dict[str, Any]], tz: ZoneInfo) -> list[list[str | int | None]]:
    return [
        [
            p["id"],
            p["name"],
            p["phone"],
            p["telegram"],
            p["lang"],
            ", ".join(p["tags"]),
            _status(p, tz),
        ]
        for p in people
    ]


def _day_start(day: str, option: str, config: Config) -> datetime:
    try:
        parsed = date.fromisoformat(day)
    except ValueError:
        fail(f"{option} {day!r}: skriv / write YYYY-MM-DD, e.g. 2027-01-15")
        raise
    return datetime.combine(parsed, time(0, 0), tzinfo=ZoneInfo(config.service.timezone))


def _plural(role: Role) -> str:
    return "seniors" if role is Role.SENIOR else "volunteers"


def _add_command(role: Role) -> Callable[..., None]:
    """`add` for `role`."""

    def add(
        name: Annotated[str, typer.Option("--name", help="Full name.")],
        phone: Annotated[str, typer.Option("--phone", help="Phone number, e.g. 070-123 45 67.")],
        telegram: Annotated[str | None, typer.Option(help="Telegram chat id.")] = None,
        lang: LangOption = None,
        tag: TagOption = None,
        org: Annotated[str | None, typer.Option(help="Organisation (volunteers).")] = None,
        config: ConfigOption = None,
    ) -> None:
        """Add a person (or update the one with this phone number)."""
        settings = load(config)
        try:
            person = clean_person(
                name=name,
                phone=phone,
                telegram=telegram,
                lang=lang,
                tags=tag or [],
                org=org,
                default_lang=settings.service.default_lang,
            )
        except PersonError as exc:
            fail(str(exc))
            return

        async def work(db: Database) -> str:
            async with db.transaction() as session:
                counts = await upsert_people(
                    session, role, [person], actor=ACTOR, now=system_clock()
                )
            if counts.errors:
                raise PersonError(counts.errors[0][1])
            if counts.removed:
                raise PersonError(removed_earlier(role, counts.removed[0][1]))
            if counts.created:
                return "tillagd / added"
            return "uppdaterad / updated" if counts.updated else "oförändrad / unchanged"

        result = run(lambda: with_database(settings, work))
        out.print(f"{person.name} ({person.phone}): {result}", highlight=False)
        for warning in person.warnings:
            err.print(f"varning / warning: {warning}", highlight=False)

    return add


def _import_command(role: Role) -> Callable[..., None]:
    """`import` for `role`."""

    def import_(
        file: Annotated[Path, typer.Argument(help="Excel (.xlsx) or CSV (; or ,).")],
        dry_run: Annotated[
            bool, typer.Option("--dry-run", help="Show what would change; change nothing.")
        ] = False,
        config: ConfigOption = None,
    ) -> None:
        """Import from Excel or CSV; re-importing the same file changes nothing."""
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
                task = progress.add_task("import", total=max(data.count(b"\n"), 1))
                async with db.transaction() as session:
                    return await import_people(
                        session,
                        role,
                        data,
                        default_lang=settings.service.default_lang,
                        dry_run=dry_run,
                        now=system_clock(),
                        progress=lambda n: progress.advance(task, n),
                    )

        report = run(lambda: with_database(settings, work))
        prefix = "Provkörning, inget sparat / dry run, nothing saved: " if dry_run else ""
        out.print(
            f"{prefix}{report.rows} rader / rows: {report.created} nya / new, "
            f"{report.updated} ändrade / updated, {report.unchanged} oförändrade / unchanged, "
            f"{report.removed} borttagna tidigare / removed earlier, "
            f"{len(report.warnings)} varningar / warnings, {len(report.errors)} fel / errors",
            highlight=False,
        )
        for row, reason in report.warnings:
            err.print(f"rad / row {row}: varning / warning: {reason}", highlight=False)
        for row, reason in report.errors:
            err.print(f"rad / row {row}: {reason}", highlight=False)
        if report.errors and not report.imported:
            raise typer.Exit(1)

    return import_


def _list_command(role: Role) -> Callable[..., None]:
    """`list` for `role`."""

    plural = _plural(role)

    def list_(
        as_json: JsonOption = False,
        as_csv: Annotated[
            bool, typer.Option("--csv", help="CSV for Excel (UTF-8 with BOM, ;).")
        ] = False,
        xlsx: Annotated[Path | None, typer.Option("--xlsx", help="Write an Excel file.")] = None,
        all_: Annotated[bool, typer.Option("--all", help="Include removed people.")] = False,
        config: ConfigOption = None,
    ) -> None:
        """List everyone, with who is paused, opted out (STOPP) or not reachable by SMS."""
        settings = load(config)

        async def work(db: Database) -> list[dict[str, Any]]:
            async with db.reading() as session:
                return await list_people(session, role, include_removed=all_)

        people = run(lambda: with_database(settings, work, upgrade=False))
        tz = ZoneInfo(settings.service.timezone)
        if as_json:
            sys.stdout.write(json.dumps(people, ensure_ascii=False) + "\n")
        elif as_csv:
            sys.stdout.buffer.write(csv_bytes(FILE_HEADERS, _rows(people, tz)))
        elif xlsx is not None:
            xlsx.write_bytes(xlsx_bytes(FILE_HEADERS, _rows(people, tz), title=plural))
            out.print(f"{len(people)} st / people -> {xlsx}", highlight=False)
        else:
            out.print(_table(role, people, tz))
            out.print(f"{len(people)} st / total")

    return list_


def _show_command(role: Role) -> Callable[..., None]:
    """`show` for `role`."""

    def show(
        person_id: IdArgument, as_json: JsonOption = False, config: ConfigOption = None
    ) -> None:
        """One person's details."""
        settings = load(config)

        async def work(db: Database) -> dict[str, Any]:
            async with db.reading() as session:
                return person_json(await get_person(session, role, person_id))

        data = run(lambda: with_database(settings, work, upgrade=False))
        if as_json:
            sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
            return
        for key, value in data.items():
            shown = ", ".join(value) if isinstance(value, list) else value
            out.print(f"{key}: {'' if shown is None else shown}", highlight=False)
        out.print(f"status: {_status(data, ZoneInfo(settings.service.timezone))}", highlight=False)

    return show


def _edit_command(role: Role) -> Callable[..., None]:
    """`edit` for `role`."""

    def edit(
        person_id: IdArgument,
        name: Annotated[str | None, typer.Option(help="Full name.")] = None,
        phone: Annotated[str | None, typer.Option(help="New phone number.")] = None,
        telegram: Annotated[str | None, typer.Option(help='Telegram chat id ("" removes).')] = None,
        lang: LangOption = None,
        tag: Annotated[
            list[str] | None, typer.Option("--tag", help="Replaces the tags; repeat for more.")
        ] = None,
        area: Annotated[str | None, typer.Option(help="Area (seniors).")] = None,
        notes: Annotated[str | None, typer.Option(help="Notes (seniors).")] = None,
        org: Annotated[str | None, typer.Option(help="Organisation (volunteers).")] = None,
        availability: Annotated[
            str | None, typer.Option(help='e.g. "mon-fri 09:00-17:00" (volunteers).')
        ] = None,
        max_cases: Annotated[
            int | None, typer.Option(help="Open cases at most (volunteers).")
        ] = None,
        safety_check: SafetyCheckOption = None,
        safety_reminders: SafetyRemindersOption = None,
        config: ConfigOption = None,
    ) -> None:
        """Change any field; only the options given change."""
        settings = load(config)
        safety = SafetyChange.given(role, safety_check, safety_reminders)
        changes = PersonChanges(
            name=name, phone=phone, telegram=telegram, lang=lang,
            tags=tuple(tag) if tag is not None else None, area=area, notes=notes, org=org,
            availability=availability, max_open_cases=max_cases,
        )  # fmt: skip

        async def work(db: Database) -> tuple[str, list[str], str]:
            async with db.transaction() as session:
                person, warnings = await edit_person(
                    session, role, person_id, changes, actor=ACTOR, now=system_clock(),
                    default_lang=settings.service.default_lang,
                )  # fmt: skip
                told = ""
                if safety is not None and isinstance(person, Senior):
                    told = await safety.apply(session, person, settings)
                return person.name, warnings, told

        shown, warnings, told = run(lambda: with_database(settings, work))
        out.print(f"{shown}: ändrad / updated", highlight=False)
        if told:
            out.print(told, highlight=False)
        for warning in warnings:
            err.print(f"varning / warning: {warning}", highlight=False)

    return edit


SafetyCheckOption = Annotated[
    str | None,
    typer.Option(
        "--safety-check",
        metavar="HH:MM|off",
        help="Daily safety check at this local time, or off (seniors).",
    ),
]
SafetyRemindersOption = Annotated[
    str | None,
    typer.Option(
        "--safety-reminders",
        metavar="MINUTES",
        help='Reminders after the safety check, e.g. "30,60" (seniors).',
    ),
]


@dataclass(frozen=True)
class SafetyChange:
    """`--safety-check` / `--safety-reminders` as given to `seniors edit`."""

    at: str | None  # None: keep the time the senior has
    off: bool
    reminders: str | None

    @classmethod
    def given(cls, role: Role, at: str | None, reminders: str | None) -> SafetyChange | None:
        if at is None and reminders is None:
            return None
        if role is not Role.SENIOR:
            fail("--safety-check / --safety-reminders: bara för seniorer / seniors only")
        off = at is not None and is_off(at)
        return cls(None if off else at, off, reminders)

    async def apply(self, session: AsyncSession, senior: Senior, config: Config) -> str:
        """Change the senior's safety check; a line saying when it is next asked."""
        at = None if self.off else (self.at or senior.safety_check_at)
        tz = ZoneInfo(config.service.timezone)
        due = await change_safety_check(
            session,
            senior,
            at=at,
            reminders=self.reminders,
            now=system_clock(),
            tz=tz,
            actor=ACTOR,
        )
        reminders = senior.safety_reminders or "-"
        if due is None:
            return f"trygghetskoll av / safety check off (påminnelser / reminders {reminders})"
        local = due.astimezone(tz).strftime("%Y-%m-%d %H:%M")
        return (
            f"trygghetskoll / safety check: nästa / next {local}, "
            f"påminnelser / reminders {reminders}"
        )


def _pause_command(role: Role) -> Callable[..., None]:
    """`pause` for `role`."""

    def pause(
        person_id: IdArgument,
        until: Annotated[
            str | None, typer.Option(help="Resume on this day, YYYY-MM-DD; none: until resumed.")
        ] = None,
        config: ConfigOption = None,
    ) -> None:
        """Hejsan starts nothing with them (answers and safety still work)."""
        settings = load(config)
        moment = _day_start(until, "--until", settings) if until else None

        async def work(db: Database) -> str:
            async with db.transaction() as session:
                person = await pause_person(
                    session, role, person_id, until=moment, actor=ACTOR, now=system_clock()
                )
                return person.name

        shown = run(lambda: with_database(settings, work))
        when = f" till / until {until}" if until else " tills vidare / until resumed"
        out.print(f"{shown}: pausad / paused{when}", highlight=False)

    return pause


def _resume_command(role: Role) -> Callable[..., None]:
    """`resume` for `role`."""

    def resume(person_id: IdArgument, config: ConfigOption = None) -> None:
        """End a pause now."""
        settings = load(config)

        async def work(db: Database) -> str:
            async with db.transaction() as session:
                person = await resume_person(
                    session, role, person_id, actor=ACTOR, now=system_clock()
                )
                return person.name

        out.print(f"{run(lambda: with_database(settings, work))}: återupptagen / resumed")

    return resume


def _remove_command(role: Role) -> Callable[..., None]:
    """`remove` for `role`."""

    def remove(person_id: IdArgument, config: ConfigOption = None) -> None:
        """No more messages; personal data erased after [privacy] retention_days."""
        settings = load(config)

        async def work(db: Database) -> str:
            async with db.transaction() as session:
                person = await remove_person(
                    session, role, person_id, actor=ACTOR, now=system_clock()
                )
                return person.name

        shown = run(lambda: with_database(settings, work))
        days = settings.privacy.retention_days
        out.print(
            f"{shown}: borttagen / removed. Uppgifterna raderas om {days} dagar / "
            f"personal data is erased in {days} days (`erase` does it now).",
            highlight=False,
        )

    return remove


def _restore_command(role: Role) -> Callable[..., None]:
    """`restore` for `role`."""

    def restore(person_id: IdArgument, config: ConfigOption = None) -> None:
        """Undo a removal (before the data is erased): on the lists and reachable again."""
        settings = load(config)

        async def work(db: Database) -> str:
            async with db.transaction() as session:
                person = await restore_person(
                    session, role, person_id, actor=ACTOR, now=system_clock()
                )
                return person.name

        out.print(f"{run(lambda: with_database(settings, work))}: återställd / restored")

    return restore


def _export_command(role: Role) -> Callable[..., None]:
    """`export` for `role`."""

    def export(
        person_id: IdArgument,
        output: Annotated[
            Path | None, typer.Option("--output", "-o", help="Write to a file.")
        ] = None,
        config: ConfigOption = None,
    ) -> None:
        """Everything held about one person, as JSON (a data-subject access request)."""
        settings = load(config)

        async def work(db: Database) -> dict[str, Any]:
            async with db.reading() as session:
                return await export_person(session, role, person_id)

        text = json.dumps(
            run(lambda: with_database(settings, work, upgrade=False)), ensure_ascii=False, indent=2
        )
        if output is None:
            sys.stdout.write(text + "\n")
        else:
            output.write_text(text + "\n", encoding="utf-8")
            out.print(f"sparad / written: {output}", highlight=False)

    return export


def _erase_command(role: Role) -> Callable[..., None]:
    """`erase` for `role`."""

    def erase(
        person_id: IdArgument,
        yes: Annotated[bool, typer.Option("--yes", help="Do not ask; erase at once.")] = False,
        config: ConfigOption = None,
    ) -> None:
        """Erase name, numbers, chat ids and message texts now; statistics stay."""
        settings = load(config)
        if not yes and not typer.confirm(
            f"Radera allt om {role.value} {person_id} för alltid? / Erase for good?"
        ):
            fail("inget raderat / nothing erased")

        async def work(db: Database) -> None:
            async with db.transaction() as session:
                await erase_person(session, role, person_id, actor=ACTOR, now=system_clock())

        run(lambda: with_database(settings, work))
        out.print(f"{role.value} {person_id}: raderad / erased")

    return erase


COMMANDS: dict[str, Callable[[Role], Callable[..., None]]] = {
    "add": _add_command,
    "import": _import_command,
    "list": _list_command,
    "show": _show_command,
    "edit": _edit_command,
    "pause": _pause_command,
    "resume": _resume_command,
    "remove": _remove_command,
    "restore": _restore_command,
    "export": _export_command,
    "erase": _erase_command,
}


def opt_out(person_id: IdArgument, config: ConfigOption = None) -> None:
    """Stop every campaign for them, as if they wrote STOPP (recorded as yours)."""
    _opt(person_id, True, config)


def opt_in(person_id: IdArgument, config: ConfigOption = None) -> None:
    """Undo an opt-out on their behalf, as if they wrote START."""
    _opt(person_id, False, config)


def people_app(role: Role) -> typer.Typer:
    """The commands for one role: seniors or volunteers."""
    app = typer.Typer(
        help=f"{_plural(role).capitalize()}: add, import, list, edit, pause, remove, erase.",
        no_args_is_help=True,
    )
    for name, command in COMMANDS.items():
        app.command(name)(command(role))
    if role is Role.SENIOR:
        app.command("opt-out")(opt_out)
        app.command("opt-in")(opt_in)
    return app


def _opt(person_id: int, opted_out: bool, config: Path | None) -> None:
    settings = load(config)

    async def work(db: Database) -> str:
        async with db.transaction() as session:
            senior = await set_opted_out(
                session, person_id, opted_out, actor=ACTOR, now=system_clock()
            )
            return senior.name

    shown = run(lambda: with_database(settings, work))
    out.print(f"{shown}: {'avregistrerad / opted out' if opted_out else 'åter med / opted in'}")
