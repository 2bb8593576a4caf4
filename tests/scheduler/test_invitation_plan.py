"""When an event's invitation, second ask and reminder go out, without a database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from scheduler.invitation_plan import (
    REMINDER_AFTER_INVITATION,
    InvitationStage,
    invitation_plan,
    local_send_time,
)

STOCKHOLM = ZoneInfo("Europe/Stockholm")
# Wednesday 16 December 2026, 12:00 in Stockholm: a soup lunch.
LUNCH = datetime(2026, 12, 16, 12, 0, tzinfo=STOCKHOLM)


def at_ten(day: int, month: int = 12) -> datetime:
    return datetime(2026, month, day, 10, 0, tzinfo=STOCKHOLM)


def test_a_week_ahead_invitation_a_second_ask_two_days_later_and_a_reminder() -> None:
    plan = invitation_plan(
        LUNCH, STOCKHOLM, invite_days_before=7, remind_days_before=1, rsvp_by=None
    )
    assert plan == [
        (InvitationStage.INVITE, at_ten(9)),
        (InvitationStage.SECOND_ASK, at_ten(11)),
        (InvitationStage.REMIND, at_ten(15)),
    ]


def test_the_second_ask_comes_a_day_before_an_early_answer_deadline() -> None:
    deadline = datetime(2026, 12, 14, 23, 0, tzinfo=STOCKHOLM)
    plan = dict(
        invitation_plan(
            LUNCH, STOCKHOLM, invite_days_before=7, remind_days_before=1, rsvp_by=deadline
        )
    )
    assert plan[InvitationStage.SECOND_ASK] == at_ten(11)
    early = datetime(2026, 12, 10, 23, 0, tzinfo=STOCKHOLM)
    plan = dict(
        invitation_plan(LUNCH, STOCKHOLM, invite_days_before=7, remind_days_before=1, rsvp_by=early)
    )
    assert plan[InvitationStage.SECOND_ASK] == datetime(2026, 12, 9, 23, 0, tzinfo=STOCKHOLM)


def test_no_second_ask_when_it_would_not_fall_before_the_reminder() -> None:
    plan = invitation_plan(
        LUNCH, STOCKHOLM, invite_days_before=3, remind_days_before=1, rsvp_by=None
    )
    assert [stage for stage, _ in plan] == [InvitationStage.INVITE, InvitationStage.REMIND]


def test_no_reminder_on_the_day_when_the_lunch_starts_before_ten() -> None:
    breakfast = datetime(2026, 12, 16, 8, 30, tzinfo=STOCKHOLM)
    plan = invitation_plan(
        breakfast, STOCKHOLM, invite_days_before=7, remind_days_before=0, rsvp_by=None
    )
    assert InvitationStage.REMIND not in dict(plan)


def test_send_time_is_ten_local_across_daylight_saving() -> None:
    summer = local_send_time(datetime(2026, 6, 1).date(), STOCKHOLM)
    winter = local_send_time(datetime(2026, 12, 1).date(), STOCKHOLM)
    assert summer.astimezone(UTC).hour == 8
    assert winter.astimezone(UTC).hour == 9


# --- an event added at short notice -------------------------------------------

Stage = InvitationStage


def short_notice(now: datetime, *, rsvp_by: datetime | None = None) -> dict[Stage, datetime]:
    plan = invitation_plan(
        LUNCH, STOCKHOLM, invite_days_before=7, remind_days_before=1, rsvp_by=rsvp_by, now=now
    )
    return dict(plan)


def local(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 12, day, hour, minute, tzinfo=STOCKHOLM)


def test_a_lunch_added_early_keeps_the_usual_plan() -> None:
    assert short_notice(local(1, 9)) == {
        Stage.INVITE: at_ten(9),
        Stage.SECOND_ASK: at_ten(11),
        Stage.REMIND: at_ten(15),
    }


def test_a_lunch_two_days_away_is_invited_now_and_reminded_a_day_later() -> None:
    now = local(14, 15, 30)
    stages = short_notice(now)
    assert stages[Stage.INVITE] == now
    assert stages[Stage.REMIND] == now + timedelta(hours=24)
    assert Stage.SECOND_ASK not in stages, "no room for a second ask before the reminder"


def test_a_lunch_tomorrow_gets_its_invitation_and_no_reminder() -> None:
    assert list(short_notice(local(15, 11))) == [Stage.INVITE]


@given(st.integers(min_value=0, max_value=10 * 24 * 60))
def test_no_reminder_within_24_hours_of_the_invitation(minutes_before: int) -> None:
    now = LUNCH - timedelta(minutes=minutes_before)
    stages = invitation_plan(
        LUNCH, STOCKHOLM, invite_days_before=7, remind_days_before=1, rsvp_by=None, now=now
    )
    (first, invite), *rest = stages
    assert first is Stage.INVITE
    assert invite >= now
    for stage, due in rest:
        assert invite < due < LUNCH
        if stage is Stage.REMIND:
            assert due - invite >= REMINDER_AFTER_INVITATION
