"""`hejsan interpret` and `hejsan templates check`: the engine from the command line.

`interpret --jsonl` is a contract other tools script against (DESIGN.md): one
JSON object per input line, in order, with keys mood, rsvp, guests, contact,
urgent, stop. A line that cannot be read still gets a line back (with an
"error" key), so outputs stay aligned with inputs.
"""

from __future__ import annotations

import json
import sys
from typing import Annotated, Any

import typer
from rich.table import Table

from bot.cli.support import ConfigOption, JsonOption, fail, load, out
from bot.core.config import LANGS
from bot.core.errors import ConfigError
from bot.core.shell import build_settings
from conversations.interpret import interpret as read_reply
from conversations.reading import Context, Reading
from conversations.sms_cost import check_templates

templates_app = typer.Typer(help="Message texts: what each costs as SMS.", no_args_is_help=True)

CONTEXTS = [c.value for c in Context]
EMPTY = Reading().contract()


def _line_result(raw: str, default_lang: str) -> dict[str, Any]:
    try:
        item = json.loads(raw)
    except json.JSONDecodeError:
        return {**EMPTY, "error": "not JSON"}
    if not isinstance(item, dict) or not isinstance(item.get("text"), str):
        return {**EMPTY, "error": 'expected {"context": ..., "text": "..."}'}
    context = item.get("context", "none")
    lang = item.get("lang", default_lang)
    if context not in CONTEXTS:
        return {**EMPTY, "error": f"context must be one of {', '.join(CONTEXTS)}"}
    if lang not in LANGS:
        return {**EMPTY, "error": f"lang must be {' or '.join(LANGS)}"}
    return read_reply(item["text"], context, lang).contract()


def interpret(
    text: Annotated[str | None, typer.Argument(help="The reply to read.")] = None,
    context: Annotated[
        str, typer.Option(help="What was asked: checkin, invitation, none.")
    ] = "none",
    lang: Annotated[str, typer.Option(help="sv or en.")] = "sv",
    jsonl: Annotated[
        bool, typer.Option("--jsonl", help='Read {"context","text"} lines on stdin.')
    ] = False,
    config: ConfigOption = None,
) -> None:
    """Show what Hejsan understands from a reply, as JSON."""
    if context not in CONTEXTS:
        fail(f"--context must be one of {', '.join(CONTEXTS)}")
    if lang not in LANGS:
        fail(f"--lang must be {' or '.join(LANGS)}")
    if config is not None:
        load(config)
    if jsonl:
        write = sys.stdout.write
        for raw in sys.stdin:
            if raw.strip():
                write(json.dumps(_line_result(raw, lang), ensure_ascii=False) + "\n")
        sys.stdout.flush()
        return
    if text is None:
        fail("give the TEXT to read, or --jsonl to read lines from stdin")
        return
    sys.stdout.write(
        json.dumps(read_reply(text, context, lang).contract(), ensure_ascii=False) + "\n"
    )


@templates_app.command("check")
def templates_check(
    lang: Annotated[str | None, typer.Option(help="Only this language.")] = None,
    as_json: JsonOption = False,
    config: ConfigOption = None,
) -> None:
    """List every text with its SMS cost; warn where it costs more than one SMS or is UCS-2."""
    settings_config = load(config)
    try:
        settings = build_settings(settings_config)
    except ConfigError as exc:
        fail(str(exc), code=2)
        return
    chosen = [t for code, t in settings.templates.items() if lang is None or code == lang]
    checks = check_templates(chosen)
    if as_json:
        rows = [
            {
                "key": c.key,
                "lang": c.lang,
                "chars": c.chars,
                "encoding": c.encoding,
                "segments": c.segments,
                "warnings": list(c.warnings),
            }
            for c in checks
        ]
        sys.stdout.write(json.dumps(rows, ensure_ascii=False) + "\n")
        return
    table = Table("text / text", "språk", "tecken / chars", "kodning", "sms", "varning / warning")
    for c in checks:
        style = "yellow" if c.warnings else None
        table.add_row(
            c.key,
            c.lang,
            str(c.chars),
            c.encoding,
            str(c.segments),
            "; ".join(c.warnings),
            style=style,
        )
    out.print(table)
    warned = sum(1 for c in checks if c.warnings)
    out.print(f"{len(checks)} texter / texts, {warned} med varning / with warnings")
