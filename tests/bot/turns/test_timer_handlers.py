"""The one table of timer handlers, and the waiting list it drives."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.channels.types import Channel, InboundMessage
from bot.core.shell import Shell
from bot.db.database import Database
from bot.db.models import Event, Rsvp, Senior, Timer
from bot.db.timers import ESCALATION, EVENT, SENIOR, senior_subject
from bot.events.rsvps import event_info, record_rsvp
from bot.events.waiting_list import schedule_seat_check
from bot.people.directory import Role
from bot.turns.inbound import receive
from bot.turns.timer_handlers import fire_due_timers, timer_handlers
from bot.turns.turn import run_turn
from conversations.actions import TIMER_WAITLIST
from conversations.events import InvitationPrompt
from scheduler.invitation_plan import InvitationStage
from tests.bot.builders import ANNA, add_person, sms_shell, texts_to
from tests.fakes.clock import Clock

JOHN = "+46701740608"


@pytest.fixture
def shell(db_url: str) -> Shell:
    return sms_shell(db_url, Clock())


async def invite(db: Database, shell: Shell, senior_id: int, event_id: int) -> None:
    async with db.transaction() as session:
        senior = await session.get(Senior, senior_id)
        event = await session.get(Event, event_id)
        assert senior is not None
        assert event is not None
        info = await event_info(session, event, shell.tz, for_senior=senior_id)
        await run_turn(session, shell, senior, InvitationPrompt(info))


async def reply(db: Database, shell: Shell, phone: str, text: str) -> None:
    """The senior answers by SMS, through the inbound path (fresh seat counts)."""
    message = InboundMessage(Channel.SMS, phone, text, f"SM-{phone}-{text}", shell.now())
    await receive(db, shell, message)


def test_every_kind_of_timer_has_a_handler() -> None:
    table = timer_handlers()
    assert set(table.by_subject) == {SENIOR, EVENT, ESCALATION}
    assert set(table.batches) == {(EVENT, stage.value) for stage in InvitationStage}


async def test_a_freed_place_is_offered_to_the_first_in_line_once(
    db: Database, shell: Shell
) -> None:
    anna = await add_person(db, Role.SENIOR, "Anna Lindqvist", ANNA)
    john = await add_person(db, Role.SENIOR, "John Smith", JOHN, lang="en")
    now = shell.now()
    async with db.transaction() as session:
        event = Event(
            title="Sopplunch",
            venue="Utsikten",
            starts_at=now + timedelta(days=7),
            capacity=1,
            created_at=now,
        )
        session.add(event)
        await session.flush()
        event_id = event.id
    # Both are invited and both say yes; only Anna's fits, John waits.
    for senior in (anna, john):
        await invite(db, shell, senior.id, event_id)
    await reply(db, shell, ANNA, "ja")
    await reply(db, shell, JOHN, "yes")
    async with db.transaction() as session:
        waits = await session.scalar(select(Rsvp.answer).where(Rsvp.senior_id == john.id))
        assert waits == "waitlist"
        # Anna can no longer come: her place frees up.
        await record_rsvp(session, event_id, anna.id, "no", 0, now)
        await schedule_seat_check(session, event_id, now)
    before = len(await texts_to(db, JOHN))
    assert await fire_due_timers(db, shell) == 1
    assert len(await texts_to(db, JOHN)) == before + 1
    async with db.reading() as session:
        offer = await session.scalar(
            select(Timer.kind).where(Timer.subject == senior_subject(john.id))
        )
    assert offer == TIMER_WAITLIST
    async with db.transaction() as session:
        await schedule_seat_check(session, event_id, now)
    await fire_due_timers(db, shell)
    assert len(await texts_to(db, JOHN)) == before + 1, "an open offer is not made twice"
