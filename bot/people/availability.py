"""Whether any volunteer is on duty now: the senior is told honestly when
someone will call. The windows themselves are pure rules in
`scheduler.duty_windows`.

Text that cannot be read counts as "any time" (logged): a possible unwanted
alert is better than a missed senior.
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.logs import log_event
from bot.core.shell import Shell
from bot.db.models import CloseContact, Volunteer
from scheduler.duty_windows import (
    AvailabilityError,
    Window,
    next_start,
    on_duty,
    parse_availability,
)

log = logging.getLogger("hejsan.escalations")


def volunteer_windows(volunteer: Volunteer | str) -> tuple[Window, ...] | None:
    text = volunteer if isinstance(volunteer, str) else volunteer.availability
    try:
        return parse_availability(text or "")
    except AvailabilityError as exc:
        # Better an alert they can answer NEJ to than a senior nobody hears.
        log_event(log, "volunteer.availability_unreadable", logging.WARNING, error=str(exc))
        return None


# A close contact helps one senior only: not "help on duty" for everyone.
_ON_DUTY_TEXTS = select(Volunteer.availability).where(
    Volunteer.active, Volunteer.id.not_in(select(CloseContact.volunteer_id))
)


async def help_availability(
    session: AsyncSession, shell: Shell, now: datetime
) -> tuple[bool, datetime | None]:
    """Is a volunteer on duty now, and if not, when does the next shift start?

    (False, None) when there is no active volunteer at all: the senior is
    told "as soon as someone can" rather than a time nobody will keep.
    """
    texts = list(await session.scalars(_ON_DUTY_TEXTS))
    if not texts:
        return False, None
    local = now.astimezone(shell.tz)
    starts = []
    for text in texts:
        windows = volunteer_windows(text)
        if on_duty(windows, local):
            return True, None
        assert windows is not None
        begins = next_start(windows, local)
        if begins is not None:
            starts.append(begins)
    return False, min(starts) if starts else None
