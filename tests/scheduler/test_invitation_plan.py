"""When an event's invitation, second ask and reminder go out, without a database."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from scheduler.invitation_plan import InvitationStage, invitation_plan, local_send_time

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
