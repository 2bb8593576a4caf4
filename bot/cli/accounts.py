"""`hejsan users ...`, `hejsan tokens create` and `hejsan audit list`: console access."""

from __future__ import annotations

import json
import sys
from typing import Annotated, Any

import typer
from rich.table import Table

from bot.cli.support import ConfigOption, JsonOption, fail, load, out, run, with_database
from bot.console.accounts import (
    AccountError,
    AccountRole,
    add_account,
    find_account,
    list_accounts,
)
from bot.console.audit import list_audit
from bot.console.password_links import LINK_LIFETIME, create_link, link_url
from bot.console.sessions import revoke_all
from bot.console.tokens import create_token
from bot.core.config import Config
from bot.core.shell import build_shell
from bot.db.database import Database

users_app = typer.Typer(help="Console accounts: add, list, disable.", no_args_is_help=True)
tokens_app = typer.Typer(help="API tokens for /api/.", no_args_is_help=True)
audit_app = typer.Typer(help="The audit log: who saw or changed what.", no_args_is_help=True)


@users_app.command("add")
def users_add(
    email: str,
    name: Annotated[str, typer.Option("--name", help="The person's name.")] = "",
    role: Annotated[AccountRole, typer.Option("--role")] = AccountRole.COORDINATOR,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from stdin.")
    ] = False,
    config: ConfigOption = None,
) -> None:
    """Add an account. Without --password-stdin a one-time link to set the
    password is printed (valid 24 hours): nobody but the person knows it."""
    settings = load(config)
    password = sys.stdin.readline().rstrip("\r\n") if password_stdin else None

    async def work(db: Database) -> str | None:
        async with db.transaction() as session:
            account = await add_account(
                session, email=email, name=name, role=role, password=password, now=db.now()
            )
            return None if password_stdin else await create_link(session, account, db.now())

    try:
        token = run(lambda: with_database(settings, work))
    except AccountError as exc:
        fail(str(exc))
    out.print(f"Konto skapat / account added: {email} ({role.value})", highlight=False)
    if token is not None:
        hours = int(LINK_LIFETIME.total_seconds() // 3600)
        out.print(
            f"Länk för att välja lösenord (en gång, {hours} h) / "
            f"set-password link (once, {hours} h):",
            highlight=False,
        )
        sys.stdout.write(link_url(settings.service.public_url, token) + "\n")


async def _accounts_json(db: Database) -> list[dict[str, Any]]:
    async with db.reading() as session:
        return [
            {
                "email": a.email,
                "name": a.name,
                "role": a.role,
                "disabled": a.disabled,
                "last_login_at": a.last_login_at.isoformat() if a.last_login_at else None,
            }
            for a in await list_accounts(session)
        ]


@users_app.command("list")
def users_list(as_json: JsonOption = False, config: ConfigOption = None) -> None:
    """Every account with its role and whether it is disabled."""
    settings = load(config)
    rows = run(lambda: with_database(settings, _accounts_json))
    if as_json:
        sys.stdout.write(json.dumps(rows, ensure_ascii=False) + "\n")
        return
    table = Table("e-post / email", "namn / name", "roll / role", "avstängd / disabled")
    for r in rows:
        table.add_row(r["email"], r["name"], r["role"], "ja" if r["disabled"] else "nej")
    out.print(table)


@users_app.command("disable")
def users_disable(email: str, config: ConfigOption = None) -> None:
    """Disable an account and end its sessions at once."""
    settings = load(config)

    async def work(db: Database) -> bool:
        async with db.transaction() as session:
            account = await find_account(session, email)
            if account is None:
                return False
            account.disabled = True
            await revoke_all(session, account.id, db.now())
            return True

    if not run(lambda: with_database(settings, work)):
        fail(f"inget konto / no account {email!r}")
    out.print(f"Avstängt / disabled: {email}", highlight=False)


@tokens_app.command("create")
def tokens_create(
    email: str,
    label: Annotated[str, typer.Option("--label", help="What the token is for.")] = "",
    config: ConfigOption = None,
) -> None:
    """Print a new API token for EMAIL (use as `Authorization: Bearer TOKEN`)."""
    settings = load(config)

    async def work(db: Database) -> str | None:
        async with db.transaction() as session:
            account = await find_account(session, email)
            if account is None or account.disabled:
                return None
            return await create_token(session, account, db.now(), label)

    token = run(lambda: with_database(settings, work))
    if token is None:
        fail(f"inget aktivt konto / no enabled account {email!r}")
    sys.stdout.write(f"{token}\n")


def _audit_rows(settings: Config, limit: int, senior: int | None) -> list[dict[str, Any]]:
    tz = build_shell(settings).tz

    async def work(db: Database) -> list[dict[str, Any]]:
        async with db.reading() as session:
            return await list_audit(session, tz, limit=limit, senior_id=senior)

    return run(lambda: with_database(settings, work))


@audit_app.command("list")
def audit_list(
    limit: Annotated[int, typer.Option("--limit", min=1)] = 200,
    senior: Annotated[int | None, typer.Option("--senior", help="Only about this senior.")] = None,
    as_json: JsonOption = False,
    config: ConfigOption = None,
) -> None:
    """Newest first: who saw or changed what, when and from where (never content)."""
    rows = _audit_rows(load(config), limit, senior)
    if as_json:
        sys.stdout.write(json.dumps(rows, ensure_ascii=False) + "\n")
        return
    table = Table("tid / at", "konto / account", "händelse / action", "senior", "ip")
    for r in rows:
        table.add_row(r["at"], r["account"], r["action"], str(r["senior_id"] or ""), r["ip"] or "")
    out.print(table)
