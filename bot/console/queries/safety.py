"""Trygghetskoll / safety check: one senior's daily check and close contacts,
as the console page and the JSON API show them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Senior
from bot.db.timers import find_timer, senior_subject
from bot.people.close_contacts import ContactRow, list_close_contacts
from bot.people.safety_settings import SAFETY_DAILY, reminders_of


@dataclass(frozen=True)
class SafetyView:
    senior: Senior
    at: str | None  # "09:30", None when off
    reminders: tuple[int, ...]  # minutes after the check
    next_at: datetime | None  # when it is next asked (its timer row)
    contacts: list[ContactRow]

    @property
    def reminders_text(self) -> str:
        return ",".join(str(minutes) for minutes in self.reminders)

    @property
    def contacts_first(self) -> bool:
        """Is any close contact asked before the volunteers?"""
        return any(contact.first_tier for contact in self.contacts)


async def safety_view(session: AsyncSession, senior: Senior) -> SafetyView:
    timer = await find_timer(session, senior_subject(senior.id), SAFETY_DAILY)
    reminders = reminders_of(senior.safety_reminders)
    return SafetyView(
        senior=senior,
        at=senior.safety_check_at,
        reminders=tuple(int(r / timedelta(minutes=1)) for r in reminders),
        next_at=timer.due_at if timer is not None and senior.safety_check_at else None,
        contacts=await list_close_contacts(session, senior.id),
    )
