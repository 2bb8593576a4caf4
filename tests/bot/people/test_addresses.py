"""Where a conversation with a senior starts: Telegram when linked, else SMS,
never a number that cannot receive, the simulator when no channel is set up."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update

from bot.core.config import Config
from bot.core.shell import Shell, build_shell
from bot.db.database import Database
from bot.db.models import Address
from bot.people.addresses import preferred_address
from bot.people.directory import Role
from tests.bot.builders import ANNA, add_person, sms_config, sms_shell
from tests.fakes.clock import Clock

CHAT = "5550001"


def both_channels(db_url: str) -> Shell:
    config = sms_config(db_url)
    with_telegram = config.model_copy(
        update={"telegram": config.telegram.model_copy(update={"token": "1:" + "a" * 30})}
    )
    return build_shell(with_telegram, Clock())


async def start(db: Database, shell: Shell, senior_id: int) -> str | None:
    async with db.transaction() as session:
        address = await preferred_address(session, shell, senior_id)
        return f"{address.channel}:{address.value}" if address else None


async def test_a_linked_telegram_chat_is_preferred_to_sms(db: Database, db_url: str) -> None:
    anna = await add_person(db, Role.SENIOR, "Anna Lindqvist", ANNA, telegram=CHAT)
    assert await start(db, both_channels(db_url), anna.id) == f"telegram:{CHAT}"
    assert await start(db, sms_shell(db_url, Clock()), anna.id) == f"sms:{ANNA}", (
        "without Telegram configured, SMS"
    )


async def test_a_blocked_chat_falls_back_to_sms_and_a_dead_number_to_nobody(
    db: Database, db_url: str
) -> None:
    anna = await add_person(db, Role.SENIOR, "Anna Lindqvist", ANNA, telegram=CHAT)
    shell = both_channels(db_url)
    async with db.transaction() as session:
        await session.execute(
            update(Address)
            .where(Address.channel == "telegram")
            .values(unusable_at=shell.now() - timedelta(days=1), unusable_reason="blocked")
        )
    assert await start(db, shell, anna.id) == f"sms:{ANNA}"
    async with db.transaction() as session:
        await session.execute(
            update(Address).values(unusable_at=shell.now(), unusable_reason="landline")
        )
    assert await start(db, shell, anna.id) is None


async def test_with_no_channel_the_simulator_reaches_her_at_her_number(
    db: Database, db_url: str
) -> None:
    anna = await add_person(db, Role.SENIOR, "Anna Lindqvist", ANNA)
    shell = build_shell(Config.model_validate({"database": {"url": db_url}}), Clock())
    assert await start(db, shell, anna.id) == f"simulator:{ANNA}"
    assert await start(db, shell, anna.id) == f"simulator:{ANNA}", "the same address again"
