"""When an event's invitation, second ask and reminder go out."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from scheduler.invitation_timing import MIN_GAP, Stage, invitation_plan

STOCKHOLM = ZoneInfo("Europe/Stockholm")
LUNCH = datetime(2026, 12, 9, 12, 0, tzinfo=STOCKHOLM)  # Wednesday


def plan(now: datetime, *, rsvp_by: datetime | None = None) -> dict[Stage, datetime]:
    stages = invitation_plan(
        LUNCH, invite_days_before=7, remind_days_before=1, rsvp_by=rsvp_by, now=now, tz=STOCKHOLM
    )
    return dict(stages)


def local(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 12, day, hour, minute, tzinfo=STOCKHOLM)


def test_a_lunch_added_early_is_invited_a_week_before_and_reminded_the_day_before() -> None:
    stages = plan(local(1, 9))
    assert stages == {
        Stage.INVITE: local(2, 10).astimezone(UTC),
        Stage.SECOND_ASK: local(4, 10).astimezone(UTC),
        Stage.REMIND: local(8, 10).astimezone(UTC),
    }


def test_a_lunch_two_days_away_is_invited_now_and_reminded_a_day_later() -> None:
    now = local(7, 15, 30)
    stages = plan(now)
    assert stages[Stage.INVITE] == now
    assert stages[Stage.REMIND] == now + timedelta(hours=24)
    assert Stage.SECOND_ASK not in stages, "no room for a second ask before the reminder"


def test_a_lunch_tomorrow_gets_its_invitation_and_no_reminder() -> None:
    stages = plan(local(8, 11))
    assert list(stages) == [Stage.INVITE]


def test_an_early_answer_deadline_drops_a_second_ask_within_a_day_of_the_invitation() -> None:
    stages = plan(local(3, 9), rsvp_by=local(4, 23))
    assert Stage.SECOND_ASK not in stages


@given(st.integers(min_value=0, max_value=10 * 24 * 60))
def test_nothing_follows_the_invitation_within_24_hours(minutes_before: int) -> None:
    now = LUNCH - timedelta(minutes=minutes_before)
    stages = invitation_plan(
        LUNCH, invite_days_before=7, remind_days_before=1, rsvp_by=None, now=now, tz=STOCKHOLM
    )
    invite = stages[0][1]
    assert stages[0][0] is Stage.INVITE
    assert invite >= now
    for _, due in stages[1:]:
        assert due - invite >= MIN_GAP
        assert due < LUNCH
