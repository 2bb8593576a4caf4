"""The demo a coordinator trying Hejsan sees first: made-up people from the
fiction number range, a soup lunch next Wednesday, a weekday check-in."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from bot.core.phone import normalize_phone
from bot.db.database import Database
from bot.db.models import Address, Event, Senior, Volunteer
from bot.events.demo_seed import DEMO_CAMPAIGN, DEMO_SENIORS, DEMO_VOLUNTEERS, seed_demo
from bot.people.directory import Role
from bot.people.labels import label_keys
from scheduler.schedules import next_occurrence
from tests.bot.builders import add_person, sms_shell
from tests.fakes.clock import Clock

DEMO_NUMBERS = [s[1] for s in DEMO_SENIORS] + [v[1] for v in DEMO_VOLUNTEERS]


async def seed(db: Database, now: datetime) -> bool:
    async with db.transaction() as session:
        return await seed_demo(session, sms_shell(db.url, Clock(now)))


async def lunch(db: Database) -> Event:
    async with db.reading() as session:
        event = await session.scalar(select(Event))
    assert event is not None
    return event


def test_every_demo_number_is_from_the_range_reserved_for_fiction() -> None:
    """070-174 06 05 to 06 99: a demo text can never reach a real person."""
    numbers = DEMO_NUMBERS
    for number in numbers:
        normalized = normalize_phone(number)
        assert normalized.startswith("+467017406")
        assert 5 <= int(normalized[-2:]) <= 99
    assert len(set(numbers)) == len(numbers)


def test_the_demo_check_in_asks_on_weekday_mornings() -> None:
    shell = sms_shell("sqlite://", Clock())
    friday_noon = datetime(2026, 12, 4, 11, 0, tzinfo=UTC)
    monday = next_occurrence(DEMO_CAMPAIGN.schedule, shell.tz, friday_noon)
    assert monday is not None
    assert monday.astimezone(shell.tz).isoformat() == "2026-12-07T10:00:00+01:00"
    assert DEMO_CAMPAIGN.kind == "checkin"


@pytest.mark.parametrize(
    ("now", "lunch_day"),
    [
        (datetime(2026, 12, 3, 10, 0, tzinfo=UTC), "2026-12-09"),  # Thursday
        (datetime(2026, 12, 8, 10, 0, tzinfo=UTC), "2026-12-09"),  # Tuesday: tomorrow
        # 23:30 UTC on Tuesday is already Wednesday 00:30 in Stockholm: a week on.
        (datetime(2026, 12, 8, 23, 30, tzinfo=UTC), "2026-12-16"),
    ],
    ids=["thursday", "tuesday", "tuesday-night-utc"],
)
async def test_the_lunch_is_the_next_wednesday_noon_in_local_time(
    db: Database, now: datetime, lunch_day: str
) -> None:
    assert await seed(db, now)
    event = await lunch(db)
    starts = event.starts_at.astimezone(sms_shell(db.url, Clock()).tz)
    assert (starts.date().isoformat(), starts.strftime("%H:%M")) == (lunch_day, "12:00")


async def test_everything_seeded_is_marked_demo_and_the_lunch_has_its_audience(
    db: Database,
) -> None:
    assert await seed(db, datetime(2026, 12, 2, 10, 0, tzinfo=UTC))
    event = await lunch(db)
    async with db.reading() as session:
        seniors = list(await session.scalars(select(Senior).order_by(Senior.id)))
        volunteers = list(await session.scalars(select(Volunteer).order_by(Volunteer.id)))
        numbers = set(await session.scalars(select(Address.value)))
    assert event.demo
    assert (event.title, event.venue, event.capacity, event.price) == (
        "Sopplunch",
        "Restaurang Utsikten",
        40,
        "50 kr",
    )
    assert all(person.demo for person in [*seniors, *volunteers])
    invited = [s.name for s in seniors if event.audience_tag in label_keys(s.tags)]
    assert invited == ["Anna Lindqvist", "Margit Holm"]
    assert {s.name: s.lang for s in seniors}["John Smith"] == "en"
    assert {v.name: v.availability for v in volunteers}["Lena Sjö"] == "mon-fri 09:00-17:00"
    assert numbers == {normalize_phone(number) for number in DEMO_NUMBERS}


async def test_a_real_volunteer_added_before_any_senior_is_left_as_they_are(
    db: Database,
) -> None:
    karin = await add_person(db, Role.VOLUNTEER, "Karin Lund", "+46701740655")
    assert await seed(db, datetime(2026, 12, 2, 10, 0, tzinfo=UTC))
    async with db.reading() as session:
        kept = await session.get_one(Volunteer, karin.id)
        demo_names = set(
            await session.scalars(select(Volunteer.name).where(Volunteer.demo.is_(True)))
        )
    assert (kept.name, kept.demo, kept.active) == ("Karin Lund", False, True)
    assert demo_names == {name for name, *_ in DEMO_VOLUNTEERS}
