"""The escalation ladder's order and timing as pure rules: who next, and when.

Level 0 alerts the first volunteers; each later level the next ones, for
VOLUNTEER_LEVELS levels; then the coordinators. An urgent case alerts the
coordinators at once, and so does a level that finds no volunteer. Nobody
answered within the claim timeout: the next level. Nobody to alert and no
volunteer on duty: try again when the next shift begins.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

# Volunteer levels before the coordinators are alerted (level 0 is the first).
VOLUNTEER_LEVELS = 2


@dataclass(frozen=True)
class ClaimTimeouts:
    """How long a level of alerts waits for a claim before the next one."""

    normal: timedelta
    urgent: timedelta

    @classmethod
    def from_minutes(cls, normal: float, urgent: float) -> ClaimTimeouts:
        return cls(timedelta(minutes=normal), timedelta(minutes=urgent))

    def for_case(self, *, urgent: bool) -> timedelta:
        return self.urgent if urgent else self.normal


def next_level(current: int, *, first: bool) -> int:
    """The level this step alerts: 0 when the case opens, else one more."""
    return 0 if first else current + 1


def volunteers_next(level: int, *, coordinators_alerted: bool, has_coordinators: bool) -> bool:
    """Are volunteers alerted at `level`? On the volunteer levels; past them only
    once the coordinators have been told (or when there are none to tell)."""
    return level < VOLUNTEER_LEVELS or coordinators_alerted or not has_coordinators


def coordinators_next(
    *, coordinators_alerted: bool, volunteers_found: bool, first: bool, urgent: bool
) -> bool:
    """Are the coordinators alerted now? Once only: when no volunteer was
    found, or at once for an urgent case."""
    if coordinators_alerted:
        return False
    return not volunteers_found or (first and urgent)


def next_step_at(
    now: datetime,
    *,
    alerted: bool,
    timeout: timedelta,
    help_available: bool,
    help_next: datetime | None,
) -> datetime | None:
    """When the ladder looks again: after the timeout if someone was alerted;
    else at the next shift when nobody is on duty; else never (nobody left)."""
    if alerted:
        return now + timeout
    if not help_available and help_next is not None:
        return help_next.astimezone(UTC)
    return None
