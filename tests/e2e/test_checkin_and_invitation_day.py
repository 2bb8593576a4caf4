"""One ordinary day: a check-in and a lunch invitation for the same 30 seniors.

Replies "bra tack", "1", "ja vi blir två" and silence, end to end against the
fake Twilio: each senior gets at most two texts Hejsan starts that day (the
check-in and the invitation go as one), every check-in answer lands on the
check-in, every RSVP on the event, "1" is asked about, and nobody's one
silent day opens a "no reply" case.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot.campaigns.occurrences import run_campaign
from bot.core.config import CampaignConfig
from bot.core.phone import normalize_phone
from bot.db.models import Address, CheckInResult, Escalation, Message, Rsvp
from bot.events.gatherings import NewEvent, add_events
from bot.people.directory import Role, clean_person, upsert_people
from bot.turns.timer_handlers import fire_due_timers
from tests.e2e.conftest import Service

STOCKHOLM = ZoneInfo("Europe/Stockholm")
CHECKIN = CampaignConfig(name="morgonkoll", kind="checkin", schedule="0 10 * * *")
MORNING = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)  # 10:00 in Stockholm, a Wednesday
REPLIES = ("bra tack", "1", "ja vi blir två", None)


async def thirty_seniors(service: Service) -> dict[str, str]:
    """Anna and John (from the fixture) and 28 more: number -> reply."""
    extra = [clean_person(name=f"Senior {n}", phone=f"070-174 06 {n}") for n in range(30, 58)]
    async with service.db.transaction() as session:
        await upsert_people(session, Role.SENIOR, extra)
    numbers = sorted(
        [normalize_phone("070-174 06 05"), normalize_phone("070-174 06 08")]
        + [normalize_phone(f"070-174 06 {n}") for n in range(30, 58)]
    )
    assert len(numbers) == 30
    return {number: REPLIES[i % 4] for i, number in enumerate(numbers)}


async def proactive_texts_per_senior(service: Service, day: datetime) -> Counter[int]:
    """Texts Hejsan started per senior on `day`'s local date (rows sent as
    one text count once)."""
    async with service.db.sessions() as session:
        rows = await session.execute(
            select(Message.senior_id, Message.sent_at).where(
                Message.kind == "proactive", Message.sent_at.is_not(None)
            )
        )
        sent = {
            (senior_id, at)
            for senior_id, at in rows
            if at.astimezone(STOCKHOLM).date() == day.astimezone(STOCKHOLM).date()
        }
    return Counter(senior_id for senior_id, _ in sent)


async def test_checkin_and_lunch_invitation_on_one_day_for_thirty_seniors(
    service: Service,
) -> None:
    shell = service.runtime.shell
    replies = await thirty_seniors(service)
    service.clock.now = MORNING
    lunch = NewEvent(
        title="Sopplunch",
        venue="Restaurang Utsikten",
        starts_at=datetime(2026, 12, 9, 12, 0, tzinfo=STOCKHOLM),
        price="50 kr",
    )
    service.clock.now = MORNING - timedelta(days=7)
    async with service.db.transaction() as session:
        (event,) = await add_events(session, shell, lunch, every_weeks=None, count=None)
    service.clock.now = MORNING

    await run_campaign(service.db, shell, CHECKIN, MORNING)  # the 10:00 check-in
    await fire_due_timers(service.db, shell)  # the invitation, due the same morning
    await service.deliver()
    for number in replies:
        (text,) = service.sms_to(number)
        assert "Hur mår du" in text or "How are you" in text
        assert "Sopplunch" in text

    service.clock.advance(minutes=10)
    for number, reply in replies.items():
        if reply is not None:
            await service.sms(number, reply)
    await service.deliver()
    for number, reply in replies.items():
        if reply == "1":
            asked = service.sms_to(number)[-1]
            assert "MÅR eller INBJUDAN" in asked or "FEELING or INVITATION" in asked

    for _ in range(12):  # the rest of the day, into the next morning
        service.clock.advance(hours=2)
        await fire_due_timers(service.db, shell)
        await service.deliver()

    async with service.db.sessions() as session:
        ids = {
            value: senior_id
            for senior_id, value in await session.execute(
                select(Address.senior_id, Address.value).where(Address.senior_id.is_not(None))
            )
        }
        moods = {
            row.senior_id: (row.mood, row.answered_at is not None)
            for row in await session.scalars(
                select(CheckInResult).where(CheckInResult.campaign == CHECKIN.name)
            )
        }
        rsvps = {
            row.senior_id: (row.answer, row.guests)
            for row in await session.scalars(select(Rsvp).where(Rsvp.event_id == event.id))
        }
        cases = list(
            await session.scalars(select(Escalation.reason).where(Escalation.reason == "no_reply"))
        )
    per_senior = await proactive_texts_per_senior(service, MORNING)
    assert max(per_senior.values()) <= 2
    assert len(per_senior) == 30
    for number, reply in replies.items():
        senior_id = ids[number]
        if reply == "bra tack":
            assert moods[senior_id] == ("good", True)
        if reply == "ja vi blir två":
            assert rsvps[senior_id] == ("yes", 1)
        if reply in ("1", None):
            assert senior_id not in rsvps, "no guess at the lunch"
            assert moods[senior_id] == (None, False)
    assert cases == []
