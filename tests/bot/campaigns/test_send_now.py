""" "Send now" from the console: today's occurrence at once, and never a
second text to anyone that day, however often or from wherever it is pressed."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.campaigns.occurrences import run_campaign, run_now
from bot.campaigns.send_now import send_now
from bot.core.config import CampaignConfig
from bot.core.shell import Shell
from bot.db.database import Database
from bot.people.directory import Role
from tests.bot.builders import ANNA, KARIN, add_person, sms_shell, texts_to
from tests.fakes.clock import Clock

MORGONKOLL = CampaignConfig(name="morgonkoll", kind="checkin", schedule="0 10 * * mon-fri")
TWICE_A_DAY = CampaignConfig(
    name="hälsning", kind="message", schedule="0 10,16 * * *", text={"sv": "Hej {name}!"}
)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """December 2026, UTC (Stockholm is an hour ahead); the 2nd is a Wednesday."""
    return datetime(2026, 12, day, hour, minute, tzinfo=UTC)


async def service(db: Database, now: datetime) -> tuple[Shell, Clock]:
    await add_person(db, Role.SENIOR, "Anna Lindqvist", ANNA)
    await add_person(db, Role.SENIOR, "Karin Ek", KARIN)
    clock = Clock(now)
    return sms_shell(db.url, clock), clock


async def texts(db: Database) -> list[int]:
    return [len(await texts_to(db, phone)) for phone in (ANNA, KARIN)]


async def test_pressed_twice_each_senior_is_asked_once(db: Database) -> None:
    shell, _ = await service(db, at(2, 11))
    first = await send_now(db, shell, MORGONKOLL)
    again = await send_now(db, shell, MORGONKOLL)
    assert (first.occurrence, first.planned, first.already_ran) == ("2026-12-02T10:00", 2, False)
    assert (again.planned, again.already_ran) == (0, True)
    assert await texts(db) == [1, 1]


async def test_pressed_before_the_schedule_the_scheduled_run_finds_it_done(db: Database) -> None:
    shell, clock = await service(db, at(2, 6))  # 07:00 in Stockholm
    assert (await send_now(db, shell, MORGONKOLL)).planned == 2
    clock.now = at(2, 9)  # 10:00: the scheduler fires
    fired = await run_campaign(db, shell, MORGONKOLL, at(2, 9))
    assert fired.already_ran
    assert await texts(db) == [1, 1]


async def test_on_a_day_off_the_schedule_it_still_sends_once(db: Database) -> None:
    shell, clock = await service(db, at(5, 11))  # Saturday
    first = await send_now(db, shell, MORGONKOLL)
    assert (first.occurrence, first.planned) == ("2026-12-05T00:00", 2)
    clock.now = at(5, 15)
    assert (await send_now(db, shell, MORGONKOLL)).already_ran
    assert await texts(db) == [1, 1]


async def test_the_day_is_the_local_one(db: Database) -> None:
    """23:30 UTC on Friday is already Saturday in Stockholm: a day off the schedule."""
    shell, _ = await service(db, at(4, 23, 30))
    report = await send_now(db, shell, MORGONKOLL)
    assert (report.occurrence, report.planned) == ("2026-12-05T00:00", 2)


async def test_the_next_day_it_sends_again(db: Database) -> None:
    shell, clock = await service(db, at(2, 11))
    await send_now(db, shell, MORGONKOLL)
    clock.now = at(3, 11)
    again = await send_now(db, shell, MORGONKOLL)
    assert (again.occurrence, again.planned) == ("2026-12-03T10:00", 2)


async def test_after_todays_last_run_pressing_it_sends_nothing_more(db: Database) -> None:
    """Twice a day: the 16:00 run went out; "send now" at 17:00 is that
    occurrence (as the command line's is), not a third text today."""
    shell, clock = await service(db, at(2, 15))
    await run_campaign(db, shell, TWICE_A_DAY, at(2, 15))  # the scheduled 16:00
    clock.now = at(2, 16)  # 17:00 in Stockholm
    report = await send_now(db, shell, TWICE_A_DAY)
    assert (report.occurrence, report.already_ran, report.planned) == (
        "2026-12-02T16:00",
        True,
        0,
    )
    assert await texts(db) == [1, 1]


async def test_the_console_and_the_command_line_share_one_key(db: Database) -> None:
    shell, _ = await service(db, at(2, 12))  # 13:00: between the two runs
    console = await send_now(db, shell, TWICE_A_DAY)
    command_line = await run_now(db, shell, TWICE_A_DAY)
    assert console.occurrence == command_line.occurrence == "2026-12-02T10:00"
    assert command_line.already_ran
    assert await texts(db) == [1, 1]
