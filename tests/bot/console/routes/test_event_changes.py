"""Ändra or ställ in a träff over HTTP: refusals next to the field, one message each, audit."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from bot.db.database import Database
from bot.db.models import Event, Message, Rsvp, Senior
from bot.events.gatherings import NewEvent, add_events
from bot.people.directory import Role, clean_person, upsert_people
from tests.bot.console.conftest import Desk
from tests.bot.console.routes.helpers import anonymous, audit_rows


async def _series(desk: Desk) -> list[int]:
    """Two weekly lunches for 20 at Kyrkans sal; Anna said yes to both."""
    starts = (datetime.now(UTC) + timedelta(days=20)).astimezone(desk.shell.tz)
    async with desk.db.transaction() as session:
        await upsert_people(
            session, Role.SENIOR, [clean_person(name="Anna Lindqvist", phone="0701234567")]
        )
        anna = await session.scalar(select(Senior.id))
        assert anna is not None
        new = NewEvent(title="Sopplunch", venue="Kyrkans sal", starts_at=starts, capacity=20)
        events = await add_events(session, desk.shell, new, every_weeks=1, count=2)
        for event in events:
            session.add(Rsvp(event_id=event.id, senior_id=anna, answer="yes", guests=0))
        return [e.id for e in events]


async def _event(db: Database, event_id: int) -> Event:
    async with db.reading() as session:
        event = await session.get(Event, event_id)
    assert event is not None
    return event


async def _texts_to_seniors(db: Database) -> int:
    async with db.reading() as session:
        count = await session.scalar(
            select(func.count()).where(Message.direction == "out", Message.senior_id.is_not(None))
        )
    return int(count or 0)


async def _edit(desk: Desk, event_id: int, **changes: str) -> str:
    """Post the edit form as the page fills it, with `changes` typed over it."""
    client = desk.as_role("coordinator")
    token = await desk.csrf(client, f"/events/{event_id}")
    event = await _event(desk.db, event_id)
    local = event.starts_at.astimezone(desk.shell.tz)
    form = {
        "title": event.title,
        "venue": event.venue,
        "day": local.date().isoformat(),
        "at": local.strftime("%H:%M"),
        "capacity": "" if event.capacity is None else str(event.capacity),
        "price": event.price or "",
        "csrf_token": token,
    }
    response = await client.post(f"/events/{event_id}/edit", data={**form, **changes})
    return f"{response.status_code} {response.text}"


async def test_a_new_title_and_price_tell_nobody_and_the_audit_row_says_so(desk: Desk) -> None:
    first, _second = await _series(desk)
    answer = await _edit(desk, first, title="Julsoppa", price="50 kr")
    assert answer.startswith("303")
    event = await _event(desk.db, first)
    assert (event.title, event.price, event.venue) == ("Julsoppa", "50 kr", "Kyrkans sal")
    assert await _texts_to_seniors(desk.db) == 0
    [row] = await audit_rows(desk.db, "event.edited")
    assert (row.subject_id, row.details["events"], row.details["told"]) == (first, [first], 0)
    assert "Julsoppa" in (await desk.as_role("viewer").get(f"/events/{first}")).text


async def test_a_bad_number_of_seats_is_refused_next_to_the_field(desk: Desk) -> None:
    first, _second = await _series(desk)
    for seats in ("tjugo", "0"):
        answer = await _edit(desk, first, capacity=seats, venue="Biblioteket")
        assert answer.startswith("400"), seats
        assert 'id="e-capacity"' in answer
        assert "Skriv antal platser, minst 1" in answer
        assert f'value="{seats}"' in answer  # what was typed stays in the field
    event = await _event(desk.db, first)
    assert (event.capacity, event.venue) == (20, "Kyrkans sal")
    assert await audit_rows(desk.db, "event.edited") == []
    assert await _texts_to_seniors(desk.db) == 0


async def test_an_emptied_seat_limit_makes_the_lunch_unlimited(desk: Desk) -> None:
    first, second = await _series(desk)
    answer = await _edit(desk, first, capacity="")
    assert answer.startswith("303"), answer[:300]
    assert (await _event(desk.db, first)).capacity is None
    assert (await _event(desk.db, second)).capacity == 20, "only this lunch changes"
    [row] = await audit_rows(desk.db, "event.edited")
    assert row.subject_id == first
    page = (await desk.as_role("viewer").get(f"/events/{first}")).text
    assert "lediga av" not in page
    assert await _texts_to_seniors(desk.db) == 0


async def test_an_emptied_place_is_refused_next_to_the_field(desk: Desk) -> None:
    first, _second = await _series(desk)
    answer = await _edit(desk, first, venue="  ")
    assert answer.startswith("400")
    assert 'id="e-venue"' in answer
    assert "Skriv var träffen är." in answer
    assert (await _event(desk.db, first)).venue == "Kyrkans sal"


async def test_a_date_that_is_no_date_is_refused_next_to_the_day(desk: Desk) -> None:
    first, _second = await _series(desk)
    before = await _event(desk.db, first)
    answer = await _edit(desk, first, day="nästa fredag", at="14:00")
    assert answer.startswith("400")
    assert 'id="e-day"' in answer
    assert (await _event(desk.db, first)).starts_at == before.starts_at


async def test_cancelling_the_rest_tells_each_yes_once_and_names_the_events(desk: Desk) -> None:
    first, second = await _series(desk)
    client = desk.as_role("coordinator")
    token = await desk.csrf(client, f"/events/{first}")
    data = {"csrf_token": token, "confirm": "yes", "scope": "rest"}
    response = await client.post(f"/events/{first}/cancel", data=data)
    assert response.headers["location"] == f"/events/{first}?ok=event_cancelled"
    [row] = await audit_rows(desk.db, "event.cancelled")
    assert (sorted(row.details["events"]), row.details["told"]) == (sorted([first, second]), 2)
    assert await _texts_to_seniors(desk.db) == 2


async def test_cancelling_twice_tells_nobody_twice(desk: Desk) -> None:
    first, _second = await _series(desk)
    client = desk.as_role("coordinator")
    token = await desk.csrf(client, f"/events/{first}")
    data = {"csrf_token": token, "confirm": "yes", "scope": "one"}
    await client.post(f"/events/{first}/cancel", data=data)
    again = await client.post(f"/events/{first}/cancel", data=data)
    assert again.status_code == 303
    assert await _texts_to_seniors(desk.db) == 1


async def test_a_cancelled_event_cannot_be_edited_and_the_page_says_why(desk: Desk) -> None:
    first, _second = await _series(desk)
    client = desk.as_role("coordinator")
    token = await desk.csrf(client, f"/events/{first}")
    await client.post(f"/events/{first}/cancel", data={"csrf_token": token, "confirm": "yes"})
    answer = await _edit(desk, first, venue="Biblioteket")
    assert answer.startswith("400")
    assert "är inställt" in answer
    assert (await _event(desk.db, first)).venue == "Kyrkans sal"
    assert await audit_rows(desk.db, "event.edited") == []


async def test_a_guessed_event_id_is_404_for_edit_and_cancel(desk: Desk) -> None:
    await _series(desk)
    client = desk.as_role("coordinator")
    token = await desk.csrf(client, "/events")
    edit = await client.post("/events/987654/edit", data={"venue": "X", "csrf_token": token})
    cancel = await client.post(
        "/events/987654/cancel", data={"csrf_token": token, "confirm": "yes"}
    )
    unticked = await client.post("/events/987654/cancel", data={"csrf_token": token})
    assert (edit.status_code, cancel.status_code, unticked.status_code) == (404, 404, 404)
    assert await audit_rows(desk.db, "event.cancelled") == []


async def test_an_anonymous_post_is_401_and_changes_nothing(desk: Desk) -> None:
    first, _second = await _series(desk)
    async with anonymous(desk) as visitor:
        cancel = await visitor.post(f"/events/{first}/cancel", data={"confirm": "yes"})
        edit = await visitor.post(f"/events/{first}/edit", data={"venue": "Biblioteket"})
    assert (cancel.status_code, edit.status_code) == (401, 401)
    event = await _event(desk.db, first)
    assert (event.cancelled, event.venue) == (False, "Kyrkans sal")
