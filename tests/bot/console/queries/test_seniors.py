"""Seniors as the console finds and shows them: search by name, area, tag or
phone digits; whether each channel works; the conversation; their history."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from bot.console.queries.checkins import CheckInStatus
from bot.console.queries.seniors import (
    ChannelHealth,
    CheckInHistoryRow,
    cases_of,
    channels_of,
    checkin_history,
    conversation,
    lunches_of,
    search_seniors,
    weeks_of,
)
from bot.db.models import Address, Senior
from bot.events.gatherings import NewEvent, add_events
from bot.events.rsvps import record_rsvp
from bot.people.directory import Role, clean_person, upsert_people
from tests.bot.console.queries.town import GOSTA, MARGIT, add_seniors, ask, text_in
from tests.bot.escalations.world import ANNA, STOCKHOLM, World


async def _found(world: World, text: str, limit: int = 100) -> list[str]:
    async with world.db.reading() as session:
        return [row.name for row in await search_seniors(session, text, limit=limit)]


async def test_search_finds_by_name_area_tag_or_phone_digits(world: World) -> None:
    await add_seniors(world)
    assert await _found(world, "") == [
        "Anna Lindqvist",
        "Gösta Berg",
        "John Smith",
        "Margit Holm",
    ]
    assert await _found(world, "  gösta ") == ["Gösta Berg"]
    assert await _found(world, "HANINGE") == ["Margit Holm"]
    assert await _found(world, "soppa") == ["Margit Holm"]  # her tag
    assert await _found(world, "sopp") == []  # a tag is matched whole
    assert await _found(world, "070-174 06 06") == ["Gösta Berg"]
    assert await _found(world, "46701740608") == ["John Smith"]
    assert await _found(world, "nobody") == []
    assert await _found(world, "", limit=2) == ["Anna Lindqvist", "Gösta Berg"]


async def test_a_name_starting_with_a_swedish_letter_is_found_in_lower_case(
    world: World,
) -> None:
    async with world.db.transaction() as session:
        await upsert_people(
            session,
            Role.SENIOR,
            [clean_person(name="Åsa Öberg", phone="+46701740611", area="Älvsjö")],
        )
    assert await _found(world, "åsa") == ["Åsa Öberg"]
    assert await _found(world, "ÖBERG") == ["Åsa Öberg"]
    assert await _found(world, "älvsjö") == ["Åsa Öberg"]


async def test_each_row_says_what_the_coordinator_must_know(world: World) -> None:
    await add_seniors(world)
    await text_in(world, MARGIT, "STOPP")
    async with world.db.reading() as session:
        rows = {row.name: row for row in await search_seniors(session)}
    margit = rows["Margit Holm"]
    assert (margit.phone, margit.area, margit.tags, margit.opted_out) == (
        MARGIT,
        "Haninge",
        ["soppa"],
        True,
    )
    assert not rows["Gösta Berg"].opted_out
    assert rows["John Smith"].lang == "en"


async def test_a_channel_is_working_blocked_or_unsubscribed(world: World) -> None:
    await add_seniors(world)
    async with world.db.transaction() as session:
        for phone, reason in ((GOSTA, "30006: landline"), (ANNA, "21610: unsubscribed")):
            address = await session.scalar(select(Address).where(Address.value == phone))
            assert address is not None
            address.unusable_at = world.clock.now
            address.unusable_reason = reason
    await text_in(world, MARGIT, "STOPP")

    async def health(phone: str) -> list[ChannelHealth]:
        async with world.db.reading() as session:
            address = await session.scalar(select(Address).where(Address.value == phone))
            assert address is not None
            assert address.senior_id is not None
            senior = await session.get(Senior, address.senior_id)
            assert senior is not None
            return [channel.health for channel in await channels_of(session, senior)]

    assert await health("+46701740608") == [ChannelHealth.WORKING]
    assert await health(GOSTA) == [ChannelHealth.BLOCKED]
    assert await health(ANNA) == [ChannelHealth.UNSUBSCRIBED]  # Twilio's STOP (21610)
    assert await health(MARGIT) == [ChannelHealth.UNSUBSCRIBED]  # our STOPP


async def test_the_conversation_shows_the_newest_messages_oldest_first(world: World) -> None:
    ids = await add_seniors(world)
    for text in ("hej", "bra tack", "vad blir det för mat"):
        await text_in(world, GOSTA, text)
        world.clock.advance(minutes=1)
    async with world.db.reading() as session:
        everything = await conversation(session, ids["Gösta"])
        last_two = await conversation(session, ids["Gösta"], limit=2)
    said = [m.body for m in everything if m.direction == "in"]
    assert said == ["hej", "bra tack", "vad blir det för mat"]
    assert [m.created_at for m in everything] == sorted(m.created_at for m in everything)
    assert [m.id for m in last_two] == [m.id for m in everything[-2:]]


async def test_the_check_in_history_covers_twelve_weeks(world: World) -> None:
    ids = await add_seniors(world)
    await ask(world)
    world.clock.advance(minutes=10)
    await text_in(world, GOSTA, "bra")
    world.clock.advance(weeks=11)
    await ask(world)
    window = timedelta(hours=4)
    async with world.db.reading() as session:
        rows = await checkin_history(session, ids["Gösta"], world.clock.now, window)
        later = await checkin_history(
            session, ids["Gösta"], world.clock.now + timedelta(weeks=2), window
        )
    assert [(row.status, row.mood) for row in rows] == [
        (CheckInStatus.WAITING, None),  # newest first
        (CheckInStatus.ANSWERED, "good"),
    ]
    assert [row.status for row in later] == [CheckInStatus.MISSED]


async def test_cases_and_lunches_of_one_senior_newest_first(world: World) -> None:
    ids = await add_seniors(world)
    first = await world.open(GOSTA)
    world.clock.advance(hours=1)
    second = await world.open(GOSTA, quote="ring igen")
    await world.open(MARGIT)
    starts = world.clock.now.astimezone(STOCKHOLM) + timedelta(days=7)
    async with world.db.transaction() as session:
        events = [
            (await add_events(session, world.shell, new, every_weeks=None, count=None))[0]
            for new in (
                NewEvent(title="Soppluncn", venue="Träffpunkten", starts_at=starts),
                NewEvent(title="Julfika", venue="Kyrkan", starts_at=starts + timedelta(days=7)),
            )
        ]
        for event in events:
            await record_rsvp(session, event.id, ids["Gösta"], "yes", 1, world.clock.now)
    async with world.db.reading() as session:
        cases = await cases_of(session, ids["Gösta"])
        lunches = await lunches_of(session, ids["Gösta"])
    assert [case.id for case in cases] == [second, first]
    assert [(lunch["title"], lunch["answer"], lunch["guests"]) for lunch in lunches] == [
        ("Julfika", "yes", 1),
        ("Soppluncn", "yes", 1),
    ]


def test_the_mood_chart_counts_answers_and_misses_by_the_local_week() -> None:
    now = datetime(2026, 12, 9, 12, 0, tzinfo=UTC)  # Wednesday
    history = [
        # 00:30 on Monday 7 December in Stockholm, still Sunday in UTC.
        CheckInHistoryRow(
            datetime(2026, 12, 6, 23, 30, tzinfo=UTC),
            datetime(2026, 12, 6, 23, 40, tzinfo=UTC),
            "good",
            CheckInStatus.ANSWERED,
        ),
        CheckInHistoryRow(
            datetime(2026, 12, 1, 9, 0, tzinfo=UTC), None, None, CheckInStatus.MISSED
        ),
        CheckInHistoryRow(
            datetime(2026, 12, 9, 9, 0, tzinfo=UTC), None, None, CheckInStatus.WAITING
        ),
    ]
    weeks = weeks_of(history, STOCKHOLM, now)
    assert len(weeks) == 12
    this_week, last_week = weeks[-1], weeks[-2]
    assert this_week.week_start == date(2026, 12, 7)
    assert (this_week.good, this_week.missed, this_week.answered) == (1, 0, 1)
    assert (last_week.good, last_week.missed) == (0, 1)
    assert sum(week.answered + week.missed for week in weeks) == 2
