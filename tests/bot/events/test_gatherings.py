"""Adding events: checked input, a weekly series, and the timers of each stage."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from bot.core.shell import Shell
from bot.db.database import Database
from bot.db.models import Event, Timer
from bot.db.timers import event_subject
from bot.events.gatherings import EventError, NewEvent, add_events
from tests.bot.builders import sms_shell
from tests.fakes.clock import Clock

STOCKHOLM = ZoneInfo("Europe/Stockholm")
LUNCH = NewEvent(
    title="Sopplunch",
    venue="Utsikten",
    starts_at=datetime(2026, 12, 16, 12, 0, tzinfo=STOCKHOLM),
    capacity=40,
)


@pytest.fixture
def shell(db_url: str) -> Shell:
    return sms_shell(db_url, Clock())


async def test_an_event_gets_one_timer_per_stage(db: Database, shell: Shell) -> None:
    async with db.transaction() as session:
        (event,) = await add_events(session, shell, LUNCH, every_weeks=None, count=None)
        kinds = list(
            await session.scalars(
                select(Timer.kind)
                .where(Timer.subject == event_subject(event.id))
                .order_by(Timer.due_at)
            )
        )
    assert kinds == ["invite", "second_ask", "remind"]


async def test_a_series_adds_one_event_a_week(db: Database, shell: Shell) -> None:
    async with db.transaction() as session:
        events = await add_events(session, shell, LUNCH, every_weeks=1, count=3)
    days = [event.starts_at.astimezone(STOCKHOLM).date().isoformat() for event in events]
    assert days == ["2026-12-16", "2026-12-23", "2026-12-30"]
    assert len({event.series for event in events}) == 1


@pytest.mark.parametrize(
    ("change", "complaint"),
    [
        ({"capacity": 0}, "capacity"),
        ({"remind_days_before": 7}, "reminder"),
        ({"starts_at": datetime(2026, 11, 1, 12, 0, tzinfo=STOCKHOLM)}, "future"),
        ({"starts_at": datetime(2026, 12, 16, 12, 0)}, "date and time"),
    ],
)
async def test_an_event_that_cannot_be_is_refused_with_the_reason(
    db: Database, shell: Shell, change: dict[str, object], complaint: str
) -> None:
    wrong = NewEvent(**{**LUNCH.__dict__, **change})  # type: ignore[arg-type]
    async with db.transaction() as session:
        with pytest.raises(EventError, match=complaint):
            await add_events(session, shell, wrong, every_weeks=None, count=None)


@pytest.mark.parametrize(("every_weeks", "count"), [(None, 4), (1, 0)], ids=["alone", "zero"])
async def test_a_series_length_without_a_series_is_refused_not_dropped(
    db: Database, shell: Shell, every_weeks: int | None, count: int
) -> None:
    async with db.transaction() as session:
        with pytest.raises(EventError, match="--count needs --every ") as refused:
            await add_events(session, shell, LUNCH, every_weeks=every_weeks, count=count)
    assert refused.value.field == "count"
    async with db.reading() as session:
        assert await session.scalar(select(func.count()).select_from(Event)) == 0
