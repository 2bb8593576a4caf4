"""Small builders the shell's tests share: a shell on a test clock, people.

Real code all the way down: these only call the public functions a
coordinator's import or the CLI would.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from bot.core.config import Config
from bot.core.shell import Shell, build_shell
from bot.db.database import Database
from bot.db.models import Address, Message, Senior, Volunteer
from bot.people.directory import Role, clean_person, upsert_people
from tests.fakes.clock import Clock

ANNA = "+46701740605"
KARIN = "+46701740620"


def sms_config(db_url: str, **sections: Any) -> Config:
    """A config with SMS (Twilio) as the channel, so outgoing rows go to SMS."""
    return Config.model_validate(
        {
            "database": {"url": db_url},
            "twilio": {
                "account_sid": "AC" + "0" * 32,
                "auth_token": "t" * 32,
                "from_number": "+46766860000",
            },
            **sections,
        }
    )


def sms_shell(db_url: str, clock: Clock, **sections: Any) -> Shell:
    return build_shell(sms_config(db_url, **sections), clock)


async def add_person(
    db: Database, role: Role, name: str, phone: str, **fields: Any
) -> Senior | Volunteer:
    async with db.transaction() as session:
        await upsert_people(session, role, [clean_person(name=name, phone=phone, **fields)])
    model = Senior if role is Role.SENIOR else Volunteer
    async with db.reading() as session:
        person = await session.scalar(select(model).where(model.name == name))
    assert person is not None
    return person


async def texts_to(db: Database, phone: str) -> list[str]:
    """What was queued to `phone`, oldest first."""
    async with db.reading() as session:
        rows = await session.scalars(
            select(Message.body)
            .join(Address, Address.id == Message.address_id)
            .where(Address.value == phone, Message.direction == "out")
            .order_by(Message.id)
        )
        return list(rows)
