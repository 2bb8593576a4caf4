"""`hejsan serve` before it listens: the demo only on the simulator, a fresh
demo login each start, and a service whose cases would reach nobody refused
with a message saying what to add (uvicorn itself is never started here)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from bot.cli.main import app
from bot.cli.serve import prepare, with_demo_campaign
from bot.console.accounts import DEMO_ADMIN_EMAIL, LoginOutcome, authenticate
from bot.core.config import CampaignConfig, Config
from bot.core.errors import ConfigError
from bot.db.database import Database
from bot.db.models import Message, Senior
from bot.events.demo_seed import DEMO_CAMPAIGN, DEMO_SENIORS
from bot.people.directory import Role
from tests.bot.builders import add_person, sms_config

TWILIO = (
    '[twilio]\naccount_sid = "AC' + "0" * 32 + '"\nauth_token = "' + "t" * 32 + '"\n'
    'from_number = "+46766860000"\n'
)


def simulator(db_url: str) -> Config:
    return Config.model_validate({"database": {"url": db_url}, "service": {"quiet_hours": ""}})


async def _login(db: Database, password: str) -> LoginOutcome:
    async with db.transaction() as session:
        result = await authenticate(session, DEMO_ADMIN_EMAIL, password, db.now())
    return result.outcome


async def _seniors(db: Database) -> list[str]:
    async with db.reading() as session:
        return list(await session.scalars(select(Senior.name).order_by(Senior.name)))


async def test_the_demo_is_seeded_once_and_each_start_gets_a_new_login(db: Database) -> None:
    config = with_demo_campaign(simulator(db.url))
    seeded, first = await prepare(config)
    again, second = await prepare(config)
    assert (seeded, again) == (True, False)
    assert first is not None
    assert second not in (None, first)
    assert await _seniors(db) == sorted(name for name, *_ in DEMO_SENIORS)
    assert await _login(db, first) is LoginOutcome.BAD_CREDENTIALS
    assert await _login(db, second) is LoginOutcome.OK


async def test_the_demo_seniors_are_asked_and_the_lunch_guests_invited(db: Database) -> None:
    """The simulator has questions to answer as soon as it opens."""
    await prepare(with_demo_campaign(simulator(db.url)))
    async with db.reading() as session:
        rows = await session.execute(
            select(Message.template, Senior.name)
            .join(Senior, Senior.id == Message.senior_id)
            .where(Message.direction == "out")
        )
        asked: dict[str, set[str]] = {}
        for template, name in rows:
            asked.setdefault(template or "", set()).add(name)
    lunch_guests = {name for name, _, _, tags in DEMO_SENIORS if "sopplunch" in tags}
    assert asked == {
        "checkin.question": {name for name, *_ in DEMO_SENIORS},
        "invitation.question": lunch_guests,
    }


async def test_with_a_real_channel_the_demo_goes_and_its_login_is_disabled(
    db: Database,
) -> None:
    _, password = await prepare(simulator(db.url))
    assert password is not None
    assert await prepare(sms_config(db.url)) == (False, None)
    assert await _seniors(db) == []
    assert await _login(db, password) is LoginOutcome.BAD_CREDENTIALS
    assert await prepare(sms_config(db.url)) == (False, None)  # and it does not come back


async def test_a_real_service_whose_cases_would_reach_nobody_is_refused(db: Database) -> None:
    await add_person(db, Role.SENIOR, "Britt Nilsson", "+46701740650")
    with pytest.raises(ConfigError) as refused:
        await prepare(sms_config(db.url))
    assert "[escalation]" in str(refused.value)
    assert "hejsan volunteers add" in str(refused.value)
    coordinator = {"escalation": {"coordinators": ["+46701740699"]}}
    assert await prepare(sms_config(db.url, **coordinator)) == (False, None)
    await add_person(db, Role.VOLUNTEER, "Karin Ek", "+46701740620")
    assert await prepare(sms_config(db.url)) == (False, None)


def test_the_demo_campaign_only_joins_the_simulator_demo() -> None:
    url = "sqlite:///hejsan.db"
    assert with_demo_campaign(simulator(url)).campaigns == [DEMO_CAMPAIGN]
    assert with_demo_campaign(sms_config(url)).campaigns == []
    no_demo = Config.model_validate({"database": {"url": url}, "service": {"demo_data": False}})
    assert with_demo_campaign(no_demo).campaigns == []
    own = CampaignConfig(name="morgon", kind="checkin", schedule="0 9 * * *", text={})
    mine = simulator(url).model_copy(update={"campaigns": [own]})
    assert with_demo_campaign(mine).campaigns == [own]


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """What uvicorn was asked to serve; nothing listens."""
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr("uvicorn.run", lambda app, **options: calls.append(options))
    return calls


def hejsan(config: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["serve", *args, "--config", str(config)])
    return result.exit_code, result.stdout, result.stderr


def test_serve_prints_where_the_simulator_and_the_demo_login_are(
    config_file: Path, served: list[dict[str, Any]]
) -> None:
    with config_file.open("a") as toml:
        toml.write('[service]\nquiet_hours = ""\n')
    code, out, err = hejsan(config_file, "--host", "0.0.0.0", "--port", "8123")
    assert code == 0, err
    assert "http://127.0.0.1:8123/simulator" in out
    assert "http://127.0.0.1:8123/login" in out
    assert DEMO_ADMIN_EMAIL in out
    assert [(call["host"], call["port"]) for call in served] == [("0.0.0.0", 8123)]


def test_serve_refuses_to_start_when_a_cry_for_help_would_reach_nobody(
    config_file: Path, served: list[dict[str, Any]]
) -> None:
    with config_file.open("a") as toml:
        toml.write(TWILIO)
    added = CliRunner().invoke(
        app, ["seniors", "add", "--name", "Britt", "--phone", "0701740650", "-c", str(config_file)]
    )
    assert added.exit_code == 0, added.stderr
    code, out, err = hejsan(config_file)
    assert code != 0
    assert "[escalation] has nobody to reach" in err
    assert "Traceback" not in out + err
    assert "login" not in out  # no demo password is shown for a real service
    assert served == []
