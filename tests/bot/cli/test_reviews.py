"""`hejsan review list|label` and `hejsan readings export --jsonl` at the
terminal: the "Att läsa" list, oldest first, and corrections as training lines."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime
from pathlib import Path

from typer.testing import CliRunner

from bot.channels.types import Channel, InboundMessage
from bot.cli.main import app
from bot.core.config import load_config
from bot.core.shell import build_shell
from bot.db.database import Database
from bot.turns.inbound import receive

ANNA = "+46701740605"
FINNISH = "Hyvin menee, kiitos"
WEAK = "har fått nya tabletter och ser suddigt sen dess"


def hejsan(config: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, [*args, "--config", str(config)])
    return result.exit_code, result.stdout, result.stderr


def _replies(config: Path, *texts: str) -> None:
    """Anna (Swedish) texts each of `texts` by SMS, through the real inbound path."""
    code, _, err = hejsan(config, "seniors", "add", "--name", "Anna Lindqvist", "--phone", ANNA)
    assert code == 0, err
    settings = load_config(config)

    async def run() -> None:
        database = Database(settings.database.url)
        shell = build_shell(settings)
        try:
            for number, text in enumerate(texts):
                sms = InboundMessage(Channel.SMS, ANNA, text, f"SM{number}", datetime.now(UTC))
                await receive(database, shell, sms)
        finally:
            await database.close()

    asyncio.run(run())


def _listed(config: Path, *options: str) -> list[dict[str, object]]:
    code, out, err = hejsan(config, "review", "list", "--json", *options)
    assert code == 0, err
    items: list[dict[str, object]] = json.loads(out)
    return items


def test_the_list_shows_what_to_read_oldest_first_with_why(config_file: Path) -> None:
    _replies(config_file, WEAK, "bra tack", FINNISH)
    code, out, err = hejsan(config_file, "review", "list")
    assert code == 0, err
    assert "2 st att läsa / to read" in out
    assert "bra tack" not in out  # read with confidence: nobody needs to
    assert "language" in out
    assert out.index("har fått nya") < out.index("Hyvin menee")
    assert out.count("Anna Lindqvist") == 2


def test_a_labelled_reply_leaves_the_list_but_all_still_shows_who_read_it(
    config_file: Path,
) -> None:
    _replies(config_file, WEAK, FINNISH)
    first, second = (item["id"] for item in _listed(config_file))
    code, out, err = hejsan(
        config_file, "review", "label", str(first), "--mood", "ok", "--by", "KE"
    )
    assert code == 0, err
    assert f"Läsning {first} rättad / reading {first} corrected" in out
    assert [item["id"] for item in _listed(config_file)] == [second]
    everything = {item["id"]: item for item in _listed(config_file, "--all")}
    assert set(everything) == {first, second}
    assert everything[first]["reviewed_by"] == "KE"
    assert everything[second]["reviewed_by"] is None
    code, out, _ = hejsan(config_file, "review", "list")
    assert "1 st att läsa / to read" in out


def test_the_export_has_one_line_per_reply_with_the_latest_correction(
    config_file: Path,
) -> None:
    _replies(config_file, WEAK, FINNISH)
    code, out, _ = hejsan(config_file, "readings", "export", "--jsonl")
    assert (code, out) == (0, "")  # nothing corrected yet
    first, second = (item["id"] for item in _listed(config_file))
    hejsan(config_file, "review", "label", str(first), "--mood", "ok")
    hejsan(config_file, "review", "label", str(first), "--mood", "bad", "--contact")
    hejsan(config_file, "review", "label", str(second), "--mood", "good")
    code, out, err = hejsan(config_file, "readings", "export", "--jsonl")
    assert code == 0, err
    lines = [json.loads(line) for line in out.splitlines()]
    assert [(line["text"], line["mood"], line["contact"]) for line in lines] == [
        (WEAK, "bad", True),
        (FINNISH, "good", False),
    ]
    assert all(line["lang"] == "sv" for line in lines)


def test_a_wrong_label_is_refused_before_anything_is_stored(config_file: Path) -> None:
    _replies(config_file, WEAK)
    (reading,) = (str(item["id"]) for item in _listed(config_file))
    for options, said in [
        (["--rsvp", "kanske"], "yes, no, maybe"),
        (["--mood", "glad"], "good, ok, bad"),
        (["--guests", "-1"], "--guests cannot be negative"),
    ]:
        code, out, err = hejsan(config_file, "review", "label", reading, *options)
        assert code != 0, options
        assert said in err, (options, err)
        assert out == ""
    assert len(_listed(config_file)) == 1


def test_export_asks_for_its_only_format(config_file: Path) -> None:
    code, out, err = hejsan(config_file, "readings", "export")
    assert code != 0
    assert "--jsonl" in err
    assert out == ""
