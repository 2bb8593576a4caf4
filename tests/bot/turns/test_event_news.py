"""Editing and cancelling events: those coming are told once, in their language."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.core.config import load_config
from bot.core.shell import Shell, build_shell
from bot.db.database import Database
from bot.db.models import Event, Message, Rsvp, Senior, Timer
from bot.events.changes import EventChanges, parse_local_datetime
from bot.events.gatherings import EventError, NewEvent, add_events
from bot.people.directory import Role, clean_person, upsert_people
from bot.turns.event_news import cancel_event, change_event

NOW = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)  # 11:00 in Stockholm
LUNCH = datetime(2026, 12, 9, 11, 0, tzinfo=UTC)


def make_shell(database: Database) -> Shell:
    config = load_config(
        None,
        {
            "HEJSAN_DATABASE_URL": database.url,
            "HEJSAN_TWILIO_ACCOUNT_SID": "AC" + "0" * 32,
            "HEJSAN_TWILIO_AUTH_TOKEN": "not-used-here",
            "HEJSAN_TWILIO_FROM_NUMBER": "+46766860000",
        },
    )
    return build_shell(config, clock=lambda: NOW)


async def _lunches(database: Database, shell: Shell, *, weeks: int | None = None) -> list[int]:
    async with database.transaction() as session:
        await upsert_people(
            session,
            Role.SENIOR,
            [
                clean_person(name="Anna Lindqvist", phone="070-174 06 05", lang="sv"),
                clean_person(name="John Smith", phone="070-174 06 08", lang="en"),
                clean_person(name="Gösta Berg", phone="070-174 06 06", lang="sv"),
            ],
        )
        new = NewEvent(
            title="Sopplunch", venue="Utsikten", starts_at=LUNCH.astimezone(shell.tz), capacity=40
        )
        events = await add_events(
            session, shell, new, every_weeks=weeks, count=3 if weeks else None
        )
        ids = {name: id_ for name, id_ in await session.execute(select(Senior.name, Senior.id))}
        for event in events:
            session.add(Rsvp(event_id=event.id, senior_id=ids["Anna Lindqvist"], answer="yes"))
            session.add(Rsvp(event_id=event.id, senior_id=ids["John Smith"], answer="yes"))
            session.add(Rsvp(event_id=event.id, senior_id=ids["Gösta Berg"], answer="no"))
        return [event.id for event in events]


async def _texts(database: Database) -> dict[str, list[str]]:
    async with database.reading() as session:
        rows = await session.execute(
            select(Senior.name, Message.body)
            .join(Message, Message.senior_id == Senior.id)
            .order_by(Message.id)
        )
        found: dict[str, list[str]] = {}
        for name, body in rows:
            found.setdefault(name, []).append(body)
        return found


async def test_cancel_tells_those_coming_once_in_their_language(db: Database) -> None:
    await db.migrate()
    shell = make_shell(db)
    (event_id,) = await _lunches(db, shell)
    report = await cancel_event(db, shell, event_id, rest_of_series=False, actor="cli")
    again = await cancel_event(db, shell, event_id, rest_of_series=False, actor="cli")
    assert (report.told, again.told) == (2, 0)
    texts = await _texts(db)
    assert texts["Anna Lindqvist"] == [
        "Hej Anna! Tyvärr är Sopplunch onsdag 9 december kl 12.00 inställd. "
        "Förlåt för besväret, vi hör av oss om nästa gång!"
    ]
    assert "cancelled" in texts["John Smith"][0]
    assert "Gösta Berg" not in texts
    async with db.reading() as session:
        event = await session.get(Event, event_id)
        assert event is not None
        assert event.cancelled
        timers = await session.scalars(select(Timer).where(Timer.subject == f"event:{event_id}"))
        assert list(timers) == []


async def test_cancel_the_rest_of_a_series_keeps_the_earlier_ones(db: Database) -> None:
    await db.migrate()
    shell = make_shell(db)
    first, second, third = await _lunches(db, shell, weeks=2)
    report = await cancel_event(db, shell, second, rest_of_series=True, actor="cli")
    assert [event.id for event in report.events] == [second, third]
    async with db.reading() as session:
        rows = await session.execute(select(Event.id, Event.cancelled))
        cancelled = {event_id: flag for event_id, flag in rows}
    assert cancelled == {first: False, second: True, third: True}


async def test_moving_an_event_moves_its_invitation_and_tells_those_coming(
    db: Database,
) -> None:
    await db.migrate()
    shell = make_shell(db)
    (event_id,) = await _lunches(db, shell)
    later = LUNCH + timedelta(days=7)
    report = await change_event(
        db, shell, event_id, EventChanges(starts_at=later, capacity=50), actor="cli"
    )
    (event,) = report.events
    assert (event.starts_at, event.capacity, report.told) == (later, 50, 2)
    async with db.reading() as session:
        invite = await session.scalar(
            select(Timer.due_at).where(Timer.subject == f"event:{event_id}", Timer.kind == "invite")
        )
    assert invite == datetime(2026, 12, 9, 9, 0, tzinfo=UTC)  # a week before, 10:00 local
    assert "onsdag 16 december" in (await _texts(db))["Anna Lindqvist"][0]


async def test_a_date_without_a_time_is_an_error_naming_the_field(db: Database) -> None:
    shell = make_shell(db)
    with pytest.raises(EventError, match="--at '2026-12-09'"):
        parse_local_datetime("2026-12-09", "--at", shell)
    assert parse_local_datetime("2026-12-09 12:00", "--at", shell) == LUNCH
