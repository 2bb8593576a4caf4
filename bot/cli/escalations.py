"""`hejsan escalations`: the coordinator's view of the cases, and a hand on them.

`list` shows who needs a call and who has taken what; `claim` gives a case to
a volunteer (for one who phoned in rather than answered the alert);
`resolve` closes a case. The messages these cause (the senior told who will
call, the others told it is taken) go to the outbox, which the running
service sends.
"""

from __future__ import annotations

import json
import sys
from typing import Annotated, Any

import typer
from rich.table import Table

from bot.cli.support import ConfigOption, JsonOption, fail, load, out, run, with_database
from bot.core.shell import build_shell
from bot.db.database import Database
from bot.db.models import Volunteer
from bot.escalations.cases import CaseResult
from bot.escalations.commands import CaseOutcome, resolve
from bot.escalations.listing import list_escalations
from bot.turns import claims

app = typer.Typer(help="Escalations: list, claim and resolve cases.", no_args_is_help=True)

CaseId = Annotated[int, typer.Argument(help="The case number, e.g. 17.")]

# What a refused command means, for a person at a terminal.
_REFUSED = {
    "unknown": "inget ärende {id} / no case {id}",
    "closed": "ärende {id} är redan avslutat / case {id} is already closed",
    "taken": "ärende {id} är redan taget av {who} / case {id} was already taken by {who}",
    "already_yours": "ärende {id} är redan volontärens / case {id} is already theirs",
    "not_alerted": "volontären larmades inte / the volunteer was not alerted",
}


@app.command("list")
def list_cases(
    only_open: Annotated[
        bool, typer.Option("--open", help="Only cases not yet resolved or cancelled.")
    ] = False,
    as_json: JsonOption = False,
    config: ConfigOption = None,
) -> None:
    """List cases, newest first: status, who it is about, who took it."""
    settings = load(config)
    shell = build_shell(settings)

    async def work(db: Database) -> list[dict[str, Any]]:
        async with db.transaction() as session:
            return await list_escalations(session, shell.tz, only_open=only_open)

    cases = run(lambda: with_database(settings, work))
    if as_json:
        sys.stdout.write(json.dumps(cases, ensure_ascii=False) + "\n")
        return
    table = Table(
        "id", "status", "brådska / urgency", "orsak / reason", "senior", "tagen av / claimed by",
        "öppnad / opened", "citat / quote",
    )  # fmt: skip
    for case in cases:
        table.add_row(
            str(case["id"]),
            case["status"],
            case["urgency"],
            case["reason"],
            case["senior"],
            case["claimed_by"],
            case["created_at"] or "",
            case["quote"],
        )
    out.print(table)
    out.print(f"{len(cases)} st / total")


def _fail_outcome(outcome: CaseOutcome, case_id: int) -> None:
    template = _REFUSED.get(outcome.result, "{result}")
    fail(template.format(id=case_id, who=outcome.claimer, result=outcome.result))


@app.command("claim")
def claim_case(
    case_id: CaseId,
    volunteer: Annotated[int, typer.Option("--volunteer", help="The volunteer's id.")],
    config: ConfigOption = None,
) -> None:
    """Give a case to a volunteer; the senior and the others alerted are told."""
    settings = load(config)
    shell = build_shell(settings)

    async def work(db: Database) -> CaseOutcome | None:
        async with db.transaction() as session:
            person = await session.get(Volunteer, volunteer)
            if person is None:
                return None
            return await claims.claim_case(
                session, shell, case_id, person, actor="cli", require_alert=False
            )

    outcome = run(lambda: with_database(settings, work))
    if outcome is None:
        fail(f"ingen volontär {volunteer} / no volunteer {volunteer}")
        return
    if outcome.result != CaseResult.CLAIMED:
        _fail_outcome(outcome, case_id)
    out.print(
        f"Ärende {case_id} är taget av {outcome.claimer} / case {case_id} claimed"
        f" ({outcome.queued} meddelanden i kö / messages queued)"
    )


@app.command("resolve")
def resolve_case(
    case_id: CaseId,
    note: Annotated[str | None, typer.Option("--note", help="What was done.")] = None,
    config: ConfigOption = None,
) -> None:
    """Close a case, with an optional note of what was done."""
    settings = load(config)
    shell = build_shell(settings)

    async def work(db: Database) -> CaseOutcome:
        async with db.transaction() as session:
            return await resolve(session, shell, case_id, volunteer=None, note=note, actor="cli")

    outcome = run(lambda: with_database(settings, work))
    if outcome.result != CaseResult.RESOLVED:
        _fail_outcome(outcome, case_id)
    out.print(f"Ärende {case_id} är avslutat / case {case_id} resolved")
