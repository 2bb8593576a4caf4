"""A day's check-ins as the coordinator sees them: who answered (and how they
feel), who may still answer, who missed it; counted and listed alike."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.campaigns.definitions import add_campaign
from bot.console.queries.checkins import (
    UNPROMPTED,
    CheckInStatus,
    checkins_on,
    count_by_status,
    day_bounds,
    status_of,
)
from bot.db.models import CheckInResult
from tests.bot.console.queries.town import ANNA, GOSTA, add_seniors, ask, text_in
from tests.bot.escalations.world import World

TZ = ZoneInfo("Europe/Stockholm")
WINDOW = timedelta(hours=4)
DAY = date(2026, 12, 2)  # the world's clock starts at 11:00 that day in Stockholm


def test_a_question_is_waiting_until_its_window_closes_and_missed_from_then() -> None:
    asked = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)
    closes = asked + WINDOW
    assert status_of(asked, None, WINDOW, closes - timedelta(seconds=1)) is CheckInStatus.WAITING
    assert status_of(asked, None, WINDOW, closes) is CheckInStatus.MISSED
    late_answer = closes + timedelta(hours=3)
    assert status_of(asked, late_answer, WINDOW, late_answer) is CheckInStatus.ANSWERED


def test_a_day_is_the_local_day_even_when_the_clocks_go_back() -> None:
    start, end = day_bounds(date(2026, 10, 25), TZ)
    assert start.astimezone(UTC) == datetime(2026, 10, 24, 22, 0, tzinfo=UTC)
    assert end - start == timedelta(hours=24)  # wall clock: midnight to midnight
    assert end.astimezone(UTC) - start.astimezone(UTC) == timedelta(hours=25)


async def _counts(world: World) -> dict[str, int]:
    async with world.db.reading() as session:
        counts = await count_by_status(session, DAY, TZ, world.clock.now, WINDOW)
    return {status.value: count for status, count in counts.items()}


async def _names(world: World, status: CheckInStatus | None = None) -> list[str]:
    async with world.db.reading() as session:
        rows = await checkins_on(session, DAY, TZ, world.clock.now, WINDOW, status=status)
    return [row.senior for row in rows]


async def test_the_morning_check_in_sorts_everyone_asked(world: World) -> None:
    await add_seniors(world)
    await ask(world)
    world.clock.advance(minutes=20)
    await text_in(world, ANNA, "bra tack")
    world.clock.advance(minutes=10)
    await text_in(world, GOSTA, "inte så bra idag")
    world.clock.advance(minutes=30)
    assert await _counts(world) == {"answered": 2, "waiting": 2, "missed": 0}
    async with world.db.reading() as session:
        rows = await checkins_on(session, DAY, TZ, world.clock.now, WINDOW)
    answered = {row.senior: row.mood for row in rows if row.status is CheckInStatus.ANSWERED}
    assert answered == {"Anna Lindqvist": "good", "Gösta Berg": "bad"}
    assert {row.campaign for row in rows} == {"morgonkoll"}

    world.clock.advance(hours=3, minutes=30)  # four hours after the question
    assert await _counts(world) == {"answered": 2, "waiting": 0, "missed": 2}
    assert sorted(await _names(world, CheckInStatus.MISSED)) == ["John Smith", "Margit Holm"]
    assert sorted(await _names(world, CheckInStatus.ANSWERED)) == [
        "Anna Lindqvist",
        "Gösta Berg",
    ]
    assert await _names(world, CheckInStatus.WAITING) == []


async def _asked(world: World, ids: dict[str, int], *rows: tuple[str, str, datetime]) -> None:
    async with world.db.transaction() as session:
        for name, campaign, asked_at in rows:
            session.add(
                CheckInResult(
                    senior_id=ids[name], campaign=campaign, occurrence="o", asked_at=asked_at
                )
            )


async def test_a_campaign_with_its_own_reply_window_is_missed_on_its_own_time(
    world: World,
) -> None:
    ids = await add_seniors(world)
    async with world.db.transaction() as session:
        await add_campaign(
            session,
            {
                "name": "snabbkoll",
                "kind": "checkin",
                "schedule": "0 10 * * *",
                "reply_window_hours": 1,
            },
            world.clock.now,
        )
    asked = world.clock.now
    await _asked(world, ids, ("Anna", "snabbkoll", asked), ("Gösta", "morgonkoll", asked))
    world.clock.advance(minutes=90)
    assert await _counts(world) == {"answered": 0, "waiting": 1, "missed": 1}
    async with world.db.reading() as session:
        rows = await checkins_on(session, DAY, TZ, world.clock.now, WINDOW)
    assert {row.senior: row.status for row in rows} == {
        "Anna Lindqvist": CheckInStatus.MISSED,
        "Gösta Berg": CheckInStatus.WAITING,
    }
    # The list filtered in the database agrees with each row's own status.
    assert await _names(world, CheckInStatus.MISSED) == ["Anna Lindqvist"]
    assert await _names(world, CheckInStatus.WAITING) == ["Gösta Berg"]


async def test_the_day_runs_midnight_to_midnight_in_stockholm_not_in_utc(world: World) -> None:
    ids = await add_seniors(world)
    await _asked(
        world,
        ids,
        ("Anna", "nattkoll", datetime(2026, 12, 1, 23, 30, tzinfo=UTC)),  # 00:30 on the 2nd
        ("Gösta", "kvällskoll", datetime(2026, 12, 2, 22, 59, tzinfo=UTC)),  # 23:59 on the 2nd
        ("Margit", "nattkoll", datetime(2026, 12, 2, 23, 0, tzinfo=UTC)),  # the 3rd
        ("John", "nattkoll", datetime(2026, 12, 1, 22, 59, tzinfo=UTC)),  # the 1st
    )
    world.clock.now = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)
    assert await _names(world) == ["Anna Lindqvist", "Gösta Berg"]
    assert sum((await _counts(world)).values()) == 2


async def test_a_mood_told_without_a_question_is_not_a_check_in(world: World) -> None:
    ids = await add_seniors(world)
    now = world.clock.now
    await _asked(world, ids, ("Anna", "morgonkoll", now), ("Margit", UNPROMPTED, now))
    assert await _names(world) == ["Anna Lindqvist"]
    assert await _counts(world) == {"answered": 0, "waiting": 1, "missed": 0}


async def test_a_short_page_shows_the_oldest_questions_first(world: World) -> None:
    ids = await add_seniors(world)
    now = world.clock.now
    await _asked(
        world,
        ids,
        ("Margit", "morgonkoll", now - timedelta(minutes=5)),
        ("Gösta", "morgonkoll", now - timedelta(minutes=50)),
        ("Anna", "morgonkoll", now - timedelta(minutes=20)),
    )
    async with world.db.reading() as session:
        page = await checkins_on(session, DAY, TZ, now, WINDOW, limit=2)
    assert [row.senior for row in page] == ["Gösta Berg", "Anna Lindqvist"]
