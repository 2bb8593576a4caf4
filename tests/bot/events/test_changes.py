"""Changing an event's rows: what moves, what stays, what is refused, and who
said yes (the texts to them are bot.turns.event_news's; tested there)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from bot.core.errors import NotFoundError
from bot.core.shell import Shell
from bot.db.database import Database
from bot.db.models import AuditEntry, Event, Rsvp, Timer
from bot.events.changes import (
    EventChanges,
    cancel_events,
    coming,
    edit_event,
    get_event,
    parse_local_datetime,
)
from bot.events.gatherings import EventError, NewEvent, add_events
from bot.people.directory import Role
from tests.bot.builders import ANNA, KARIN, add_person, sms_shell
from tests.fakes.clock import Clock

GOSTA = "+46701740606"


def shell_for(db: Database) -> Shell:
    return sms_shell(db.url, Clock())  # Wednesday 2 December, 11:00 in Stockholm


def local(shell: Shell, day: int, hour: int) -> datetime:
    return datetime(2026, 12, day, hour, 0, tzinfo=shell.tz)


async def lunch(db: Database, shell: Shell, *, weeks: int | None = None, **fields: Any) -> int:
    """A lunch on Wednesday 16 December at 12:00 (a series when `weeks`)."""
    new = NewEvent(title="Sopplunch", venue="Utsikten", starts_at=local(shell, 16, 12), **fields)
    async with db.transaction() as session:
        events = await add_events(
            session, shell, new, every_weeks=weeks, count=3 if weeks else None
        )
        return events[0].id


async def edit(db: Database, shell: Shell, event_id: int, **changes: Any) -> tuple[bool, Event]:
    async with db.transaction() as session:
        changed = await edit_event(
            session, shell, event_id, EventChanges(**changes), actor="coordinator:cli"
        )
        return changed.moved, changed.events[0]


async def stages(db: Database, event_id: int) -> dict[str, datetime]:
    async with db.reading() as session:
        rows = await session.execute(
            select(Timer.kind, Timer.due_at).where(Timer.subject == f"event:{event_id}")
        )
        return {kind: due.astimezone(UTC) for kind, due in rows}


def test_a_local_time_is_read_in_the_service_time_zone() -> None:
    shell = sms_shell("sqlite://", Clock())
    assert parse_local_datetime(" 2026-12-09T12:00 ", "--at", shell) == local(shell, 9, 12)
    given = parse_local_datetime("2026-12-09T12:00+00:00", "--at", shell)
    assert given == datetime(2026, 12, 9, 12, 0, tzinfo=UTC)  # an explicit zone is kept


@pytest.mark.parametrize("text", ["12:00", "9 december 12:00", "2026-12-32 12:00"])
def test_a_time_that_cannot_be_read_says_how_to_write_it(text: str) -> None:
    shell = sms_shell("sqlite://", Clock())
    with pytest.raises(EventError) as wrong:
        parse_local_datetime(text, "Tid", shell)
    assert str(wrong.value).startswith(f"Tid {text!r}:")
    assert "2026-12-09T12:00" in str(wrong.value)


async def test_an_unknown_event_is_not_found(db: Database) -> None:
    async with db.reading() as session:
        with pytest.raises(NotFoundError, match="no event 99"):
            await get_event(session, 99)


async def test_a_new_place_is_a_move_and_the_same_place_respaced_is_not(db: Database) -> None:
    shell = shell_for(db)
    event_id = await lunch(db, shell)
    moved, event = await edit(db, shell, event_id, venue="  Utsikten ")
    assert not moved
    moved, event = await edit(db, shell, event_id, venue="Restaurang   Solsidan")
    assert moved
    assert event.venue == "Restaurang Solsidan"


async def test_a_blank_title_is_ignored_and_a_blank_price_removes_it(db: Database) -> None:
    shell = shell_for(db)
    event_id = await lunch(db, shell, price="50 kr")
    moved, event = await edit(db, shell, event_id, title="   ", price=" ")
    assert not moved
    assert (event.title, event.price) == ("Sopplunch", None)
    async with db.reading() as session:
        entry = await session.scalar(select(AuditEntry).where(AuditEntry.action == "event.edited"))
    assert entry is not None
    assert (entry.actor, entry.subject_id, entry.details) == (
        "coordinator:cli",
        event_id,
        {"fields": ["price"]},
    )


async def test_moving_the_time_moves_the_stages_not_sent_and_never_into_the_past(
    db: Database,
) -> None:
    shell = shell_for(db)
    event_id = await lunch(db, shell)
    assert set(await stages(db, event_id)) == {"invite", "second_ask", "remind"}
    moved, _ = await edit(db, shell, event_id, starts_at=local(shell, 4, 12))  # this Friday
    assert moved
    moved_stages = await stages(db, event_id)
    # The invitation (due a week before) goes now, not never and not back in time.
    assert moved_stages["invite"] == shell.now()
    # The reminder still comes the day before, a day after the invitation.
    assert moved_stages["remind"] == shell.now() + timedelta(days=1)
    # A second ask with no room before the reminder is dropped.
    assert "second_ask" not in moved_stages


async def test_a_stage_already_sent_stays_sent_when_the_event_moves(db: Database) -> None:
    shell = shell_for(db)
    event_id = await lunch(db, shell)
    async with db.transaction() as session:  # the invitation went out: its timer fired
        invite = await session.scalar(select(Timer).where(Timer.kind == "invite"))
        await session.delete(invite)
    await edit(db, shell, event_id, starts_at=local(shell, 23, 12))
    after = await stages(db, event_id)
    assert "invite" not in after
    assert after["remind"] == local(shell, 22, 10).astimezone(UTC)


async def test_a_time_in_the_past_or_a_capacity_under_one_is_refused_naming_the_field(
    db: Database,
) -> None:
    shell = shell_for(db)
    event_id = await lunch(db, shell, capacity=20)
    with pytest.raises(EventError) as past:
        await edit(db, shell, event_id, starts_at=local(shell, 1, 12))
    assert past.value.field == "at"
    with pytest.raises(EventError) as empty:
        await edit(db, shell, event_id, capacity=0)
    assert empty.value.field == "capacity"
    with pytest.raises(EventError) as nowhere:
        await edit(db, shell, event_id, venue="   ")
    assert nowhere.value.field == "venue"
    async with db.reading() as session:
        event = await session.get_one(Event, event_id)
    assert (event.starts_at.astimezone(UTC), event.capacity, event.venue) == (
        local(shell, 16, 12).astimezone(UTC),
        20,
        "Utsikten",
    )


async def test_more_places_look_at_the_waiting_list_and_fewer_do_not(db: Database) -> None:
    shell = shell_for(db)
    event_id = await lunch(db, shell, capacity=20)
    await edit(db, shell, event_id, capacity=10)
    assert "seat_check" not in await stages(db, event_id)
    await edit(db, shell, event_id, capacity=30)
    assert (await stages(db, event_id))["seat_check"] == shell.now()


async def test_taking_the_seat_limit_away_lets_the_waiting_list_in(db: Database) -> None:
    shell = shell_for(db)
    event_id = await lunch(db, shell, capacity=20)
    with pytest.raises(EventError) as both:
        await edit(db, shell, event_id, capacity=30, unlimited=True)
    assert both.value.field == "capacity"
    await edit(db, shell, event_id, unlimited=True)
    async with db.reading() as session:
        assert (await session.get_one(Event, event_id)).capacity is None
    assert (await stages(db, event_id))["seat_check"] == shell.now()


async def test_an_edited_demo_lunch_becomes_the_coordinators_own(db: Database) -> None:
    shell = shell_for(db)
    event_id = await lunch(db, shell)
    async with db.transaction() as session:
        (await session.get_one(Event, event_id)).demo = True
    _, event = await edit(db, shell, event_id, title="Julbord")
    assert event.demo is False


async def test_a_cancelled_event_cannot_be_edited(db: Database) -> None:
    shell = shell_for(db)
    event_id = await lunch(db, shell)
    async with db.transaction() as session:
        await cancel_events(session, shell, event_id, rest_of_series=False, actor="cli")
    with pytest.raises(EventError, match="cancelled"):
        await edit(db, shell, event_id, title="Julbord")


async def test_cancelling_twice_keeps_the_first_time_and_the_rest_of_a_lone_event_is_it(
    db: Database,
) -> None:
    clock = Clock()
    shell = sms_shell(db.url, clock)
    event_id = await lunch(db, shell)
    async with db.transaction() as session:
        first = await cancel_events(session, shell, event_id, rest_of_series=True, actor="cli")
    assert [e.id for e in first.events] == [event_id]
    assert first.moved
    clock.advance(hours=2)
    async with db.transaction() as session:
        await cancel_events(session, shell, event_id, rest_of_series=False, actor="cli")
    async with db.reading() as session:
        event = await session.get_one(Event, event_id)
        entries = list(
            await session.scalars(select(AuditEntry).where(AuditEntry.action == "event.cancelled"))
        )
    assert event.cancelled_at is not None
    assert event.cancelled_at.astimezone(UTC) == datetime(2026, 12, 2, 10, 0, tzinfo=UTC)
    assert [entry.details for entry in entries] == [{"events": [event_id]}] * 2
    assert await stages(db, event_id) == {}


async def test_those_coming_are_the_yes_answers_of_each_event(db: Database) -> None:
    shell = shell_for(db)
    first = await lunch(db, shell, weeks=1)
    second = first + 1
    anna = await add_person(db, Role.SENIOR, "Anna Lindqvist", ANNA)
    gosta = await add_person(db, Role.SENIOR, "Gösta Berg", GOSTA)
    karin = await add_person(db, Role.SENIOR, "Karin Ek", KARIN)
    async with db.transaction() as session:
        session.add_all(
            [
                Rsvp(event_id=first, senior_id=anna.id, answer="yes"),
                Rsvp(event_id=first, senior_id=gosta.id, answer="no"),
                Rsvp(event_id=second, senior_id=karin.id, answer="yes"),
            ]
        )
    async with db.reading() as session:
        assert await coming(session, [first, second]) == {first: [anna.id], second: [karin.id]}
        assert await coming(session, [second + 1]) == {}
    async with db.transaction() as session:
        changed = await cancel_events(session, shell, second, rest_of_series=True, actor="cli")
    assert [e.id for e in changed.events] == [second, second + 1]
    assert changed.coming == {second: [karin.id]}
