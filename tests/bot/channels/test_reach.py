"""Which channel reaches a person: the simulator alone, else Telegram before SMS."""

from __future__ import annotations

from dataclasses import dataclass

from bot.channels.reach import pick_address, reachable_channels
from bot.core.config import Config

TWILIO = {"account_sid": "AC" + "0" * 32, "auth_token": "t" * 32, "from_number": "+46766860000"}
TELEGRAM = {"token": "123456:" + "A" * 35}


@dataclass
class Row:
    channel: str
    value: str


def config(**sections: object) -> Config:
    return Config.model_validate({"database": {"url": "sqlite:///x.db"}, **sections})


def test_with_no_real_channel_only_the_simulator_reaches_anyone() -> None:
    assert reachable_channels(config()) == ["simulator"]


def test_telegram_is_preferred_to_sms_when_both_are_configured() -> None:
    both = config(twilio=TWILIO, telegram=TELEGRAM)
    assert reachable_channels(both) == ["telegram", "sms"]
    rows = [Row("sms", "+46701740605"), Row("telegram", "555")]
    assert pick_address(both, rows) == Row("telegram", "555")


def test_an_address_on_a_channel_we_do_not_run_is_no_way_to_reach_them() -> None:
    sms_only = config(twilio=TWILIO)
    assert pick_address(sms_only, [Row("telegram", "555")]) is None
    assert pick_address(sms_only, [Row("sms", "+46701740605")]) == Row("sms", "+46701740605")
