"""Demo data for the embedded defaults: a few seniors, volunteers and a soup lunch.

Seeded on first run only (when there are no seniors yet), so a coordinator
trying Hejsan sees something at once and their real data is never touched.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Event, Senior
from bot.people.directory import Role, clean_person, upsert_people

# Numbers from the range PTS reserves for fiction (070-174 06 05 to 070-174 06 99).
DEMO_SENIORS = [
    ("Anna Lindqvist", "070-174 06 05", "sv", ["tyreso", "sopplunch"]),
    ("Gösta Berg", "070-174 06 06", "sv", ["tyreso"]),
    ("Margit Holm", "070-174 06 07", "sv", ["tyreso", "sopplunch"]),
    ("John Smith", "070-174 06 08", "en", ["tyreso"]),
]
DEMO_VOLUNTEERS = [
    ("Karin Ek", "070-174 06 20", "Väntjänsten", ""),
    ("Ali Hassan", "070-174 06 21", "Väntjänsten", ""),
    ("Lena Sjö", "070-174 06 22", "PRO Tyresö", "mon-fri 09:00-17:00"),
]


def _next_wednesday_noon(now: datetime, zone: ZoneInfo) -> datetime:
    local = now.astimezone(zone)
    days = (2 - local.weekday()) % 7 or 7
    day = (local + timedelta(days=days)).date()
    return datetime.combine(day, time(12, 0), tzinfo=zone)


async def seed_demo(session: AsyncSession, timezone: str, now: datetime) -> bool:
    """Add the demo people and a lunch if the database has no seniors; True if seeded."""
    if await session.scalar(select(func.count()).select_from(Senior)):
        return False
    seniors = [
        clean_person(name=n, phone=p, lang=lang, tags=tags) for n, p, lang, tags in DEMO_SENIORS
    ]
    volunteers = [
        clean_person(name=n, phone=p, org=org, availability=hours)
        for n, p, org, hours in DEMO_VOLUNTEERS
    ]
    await upsert_people(session, Role.SENIOR, seniors, actor="demo", now=now)
    await upsert_people(session, Role.VOLUNTEER, volunteers, actor="demo", now=now)
    session.add(
        Event(
            title="Sopplunch",
            venue="Restaurang Utsikten",
            starts_at=_next_wednesday_noon(now, ZoneInfo(timezone)),
            capacity=40,
            price="50 kr",
            audience_tag="sopplunch",
        )
    )
    await session.flush()
    return True
