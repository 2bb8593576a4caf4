"""When an event's invitation, second ask and reminder go out: pure rules.

The invitation `invite_days_before` the event, or at once when that is past
(an event added at short notice); one gentle second ask two days later (and
before the answer deadline) to those who have not answered; a reminder
`remind_days_before` to those who said yes. All at 10:00 local time; a stage
that would not fall between its neighbours is left out.

A reminder never comes less than `REMINDER_AFTER_INVITATION` (24 hours) after
its invitation: pushed later within its own day if need be, and left out
rather than pushed onto a later day. Quiet hours and pacing are applied later,
where the messages get their time.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from scheduler.quiet_hours import first_instant_at_or_after, require_aware

SEND_AT = time(10, 0)
SECOND_ASK_AFTER = timedelta(days=2)
REMINDER_AFTER_INVITATION = timedelta(hours=24)


class InvitationStage(StrEnum):
    """The timer kinds of an event's stages."""

    INVITE = "invite"
    SECOND_ASK = "second_ask"
    REMIND = "remind"


def local_send_time(day: date, tz: ZoneInfo) -> datetime:
    """10:00 on `day` in `tz` (or the first instant after, on a DST gap)."""
    return first_instant_at_or_after(datetime.combine(day, SEND_AT), tz)


def invitation_plan(
    starts_at: datetime,
    tz: ZoneInfo,
    *,
    invite_days_before: int,
    remind_days_before: int,
    rsvp_by: datetime | None,
    now: datetime | None = None,
) -> list[tuple[InvitationStage, datetime]]:
    """The stages of an event starting at `starts_at`, each with when it is
    due; none before `now` when given (the time the event is added)."""
    local_day = starts_at.astimezone(tz).date()
    invite_at = local_send_time(local_day - timedelta(days=invite_days_before), tz)
    if now is not None:
        invite_at = max(invite_at, require_aware(now, "now"))
    planned_remind = local_send_time(local_day - timedelta(days=remind_days_before), tz)
    remind_at = max(planned_remind, invite_at + REMINDER_AFTER_INVITATION)
    second_at = invite_at + SECOND_ASK_AFTER
    if rsvp_by is not None:
        second_at = min(second_at, rsvp_by - timedelta(days=1))
    plan = [(InvitationStage.INVITE, invite_at)]
    if invite_at < second_at < min(remind_at, starts_at):
        plan.append((InvitationStage.SECOND_ASK, second_at))
    same_day = remind_at.astimezone(tz).date() == planned_remind.astimezone(tz).date()
    if same_day and remind_at < starts_at:
        plan.append((InvitationStage.REMIND, remind_at))
    return plan
