"""Events as the coordinator sees them: seats taken (guests count), seats left,
and for one event who comes, who said no, who waits and who has not answered."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.console.queries.events import PAST_DAYS, event_people, event_rows
from bot.db.models import Event
from bot.events.gatherings import NewEvent, add_events
from bot.events.rsvps import record_rsvp
from tests.bot.console.queries.town import MARGIT, add_seniors, text_in
from tests.bot.escalations.world import STOCKHOLM, World

SOUP = datetime(2026, 12, 9, 12, 0, tzinfo=STOCKHOLM)


async def _event(world: World, title: str, **fields: object) -> int:
    async with world.db.transaction() as session:
        new = NewEvent(title=title, venue="Träffpunkten", **fields)  # type: ignore[arg-type]
        (event,) = await add_events(session, world.shell, new, every_weeks=None, count=None)
        return event.id


async def _answer(world: World, event_id: int, senior_id: int, answer: str, guests: int = 0) -> str:
    async with world.db.transaction() as session:
        stored, _ = await record_rsvp(session, event_id, senior_id, answer, guests, world.clock.now)
        return stored


async def _rows(world: World, now: datetime) -> dict[str, tuple[int, int | None]]:
    async with world.db.reading() as session:
        rows = await event_rows(session, now)
    return {row.event.title: (row.taken, row.free) for row in rows}


async def test_the_list_counts_guests_as_seats_and_shows_what_is_left(world: World) -> None:
    ids = await add_seniors(world)
    soup = await _event(world, "Soppluncn", starts_at=SOUP, capacity=5)
    coffee = await _event(world, "Kafferep", starts_at=SOUP + timedelta(days=1))
    await _answer(world, soup, ids["Anna"], "yes", guests=2)
    await _answer(world, soup, ids["Gösta"], "yes")
    await _answer(world, soup, ids["Margit"], "no")
    await _answer(world, coffee, ids["John"], "yes", guests=1)
    assert await _rows(world, world.clock.now) == {
        "Soppluncn": (4, 1),
        "Kafferep": (2, None),  # no limit: no seats-left figure
    }


async def test_seats_left_never_go_below_zero_when_the_room_shrinks(world: World) -> None:
    ids = await add_seniors(world)
    soup = await _event(world, "Soppluncn", starts_at=SOUP, capacity=4)
    await _answer(world, soup, ids["Anna"], "yes", guests=2)
    async with world.db.transaction() as session:
        event = await session.get(Event, soup)
        assert event is not None
        event.capacity = 2  # the coordinator moved it to a smaller room
    assert await _rows(world, world.clock.now) == {"Soppluncn": (3, 0)}
    async with world.db.reading() as session:
        people = await event_people(session, soup)
    assert (people.taken, people.free) == (3, 0)


async def test_an_event_stays_listed_for_a_month_after_it_took_place(world: World) -> None:
    await _event(world, "Soppluncn", starts_at=SOUP)
    assert list(await _rows(world, SOUP + timedelta(days=PAST_DAYS - 1))) == ["Soppluncn"]
    assert await _rows(world, SOUP + timedelta(days=PAST_DAYS, minutes=1)) == {}


async def test_one_event_sorts_its_people_by_their_answer(world: World) -> None:
    ids = await add_seniors(world)
    soup = await _event(world, "Soppluncn", starts_at=SOUP, capacity=3)
    assert await _answer(world, soup, ids["Anna"], "yes", guests=1) == "yes"
    assert await _answer(world, soup, ids["Gösta"], "no") == "no"
    assert await _answer(world, soup, ids["John"], "yes", guests=1) == "waitlist"
    async with world.db.reading() as session:
        people = await event_people(session, soup)
    assert [(p["name"], p["guests"]) for p in people.coming] == [("Anna Lindqvist", 1)]
    assert [p["name"] for p in people.declined] == ["Gösta Berg"]
    assert [p["name"] for p in people.waiting] == ["John Smith"]
    assert people.maybe == []
    assert [p["name"] for p in people.not_answered] == ["Margit Holm"]
    assert (people.taken, people.free) == (2, 1)


async def test_not_answered_leaves_out_who_was_never_invited(world: World) -> None:
    """Only seniors with the event's tag are invited, and nobody who said STOPP."""
    ids = await add_seniors(world)  # Anna is tagged "tyresö", Margit "soppa"
    soup = await _event(world, "Soppluncn", starts_at=SOUP, audience_tag="Soppa")
    open_to_all = await _event(world, "Kafferep", starts_at=SOUP + timedelta(days=1))
    await text_in(world, MARGIT, "STOPP")
    async with world.db.reading() as session:
        tagged = await event_people(session, soup)
        everyone = await event_people(session, open_to_all)
    assert tagged.not_answered == []
    assert [p["name"] for p in everyone.not_answered] == [
        "Anna Lindqvist",
        "Gösta Berg",
        "John Smith",
    ]
    assert {p["senior_id"] for p in everyone.not_answered} == {
        ids["Anna"],
        ids["Gösta"],
        ids["John"],
    }
