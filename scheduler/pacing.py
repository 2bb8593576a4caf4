"""Pacing: how often Hejsan may start contact with one senior.

Policy
------
A senior receives at most `daily_cap` Hejsan-initiated texts per local day
(default 2) and never two within `min_gap` of each other (default 30
minutes); a reminder about an event never goes less than
`reminder_after_invitation` (default 24 hours) after its invitation. A text
that may not go now is deferred to the first moment every rule allows, never
dropped, and quiet hours (`scheduler.quiet_hours`) are one of the rules.

Only proactive texts are paced: a reply to what the senior just wrote, and an
alert to a volunteer, go at once. Texts already sent *and* texts already
planned for later both count, so planning one text after another never puts
two together.

Pure: the caller passes the times (aware datetimes) and gets a time back; no
clock is read.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from scheduler.quiet_hours import QuietHours, first_instant_at_or_after, require_aware

DEFAULT_DAILY_CAP = 2
DEFAULT_MIN_GAP = timedelta(minutes=30)
DEFAULT_REMINDER_AFTER_INVITATION = timedelta(hours=24)


class PacingError(ValueError):
    """Pacing settings that cannot work (a cap below 1, a negative gap)."""


@dataclass(frozen=True, slots=True)
class Pacing:
    """The pacing rules for every senior (config `[pacing]`)."""

    daily_cap: int = DEFAULT_DAILY_CAP
    min_gap: timedelta = DEFAULT_MIN_GAP
    reminder_after_invitation: timedelta = DEFAULT_REMINDER_AFTER_INVITATION

    def __post_init__(self) -> None:
        if self.daily_cap < 1:
            raise PacingError(f"daily_cap must be at least 1, not {self.daily_cap}")
        if self.min_gap < timedelta(0):
            raise PacingError("min_gap must not be negative")
        if self.reminder_after_invitation < timedelta(0):
            raise PacingError("reminder_after_invitation must not be negative")

    def reminder_not_before(self, invitation_sent_at: datetime) -> datetime:
        """The earliest a reminder may go, given when its invitation went."""
        return require_aware(invitation_sent_at, "invitation_sent_at") + (
            self.reminder_after_invitation
        )

    def next_slot(
        self,
        others: Iterable[datetime],
        due: datetime,
        tz: ZoneInfo,
        quiet_hours: QuietHours,
        *,
        not_before: datetime | None = None,
    ) -> datetime:
        """The first moment at or after `due` (and `not_before`, e.g.
        `reminder_not_before(...)`) at which one more proactive text may go
        to a senior who has been sent, or is planned to be sent, texts at
        `others` (UTC or any aware times).

        The result is outside quiet hours, at least `min_gap` from each of
        `others`, and on a local day with fewer than `daily_cap` of them.
        """
        times = sorted(require_aware(moment, "others") for moment in others)
        moment = require_aware(due, "due")
        if not_before is not None:
            moment = max(moment, require_aware(not_before, "not_before"))
        # Every pass either returns or moves `moment` strictly later, past one
        # of finitely many obstacles (a text, a full day, a quiet period).
        for _ in range(4 * len(times) + 8):
            later = self._first_obstacle_end(times, moment, tz, quiet_hours)
            if later is None:
                return moment
            moment = later
        raise AssertionError("pacing did not settle; this is a bug")  # pragma: no cover

    def _first_obstacle_end(
        self, times: list[datetime], moment: datetime, tz: ZoneInfo, quiet_hours: QuietHours
    ) -> datetime | None:
        """None if a text may go at `moment`, else a later moment to try."""
        if quiet_hours.is_quiet(moment, tz):
            return quiet_hours.next_allowed(moment, tz)
        too_close = [t for t in times if abs(t - moment) < self.min_gap]
        if too_close:
            return max(too_close) + self.min_gap
        day = _local_day(moment, tz)
        if sum(1 for t in times if _local_day(t, tz) == day) >= self.daily_cap:
            return _start_of_next_day(day, tz)
        return None


def _local_day(moment: datetime, tz: ZoneInfo) -> date:
    return moment.astimezone(tz).date()


def _start_of_next_day(day: date, tz: ZoneInfo) -> datetime:
    next_midnight = datetime.combine(day + timedelta(days=1), datetime.min.time())
    return first_instant_at_or_after(next_midnight, tz)
