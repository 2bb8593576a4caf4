"""`hejsan escalations`: list, claim and resolve from a terminal."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from typer.testing import CliRunner

from bot.cli.escalations import app as escalations_cli
from tests.bot.escalations.world import ANNA, V1, V3, World, volunteers


def hejsan(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(escalations_cli, list(args))
    return result.exit_code, result.stdout, result.stderr


async def test_cli_lists_claims_and_resolves(world: World, config_file: Path) -> None:
    await world.add_volunteers(*volunteers(3))
    case = await world.open()
    maja = await world.volunteer(V3)
    config = ("--config", str(config_file))

    def cli() -> None:
        code, out, _ = hejsan("list", "--open", "--json", *config)
        assert code == 0
        [listed] = json.loads(out)
        assert (listed["id"], listed["status"], listed["senior"]) == (
            case,
            "alerted",
            "Anna Lindqvist",
        )
        code, out, _ = hejsan("claim", str(case), "--volunteer", str(maja.id), *config)
        assert code == 0, out
        code, _, err = hejsan("claim", str(case), "--volunteer", str(maja.id), *config)
        assert code == 1
        assert "ärende" in err
        code, out, _ = hejsan("resolve", str(case), "--note", "ringde", *config)
        assert code == 0, out
        code, out, _ = hejsan("list", "--open", "--json", *config)
        assert json.loads(out) == []
        code, _, err = hejsan("resolve", "999", *config)
        assert code == 1
        assert "999" in err

    await asyncio.to_thread(cli)
    stored = await world.case(case)
    assert (stored.status, stored.claimed_by_id, stored.resolution_note) == (
        "resolved",
        maja.id,
        "ringde",
    )
    assert "Maja" in (await world.texts_to(ANNA))[-1]
    assert (await world.texts_to(V1))[-1] == f"Ärende {case} är taget av Maja. Tack ändå!"
