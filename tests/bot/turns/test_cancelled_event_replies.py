"""A "JA" to a lunch that was cancelled books nothing; the senior is told, warmly,
in her language, in one SMS, also when the reply races the cancel."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from sqlalchemy import select, text

from bot.channels.types import Channel, InboundMessage
from bot.core.shell import Shell
from bot.db.database import Database
from bot.db.models import Event, Rsvp
from bot.events.changes import cancel_events
from bot.people.directory import Role
from bot.turns.event_news import cancel_event
from bot.turns.inbound import receive
from bot.turns.invitation_stages import send_stage
from conversations.sms_cost import sms_cost
from scheduler.invitation_plan import InvitationStage
from tests.bot.builders import ANNA, add_person, sms_shell, texts_to
from tests.fakes.clock import Clock

JOHN = "+46701740608"
AINO = "+46701740609"
CANCELLED_WORDS = {ANNA: "inställd", JOHN: "cancelled", AINO: "peruttu"}


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
async def invited(db: Database, db_url: str, clock: Clock) -> tuple[Shell, int]:
    """Anna (sv), John (en) and Aino (fi) invited to a lunch in a week."""
    shell = sms_shell(db_url, clock)
    await add_person(db, Role.SENIOR, "Anna Lindqvist", ANNA)
    await add_person(db, Role.SENIOR, "John Smith", JOHN, lang="en")
    await add_person(db, Role.SENIOR, "Aino Virtanen", AINO, lang="fi")
    async with db.transaction() as session:
        event = Event(
            title="Sopplunch",
            venue="Utsikten",
            starts_at=clock() + timedelta(days=7),
            capacity=20,
            created_at=clock(),
        )
        session.add(event)
        await session.flush()
        event_id = event.id
    assert await send_stage(db, shell, event_id, InvitationStage.INVITE) == 3
    return shell, event_id


async def yes_answers(db: Database, event_id: int) -> int:
    async with db.reading() as session:
        rows = await session.scalars(
            select(Rsvp.id).where(Rsvp.event_id == event_id, Rsvp.answer == "yes")
        )
        return len(list(rows))


async def test_a_yes_after_the_cancel_is_not_booked_and_is_told_in_her_language(
    db: Database, invited: tuple[Shell, int], clock: Clock
) -> None:
    shell, event_id = invited
    await cancel_event(db, shell, event_id, rest_of_series=False, actor="cli")
    clock.advance(hours=1)
    for n, (phone, answer) in enumerate(((ANNA, "JA"), (JOHN, "yes"), (AINO, "kyllä"))):
        await receive(db, shell, InboundMessage(Channel.SMS, phone, answer, f"SM{n}", clock()))
    assert await yes_answers(db, event_id) == 0
    for phone, words in CANCELLED_WORDS.items():
        reply = (await texts_to(db, phone))[-1]
        assert words in reply
        assert "Sopplunch" in reply
        assert sms_cost(reply).segments == 1, reply
        assert sms_cost(reply).encoding == "GSM-7", reply


async def test_a_second_yes_after_the_cancel_news_still_books_nothing(
    db: Database, invited: tuple[Shell, int], clock: Clock
) -> None:
    shell, event_id = invited
    await receive(db, shell, InboundMessage(Channel.SMS, ANNA, "ja", "SM1", clock()))
    assert await yes_answers(db, event_id) == 1
    report = await cancel_event(db, shell, event_id, rest_of_series=False, actor="cli")
    assert report.told == 1
    clock.advance(hours=2)
    await receive(db, shell, InboundMessage(Channel.SMS, ANNA, "ja ja, jag kommer", "SM2", clock()))
    texts = await texts_to(db, ANNA)
    assert "inställd" in texts[-1]
    assert "anmäld" not in texts[-1]


async def _wait_for_a_lock_wait(db: Database) -> None:
    """Until some transaction of this database waits for a row lock."""
    for _ in range(500):
        async with db.engine.connect() as connection:
            waiting = await connection.scalar(
                text(
                    "SELECT count(*) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND wait_event_type = 'Lock'"
                )
            )
        if waiting:
            return
        await asyncio.sleep(0.02)
    raise AssertionError("the reply never waited for the cancel's lock")


async def test_a_yes_racing_the_cancel_is_answered_as_cancelled(
    db: Database, db_url: str, invited: tuple[Shell, int], clock: Clock
) -> None:
    """The reply reads the lunch before the cancel commits and books after it:
    without the check under the event's lock it would book a cancelled lunch
    and answer "Vad roligt!"."""
    if db_url.startswith("sqlite"):
        pytest.skip("SQLite has one writer at a time: this race exists on PostgreSQL")
    shell, event_id = invited
    async with db.transaction() as session:
        await cancel_events(session, shell, event_id, rest_of_series=False, actor="cli")
        reply = asyncio.create_task(
            receive(db, shell, InboundMessage(Channel.SMS, ANNA, "JA", "SM1", clock()))
        )
        await _wait_for_a_lock_wait(db)
    await reply
    assert await yes_answers(db, event_id) == 0
    last = (await texts_to(db, ANNA))[-1]
    assert "inställd" in last
    assert "roligt" not in last
