"""A senior's daily safety check as a coordinator sets it: the time, the
reminders, on or off, and the one timer row that asks it."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.db.database import Database
from bot.db.models import AuditEntry, Senior, Timer
from bot.people.directory import Role
from bot.people.safety_settings import (
    SAFETY_DAILY,
    SafetyCheckError,
    change_safety_check,
    clean_reminders,
    is_off,
    next_check_at,
    parse_reminders,
    parse_time,
    reminders_of,
)
from tests.bot.builders import ANNA, add_person

STOCKHOLM = ZoneInfo("Europe/Stockholm")
NOW = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)  # 11:00 in Stockholm


def minutes(*values: int) -> tuple[timedelta, ...]:
    return tuple(timedelta(minutes=m) for m in values)


@pytest.mark.parametrize(("text", "at"), [("09:30", time(9, 30)), ("9.30", time(9, 30))])
def test_a_time_of_day_is_read_with_a_colon_or_a_dot(text: str, at: time) -> None:
    assert parse_time(f" {text} ") == at


@pytest.mark.parametrize("text", ["25:00", "nio", "9", "09:30:00", "9:61"])
def test_a_time_that_is_not_one_names_what_was_written(text: str) -> None:
    with pytest.raises(SafetyCheckError) as wrong:
        parse_time(text)
    assert repr(text) in str(wrong.value)
    assert "09:30" in str(wrong.value)  # an example of what works


def test_reminders_are_minutes_after_the_check_in_order() -> None:
    assert parse_reminders("30,60") == minutes(30, 60)
    assert parse_reminders(" 15 , 45 ,") == minutes(15, 45)
    assert clean_reminders("30, 60 ") == "30,60"


@pytest.mark.parametrize("text", ["60,30", "30,30", "0,30", "30,241", "-5", "en halvtimme"])
def test_reminders_that_do_not_rise_within_four_hours_are_refused(text: str) -> None:
    with pytest.raises(SafetyCheckError) as wrong:
        parse_reminders(text)
    assert repr(text) in str(wrong.value)


def test_a_stored_value_that_cannot_be_read_never_silences_the_check() -> None:
    assert reminders_of(None) == minutes(30, 60)
    assert reminders_of("trasig") == minutes(30, 60)
    assert reminders_of("60,30") == minutes(30, 60)
    assert reminders_of("10") == minutes(10)


@pytest.mark.parametrize("text", ["off", " AV ", "Nej", "no", "none", ""])
def test_off_words_in_either_language_turn_the_check_off(text: str) -> None:
    assert is_off(text)


def test_a_time_is_not_an_off_word() -> None:
    assert not is_off("09:30")


def test_the_next_check_is_today_if_still_ahead_else_tomorrow() -> None:
    assert next_check_at(time(14, 0), NOW, STOCKHOLM) == datetime(
        2026, 12, 2, 14, 0, tzinfo=STOCKHOLM
    )
    assert next_check_at(time(9, 30), NOW, STOCKHOLM) == datetime(
        2026, 12, 3, 9, 30, tzinfo=STOCKHOLM
    )
    assert next_check_at(time(11, 0), NOW, STOCKHOLM) == datetime(
        2026, 12, 3, 11, 0, tzinfo=STOCKHOLM
    )


def test_the_check_keeps_its_local_time_over_the_spring_clock_change() -> None:
    saturday = datetime(2027, 3, 27, 12, 0, tzinfo=UTC)  # the clocks go forward that night
    due = next_check_at(time(9, 30), saturday, STOCKHOLM)
    assert due.astimezone(UTC) == datetime(2027, 3, 28, 7, 30, tzinfo=UTC)  # 09:30 CEST


async def change(
    db: Database,
    senior_id: int,
    at: str | None,
    reminders: str | None = None,
    actor: str | None = "coordinator:cli",
) -> datetime | None:
    async with db.transaction() as session:
        senior = await session.get_one(Senior, senior_id)
        return await change_safety_check(
            session, senior, at=at, reminders=reminders, now=NOW, tz=STOCKHOLM, actor=actor
        )


async def timers(db: Database) -> list[tuple[str, str, datetime]]:
    async with db.reading() as session:
        rows = await session.scalars(select(Timer))
        return [(t.subject, t.kind, t.due_at.astimezone(UTC)) for t in rows]


async def test_setting_a_time_starts_one_timer_and_moving_it_moves_that_timer(
    db: Database,
) -> None:
    anna = await add_person(db, Role.SENIOR, "Anna Lindqvist", ANNA)
    due = await change(db, anna.id, "09:30", "20,40")
    assert due == datetime(2026, 12, 3, 9, 30, tzinfo=STOCKHOLM)
    assert await timers(db) == [(f"senior:{anna.id}", SAFETY_DAILY, due.astimezone(UTC))]
    later = await change(db, anna.id, "14.15")
    assert later == datetime(2026, 12, 2, 14, 15, tzinfo=STOCKHOLM)
    assert await timers(db) == [(f"senior:{anna.id}", SAFETY_DAILY, later.astimezone(UTC))]
    async with db.reading() as session:
        stored = await session.get_one(Senior, anna.id)
    assert (stored.safety_check_at, stored.safety_reminders) == ("14:15", "20,40")


async def test_turning_it_off_drops_the_timer_and_keeps_the_reminders(db: Database) -> None:
    anna = await add_person(db, Role.SENIOR, "Anna Lindqvist", ANNA)
    await change(db, anna.id, "09:30", "15,45")
    assert await change(db, anna.id, None) is None
    assert await timers(db) == []
    async with db.reading() as session:
        stored = await session.get_one(Senior, anna.id)
    assert stored.safety_check_at is None
    assert stored.safety_reminders == "15,45"  # for the next time, and "KOLLA MIG OM"


async def test_a_bad_value_changes_nothing(db: Database) -> None:
    anna = await add_person(db, Role.SENIOR, "Anna Lindqvist", ANNA)
    await change(db, anna.id, "09:30")
    before = await timers(db)
    with pytest.raises(SafetyCheckError):
        await change(db, anna.id, "10:00", "60,30")
    with pytest.raises(SafetyCheckError):
        await change(db, anna.id, "tio")
    assert await timers(db) == before
    async with db.reading() as session:
        stored = await session.get_one(Senior, anna.id)
    assert (stored.safety_check_at, stored.safety_reminders) == ("09:30", "30,60")


async def test_each_change_is_audited_as_its_actor_unless_the_caller_audits(
    db: Database,
) -> None:
    anna = await add_person(db, Role.SENIOR, "Anna Lindqvist", ANNA)
    await change(db, anna.id, "09:30", actor="coordinator:cli")
    await change(db, anna.id, None, actor=None)  # the console writes its own row
    async with db.reading() as session:
        entries = list(
            await session.scalars(
                select(AuditEntry).where(AuditEntry.action == "senior.safety_check_changed")
            )
        )
    assert [(e.actor, e.senior_id, e.details) for e in entries] == [
        ("coordinator:cli", anna.id, {"at": "09:30", "reminders": "30,60"})
    ]
