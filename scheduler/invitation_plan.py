"""When an event's invitation, second ask and reminder go out: pure rules.

The invitation `invite_days_before` the event, one gentle second ask two days
later (and before the answer deadline) to those who have not answered, and a
reminder `remind_days_before` to those who said yes. All at 10:00 local time;
a stage that would not fall between its neighbours is left out.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from scheduler.quiet_hours import first_instant_at_or_after

SEND_AT = time(10, 0)
SECOND_ASK_AFTER = timedelta(days=2)


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
) -> list[tuple[InvitationStage, datetime]]:
    """The stages of an event starting at `starts_at`, each with when it is due."""
    local_day = starts_at.astimezone(tz).date()
    invite_at = local_send_time(local_day - timedelta(days=invite_days_before), tz)
    remind_at = local_send_time(local_day - timedelta(days=remind_days_before), tz)
    second_at = invite_at + SECOND_ASK_AFTER
    if rsvp_by is not None:
        second_at = min(second_at, rsvp_by - timedelta(days=1))
    plan = [(InvitationStage.INVITE, invite_at)]
    if invite_at < second_at < remind_at:
        plan.append((InvitationStage.SECOND_ASK, second_at))
    if invite_at < remind_at < starts_at:
        plan.append((InvitationStage.REMIND, remind_at))
    return plan
