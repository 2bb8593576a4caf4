"""When an event's invitation, second ask and reminder go out: a pure rule.

The invitation goes `invite_days_before` the event at 10:00 local time, or at
once when that is already past (an event added at short notice). A second
ask follows two days later, before the answer deadline, to those who have not
answered; a reminder `remind_days_before` the event to those who said yes.
Neither ever comes less than a day after the invitation: a stage that cannot
keep that distance is left out, never squeezed in (a reminder pushed onto
the event's own day too).
Quiet hours and pacing are applied later, where the messages get their time.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from scheduler.quiet_hours import first_instant_at_or_after, require_aware

__all__ = ["MIN_GAP", "SECOND_ASK_AFTER", "SEND_AT", "Stage", "invitation_plan"]

SEND_AT = time(10, 0)
SECOND_ASK_AFTER = timedelta(days=2)
# The least time between the invitation and any later message about it.
MIN_GAP = timedelta(hours=24)


class Stage(StrEnum):
    INVITE = "invite"
    SECOND_ASK = "second_ask"
    REMIND = "remind"


def _send_time(day: date, tz: ZoneInfo) -> datetime:
    return first_instant_at_or_after(datetime.combine(day, SEND_AT), tz)


def invitation_plan(
    starts_at: datetime,
    *,
    invite_days_before: int,
    remind_days_before: int,
    rsvp_by: datetime | None,
    now: datetime,
    tz: ZoneInfo,
) -> list[tuple[Stage, datetime]]:
    """The stages of one event with their due times, in order.

    `starts_at`, `rsvp_by` and `now` are aware; the due times are aware too
    (compare them, or store them as UTC).
    """
    start = require_aware(starts_at, "starts_at")
    current = require_aware(now, "now")
    local_day = start.astimezone(tz).date()
    invite_at = max(_send_time(local_day - timedelta(days=invite_days_before), tz), current)
    earliest_next = invite_at + MIN_GAP
    plan = [(Stage.INVITE, invite_at)]
    remind_at = max(_send_time(local_day - timedelta(days=remind_days_before), tz), earliest_next)
    second_at = invite_at + SECOND_ASK_AFTER
    if rsvp_by is not None:
        second_at = min(second_at, require_aware(rsvp_by, "rsvp_by") - timedelta(days=1))
    if earliest_next <= second_at < min(remind_at, start):
        plan.append((Stage.SECOND_ASK, second_at))
    if remind_at.astimezone(tz).date() < local_day:
        plan.append((Stage.REMIND, remind_at))
    return plan
