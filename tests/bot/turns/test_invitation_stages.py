"""An event's stages sent to many: everyone invited once, the second ask only to
those who have not answered, the reminder only to those coming."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.channels.types import Channel, InboundMessage
from bot.core.shell import Shell
from bot.db.database import Database
from bot.db.models import Event
from bot.people.directory import Role
from bot.turns.inbound import receive
from bot.turns.invitation_stages import send_stage
from scheduler.invitation_plan import InvitationStage
from tests.bot.builders import ANNA, add_person, sms_shell, texts_to
from tests.fakes.clock import Clock

JOHN = "+46701740608"


@pytest.fixture
def shell(db_url: str) -> Shell:
    return sms_shell(db_url, Clock())


async def counts(db: Database) -> tuple[int, int]:
    return len(await texts_to(db, ANNA)), len(await texts_to(db, JOHN))


async def test_each_stage_reaches_the_right_seniors_once(db: Database, shell: Shell) -> None:
    await add_person(db, Role.SENIOR, "Anna Lindqvist", ANNA)
    await add_person(db, Role.SENIOR, "John Smith", JOHN, lang="en")
    async with db.transaction() as session:
        event = Event(
            title="Sopplunch",
            venue="Utsikten",
            starts_at=shell.now() + timedelta(days=7),
            created_at=shell.now(),
        )
        session.add(event)
        await session.flush()
        event_id = event.id
    assert await send_stage(db, shell, event_id, InvitationStage.INVITE) == 2
    assert await send_stage(db, shell, event_id, InvitationStage.INVITE) == 0, "sent once"
    await receive(db, shell, InboundMessage(Channel.SMS, ANNA, "ja", "SM1", shell.now()))
    after_answer = await counts(db)
    await send_stage(db, shell, event_id, InvitationStage.SECOND_ASK)
    anna, john = await counts(db)
    assert (anna, john) == (after_answer[0], after_answer[1] + 1), "only John is asked again"
    await send_stage(db, shell, event_id, InvitationStage.REMIND)
    assert await counts(db) == (anna + 1, john), "only Anna, who is coming, is reminded"
