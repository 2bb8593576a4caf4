"""The demo's made-up people, lunch and check-in: what the embedded defaults
and the practice simulator start with.

Seeded on first run only (when there are no seniors yet), so a coordinator
trying Hejsan sees something at once and their real data is never touched.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.config import CampaignConfig
from bot.core.shell import Shell
from bot.db.models import Event, Senior
from bot.events.gatherings import schedule_stages
from bot.people.demo import demo_was_removed
from bot.people.directory import Role, clean_person, upsert_people

# On the embedded defaults (simulator, no campaigns configured): a weekday
# morning check-in, so the demo shows Hejsan asking and the answer buttons.
DEMO_CAMPAIGN = CampaignConfig(
    name="demo-incheckning",
    kind="checkin",
    schedule="0 10 * * mon-fri",
    text={},
)

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


async def seed_demo(session: AsyncSession, shell: Shell) -> bool:
    """Add the demo people and a lunch if the database has no seniors; True if
    seeded. The lunch's invitation is scheduled like any event's, so the
    simulator's "Ja vi blir två" answers a real invitation."""
    if await session.scalar(select(func.count()).select_from(Senior)):
        return False
    if await demo_was_removed(session):
        return False
    seniors = [
        clean_person(name=n, phone=p, lang=lang, tags=tags, demo=True)
        for n, p, lang, tags in DEMO_SENIORS
    ]
    volunteers = [
        clean_person(name=n, phone=p, org=org, availability=hours, demo=True)
        for n, p, org, hours in DEMO_VOLUNTEERS
    ]
    await upsert_people(session, Role.SENIOR, seniors, actor="demo", now=shell.now())
    await upsert_people(session, Role.VOLUNTEER, volunteers, actor="demo", now=shell.now())
    lunch = Event(
        title="Sopplunch",
        venue="Restaurang Utsikten",
        starts_at=_next_wednesday_noon(shell.now(), shell.tz),
        capacity=40,
        price="50 kr",
        audience_tag="sopplunch",
        invite_days_before=7,
        remind_days_before=1,
        created_at=shell.now(),
        demo=True,
    )
    session.add(lunch)
    await session.flush()
    schedule_stages(session, lunch, shell)
    await session.flush()
    return True
