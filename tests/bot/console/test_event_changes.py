"""Editing and cancelling events from the console: those coming are told, once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from bot.db.database import Database
from bot.db.models import AuditEntry, Event, Message, Rsvp, Senior
from bot.events.gatherings import NewEvent, add_events
from bot.people.directory import Role, clean_person, upsert_people
from tests.bot.console.conftest import Desk


async def _lunch_series(desk: Desk) -> tuple[list[int], int]:
    """Three weekly lunches; Anna said yes to the first."""
    shell = desk.shell
    starts = (
        (datetime.now(UTC) + timedelta(days=20))
        .astimezone(shell.tz)
        .replace(hour=12, minute=0, second=0, microsecond=0)
    )
    async with desk.db.transaction() as session:
        await upsert_people(
            session, Role.SENIOR, [clean_person(name="Anna Lindqvist", phone="0701234567")]
        )
        anna = await session.scalar(select(Senior.id))
        assert anna is not None
        new = NewEvent(title="Sopplunch", venue="Kyrkans sal", starts_at=starts, capacity=20)
        events = await add_events(session, shell, new, every_weeks=1, count=3)
        session.add(Rsvp(event_id=events[0].id, senior_id=anna, answer="yes", guests=0))
    return [e.id for e in events], int(anna)


async def _event(db: Database, event_id: int) -> Event:
    async with db.reading() as session:
        event = await session.get(Event, event_id)
    assert event is not None
    return event


async def _told(db: Database, senior_id: int) -> int:
    async with db.reading() as session:
        count = await session.scalar(
            select(func.count()).where(Message.senior_id == senior_id, Message.direction == "out")
        )
    return int(count or 0)


async def test_moving_a_lunch_tells_those_coming_and_audits_it(desk: Desk) -> None:
    (first, *_), anna = await _lunch_series(desk)
    client = desk.as_role("coordinator")
    token = await desk.csrf(client, f"/events/{first}")
    before = await _event(desk.db, first)
    local = before.starts_at.astimezone(desk.shell.tz)
    form = {
        "title": "Sopplunch",
        "venue": "Biblioteket",
        "day": local.date().isoformat(),
        "at": "13:00",
        "capacity": "25",
        "price": "40 kr",
        "csrf_token": token,
    }
    response = await client.post(f"/events/{first}/edit", data=form)
    assert response.status_code == 303
    after = await _event(desk.db, first)
    assert (after.venue, after.capacity, after.price) == ("Biblioteket", 25, "40 kr")
    assert after.starts_at.astimezone(desk.shell.tz).strftime("%H:%M") == "13:00"
    assert await _told(desk.db, anna) == 1
    async with desk.db.reading() as session:
        row = await session.scalar(
            select(AuditEntry).where(
                AuditEntry.action == "event.edited", AuditEntry.account_id.is_not(None)
            )
        )
    assert row is not None
    assert row.subject_id == first


async def test_a_time_in_the_past_is_refused_next_to_the_field(desk: Desk) -> None:
    (first, *_), _anna = await _lunch_series(desk)
    client = desk.as_role("coordinator")
    token = await desk.csrf(client, f"/events/{first}")
    form = {"day": "2020-05-01", "at": "12:00", "venue": "Nya stället", "csrf_token": token}
    response = await client.post(f"/events/{first}/edit", data=form)
    assert response.status_code == 400
    assert 'id="e-at"' in response.text
    assert 'value="Nya stället"' in response.text
    assert (await _event(desk.db, first)).venue == "Kyrkans sal"


async def test_cancel_needs_the_box_then_cancels_one_occurrence(desk: Desk) -> None:
    (first, second, third), anna = await _lunch_series(desk)
    client = desk.as_role("coordinator")
    token = await desk.csrf(client, f"/events/{first}")
    unticked = await client.post(f"/events/{first}/cancel", data={"csrf_token": token})
    assert unticked.status_code == 400
    assert 'id="e-confirm"' in unticked.text
    assert not (await _event(desk.db, first)).cancelled
    data = {"csrf_token": token, "confirm": "yes", "scope": "one"}
    response = await client.post(f"/events/{first}/cancel", data=data)
    assert response.status_code == 303
    assert [(await _event(desk.db, e)).cancelled for e in (first, second, third)] == [
        True,
        False,
        False,
    ]
    assert await _told(desk.db, anna) == 1
    page = (await client.get(f"/events/{first}")).text
    assert "Inställd" in page
    assert f"/events/{first}/edit" not in page


async def test_cancel_the_rest_of_a_series(desk: Desk) -> None:
    (first, second, third), _anna = await _lunch_series(desk)
    client = desk.as_role("coordinator")
    token = await desk.csrf(client, f"/events/{second}")
    data = {"csrf_token": token, "confirm": "yes", "scope": "rest"}
    assert (await client.post(f"/events/{second}/cancel", data=data)).status_code == 303
    assert [(await _event(desk.db, e)).cancelled for e in (first, second, third)] == [
        False,
        True,
        True,
    ]


async def test_viewer_and_forged_posts_change_no_event(desk: Desk) -> None:
    (first, *_), _anna = await _lunch_series(desk)
    viewer = desk.as_role("viewer")
    page = (await viewer.get(f"/events/{first}")).text
    assert f"/events/{first}/cancel" not in page
    token = await desk.csrf(viewer, f"/events/{first}")
    forged = await viewer.post(
        f"/events/{first}/cancel", data={"csrf_token": token, "confirm": "yes"}
    )
    coordinator = desk.as_role("coordinator")
    no_token = await coordinator.post(f"/events/{first}/cancel", data={"confirm": "yes"})
    assert (forged.status_code, no_token.status_code) == (403, 403)
    assert not (await _event(desk.db, first)).cancelled
