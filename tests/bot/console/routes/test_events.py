"""Träffar over HTTP: create one or a series, the attendee lists, and who may see them."""

from __future__ import annotations

import io
import itertools
from datetime import UTC, datetime, timedelta

from openpyxl import load_workbook
from sqlalchemy import func, select

from bot.db.database import Database
from bot.db.models import Event, Rsvp, Senior
from bot.events.gatherings import NewEvent, add_events
from bot.people.directory import Role, clean_person, upsert_people
from tests.bot.console.conftest import Desk
from tests.bot.console.routes.helpers import anonymous, audit_rows


def _future_day(days: int = 30) -> str:
    return (datetime.now(UTC) + timedelta(days=days)).date().isoformat()


async def _lunch_with_guests(desk: Desk) -> int:
    """A lunch for 20: Anna comes with one guest, Gösta waits for a seat."""
    starts = (datetime.now(UTC) + timedelta(days=20)).astimezone(desk.shell.tz)
    async with desk.db.transaction() as session:
        people = [
            clean_person(name="Anna Lindqvist", phone="0701234567"),
            clean_person(name="Gösta Berg", phone="0709876543"),
        ]
        await upsert_people(session, Role.SENIOR, people)
        ids = {name: id_ for name, id_ in await session.execute(select(Senior.name, Senior.id))}
        new = NewEvent(title="Sopplunch", venue="Kyrkans sal", starts_at=starts, capacity=20)
        [event] = await add_events(session, desk.shell, new, every_weeks=None, count=None)
        session.add(
            Rsvp(event_id=event.id, senior_id=ids["Anna Lindqvist"], answer="yes", guests=1)
        )
        session.add(Rsvp(event_id=event.id, senior_id=ids["Gösta Berg"], answer="waitlist"))
        return event.id


async def _events(db: Database) -> list[Event]:
    async with db.reading() as session:
        return list(await session.scalars(select(Event).order_by(Event.starts_at)))


async def test_a_weekly_series_is_created_audited_and_opens_on_its_first(desk: Desk) -> None:
    client = desk.as_role("coordinator")
    token = await desk.csrf(client, "/events")
    form = {
        "title": " Sopplunch ",
        "venue": "Kyrkans sal",
        "day": _future_day(),
        "at": "12:00",
        "capacity": "30",
        "price": "40 kr",
        "every_weeks": "1",
        "count": "3",
        "csrf_token": token,
    }
    response = await client.post("/events", data=form)
    assert response.status_code == 303
    events = await _events(desk.db)
    assert response.headers["location"] == f"/events/{events[0].id}?ok=created"
    assert [e.title for e in events] == ["Sopplunch"] * 3
    gaps = [(b.starts_at - a.starts_at).days for a, b in itertools.pairwise(events)]
    assert gaps == [7, 7]
    assert {(e.capacity, e.price) for e in events} == {(30, "40 kr")}
    assert sorted(r.subject_id or 0 for r in await audit_rows(desk.db, "event.created")) == [
        e.id for e in events
    ]
    page = (await client.get(response.headers["location"])).text
    assert "Sopplunch" in page
    assert "Kyrkans sal" in page


async def test_refusals_name_the_problem_in_swedish_and_keep_what_was_typed(desk: Desk) -> None:
    client = desk.as_role("coordinator")
    token = await desk.csrf(client, "/events")
    good = {"title": "Julsoppa", "venue": "Utsikten", "day": _future_day(), "at": "12:00"}
    cases = [
        ({"day": "2020-01-01"}, "Välj ett datum som inte har varit."),
        ({"capacity": "0"}, "Skriv antal platser, minst 1, eller lämna tomt för obegränsat."),
        ({"capacity": "tjugo"}, "Kontrollera datum, tid och antal."),
        ({"day": "1 mars"}, "Kontrollera datum, tid och antal."),
        ({"at": "kl 12"}, "Kontrollera datum, tid och antal."),
        (
            {"count": "4"},
            "Antal tillfällen gäller en serie: fyll också i var hur många veckor.",
        ),
    ]
    for change, reason in cases:
        response = await client.post("/events", data={**good, **change, "csrf_token": token})
        assert response.status_code == 400, change
        assert f'role="alert">{reason}<' in response.text, change
        assert 'value="Utsikten"' in response.text
        assert "--" not in reason
    assert await _events(desk.db) == []
    assert await audit_rows(desk.db, "event.created") == []


async def test_the_attendee_csv_counts_seats_and_is_audited(desk: Desk) -> None:
    event = await _lunch_with_guests(desk)
    client = desk.as_role("coordinator")
    response = await client.get(f"/events/{event}/attendees.csv")
    assert response.status_code == 200
    assert response.headers["content-disposition"].startswith('attachment; filename="')
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "Namn;Svar;Gäster;Platser"
    assert sorted(lines[1:]) == ["Anna Lindqvist;Kommer;1;2", "Gösta Berg;Väntelista;0;0"]
    [row] = await audit_rows(desk.db, "event.exported")
    assert (row.subject_id, row.details["format"]) == (event, "csv")


async def test_the_attendee_workbook_holds_the_same_rows(desk: Desk) -> None:
    event = await _lunch_with_guests(desk)
    response = await desk.as_role("admin").get(f"/events/{event}/attendees.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    rows = [tuple(cell.value for cell in row) for row in sheet.iter_rows()]
    assert rows[0] == ("Namn", "Svar", "Gäster", "Platser")
    assert ("Anna Lindqvist", "Kommer", 1, 2) in rows
    assert [r.details["format"] for r in await audit_rows(desk.db, "event.exported")] == ["xlsx"]


async def test_the_printable_list_is_for_coordinators_and_audited(desk: Desk) -> None:
    event = await _lunch_with_guests(desk)
    printed = await desk.as_role("coordinator").get(f"/events/{event}/print")
    assert printed.status_code == 200
    assert "Anna Lindqvist" in printed.text
    viewer = desk.as_role("viewer")
    answers = [
        (await viewer.get(f"/events/{event}/{path}")).status_code
        for path in ("print", "attendees.csv", "attendees.xlsx")
    ]
    assert answers == [403, 403, 403]
    assert [r.details["format"] for r in await audit_rows(desk.db, "event.exported")] == ["print"]


async def test_a_viewer_sees_the_event_but_cannot_create_one(desk: Desk) -> None:
    event = await _lunch_with_guests(desk)
    viewer = desk.as_role("viewer")
    assert (await viewer.get(f"/events/{event}")).status_code == 200
    token = await desk.csrf(viewer, "/password")
    form = {"title": "X", "venue": "Y", "day": _future_day(), "at": "12:00", "csrf_token": token}
    assert (await viewer.post("/events", data=form)).status_code == 403
    forged = await desk.as_role("coordinator").post("/events", data={**form, "csrf_token": "x"})
    assert forged.status_code == 403
    async with desk.db.reading() as session:
        assert await session.scalar(select(func.count()).select_from(Event)) == 1


async def test_a_guessed_event_id_is_404_everywhere(desk: Desk) -> None:
    client = desk.as_role("coordinator")
    answers = [
        (await client.get(f"/events/987654{path}")).status_code
        for path in ("", "/print", "/attendees.csv", "/attendees.xlsx")
    ]
    assert answers == [404, 404, 404, 404]
    assert await audit_rows(desk.db, "event.exported") == []


async def test_anonymous_visitors_must_log_in_first(desk: Desk) -> None:
    event = await _lunch_with_guests(desk)
    async with anonymous(desk) as visitor:
        listing = await visitor.get("/events")
        export = await visitor.get(f"/events/{event}/attendees.csv")
    assert listing.headers["location"] == "/login?next=/events"
    assert export.headers["location"] == f"/login?next=/events/{event}/attendees.csv"
    assert await audit_rows(desk.db, "event.exported") == []
