"""Campaigns and soup lunches end to end: planned once, at a decent hour."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select, update

from bot.campaigns.definitions import seed_from_config
from bot.campaigns.occurrences import campaign_prompt, run_campaign, run_now
from bot.campaigns.service import CampaignService
from bot.core.config import CampaignConfig
from bot.db.models import CampaignRun, CheckInResult, Escalation, Message, Senior
from bot.events.gatherings import NewEvent, add_events, attendees, head_count
from bot.turns.invitation_stages import send_stage
from bot.turns.planning import plan
from bot.turns.timer_handlers import fire_due_timers
from scheduler.invitation_plan import InvitationStage
from scheduler.schedules import occurrence_key
from tests.e2e.conftest import Service

ANNA, JOHN = "+46701740605", "+46701740608"
CHECKIN = CampaignConfig(name="morgonkoll", kind="checkin", schedule="0 10 * * mon-fri")


async def outbox_count(service: Service, *where: object) -> int:
    async with service.db.sessions() as session:
        query = select(func.count()).select_from(Message).where(Message.direction == "out", *where)
        return int(await session.scalar(query) or 0)


async def test_checkin_reaches_everyone_once_even_when_run_twice(service: Service) -> None:
    first = await run_campaign(service.db, service.runtime.shell, CHECKIN, service.clock())
    second = await run_campaign(service.db, service.runtime.shell, CHECKIN, service.clock())
    assert first.planned == 2
    assert second.already_ran
    await service.deliver()
    assert len(service.sms_to(ANNA)) == 1
    assert "Hur mår du" in service.sms_to(ANNA)[0]
    assert "How are you" in service.sms_to(JOHN)[0]


async def test_restart_mid_occurrence_sends_no_duplicates(service: Service) -> None:
    shell = service.runtime.shell
    occurrence = occurrence_key(service.clock(), shell.tz)
    async with service.db.sessions() as session:
        ids = list(await session.scalars(select(Senior.id).order_by(Senior.id)))
    await plan(
        service.db,
        shell,
        name=CHECKIN.name,
        occurrence=occurrence,
        scheduled=service.clock(),
        senior_ids=ids[:1],
        make_prompt=lambda s: campaign_prompt(CHECKIN, occurrence, s, "sv"),
    )
    async with service.db.transaction() as session:  # as if the process died before the end
        await session.execute(update(CampaignRun).values(finished_at=None))
    report = await run_campaign(service.db, shell, CHECKIN, service.clock())
    assert report.planned == 1
    assert report.skipped["already_planned"] == 1
    assert await outbox_count(service) == 2


async def test_opted_out_and_paused_seniors_are_skipped_and_counted(service: Service) -> None:
    await service.sms(ANNA, "STOPP")
    async with service.db.transaction() as session:
        await session.execute(update(Senior).where(Senior.name == "John Smith").values(paused=True))
    before = await outbox_count(service)
    report = await run_campaign(service.db, service.runtime.shell, CHECKIN, service.clock())
    assert report.planned == 0
    assert report.skipped["opted_out"] == 1
    assert report.skipped["paused"] == 1
    assert await outbox_count(service) == before


async def test_campaign_planned_in_quiet_hours_waits_until_morning(service: Service) -> None:
    service.clock.now = datetime(2026, 12, 2, 21, 0, tzinfo=UTC)  # 22:00 in Stockholm
    await run_campaign(service.db, service.runtime.shell, CHECKIN, service.clock())
    await service.deliver()
    assert service.sms_to(ANNA) == []
    service.clock.now = datetime(2026, 12, 3, 8, 0, tzinfo=UTC)  # 09:00 the next morning
    await service.deliver()
    assert len(service.sms_to(ANNA)) == 1


async def test_answer_to_a_proactive_message_in_quiet_hours_goes_at_once(service: Service) -> None:
    service.clock.now = datetime(2026, 12, 2, 21, 0, tzinfo=UTC)
    await service.sms(ANNA, "ring mig")
    await service.deliver()
    assert len(service.sms_to(ANNA)) == 1


async def miss_checkin(service: Service, campaign: CampaignConfig = CHECKIN) -> None:
    """Run a check-in now, send what is due, and let its reply window, the
    one gentle follow-up and its window run out unanswered."""
    shell = service.runtime.shell
    await run_campaign(service.db, shell, campaign, service.clock())
    await service.deliver()
    for _ in range(3):
        service.clock.advance(hours=5)
        await fire_due_timers(service.db, shell)
        await service.deliver()


async def no_reply_cases(service: Service) -> list[Escalation]:
    async with service.db.sessions() as session:
        return list(
            await session.scalars(select(Escalation).where(Escalation.reason == "no_reply"))
        )


async def test_two_missed_checkins_in_a_row_open_a_no_reply_case(service: Service) -> None:
    for day in range(2):
        await miss_checkin(service)
        service.clock.now = datetime(2026, 12, 3 + day, 9, 0, tzinfo=UTC)
    cases = await no_reply_cases(service)
    assert len(cases) == 2
    assert len({case.senior_id for case in cases}) == 2
    follow_ups = [t for t in service.sms_to(ANNA) if "Hur mår du" not in t]
    assert follow_ups, "a gentle follow-up comes before the case is opened"


async def test_two_missed_checkins_on_one_day_open_no_case(service: Service) -> None:
    service.clock.now = datetime(2026, 12, 2, 8, 0, tzinfo=UTC)  # 09:00
    await miss_checkin(service)
    evening = CampaignConfig(name="kvällskoll", kind="checkin", schedule="0 16 * * mon-fri")
    service.clock.now = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)  # 13:00
    await miss_checkin(service, evening)
    assert await no_reply_cases(service) == []


async def test_a_checkin_that_never_went_out_is_not_counted_as_missed(service: Service) -> None:
    await miss_checkin(service)
    # The next check-in is planned at 22:00: deferred to the morning, and its
    # windows run out in the night before it was ever sent.
    service.clock.now = datetime(2026, 12, 2, 21, 0, tzinfo=UTC)
    evening = CampaignConfig(name="kvällskoll", kind="checkin", schedule="0 22 * * *")
    await run_campaign(service.db, service.runtime.shell, evening, service.clock())
    for _ in range(2):
        service.clock.advance(hours=4, minutes=30)
        await fire_due_timers(service.db, service.runtime.shell)
    assert service.clock.now < datetime(2026, 12, 3, 8, 0, tzinfo=UTC)
    async with service.db.sessions() as session:
        queued = await session.scalar(
            select(func.count()).where(Message.direction == "out", Message.status == "queued")
        )
    assert queued, "the evening check-in is still waiting for the morning"
    assert await no_reply_cases(service) == []


async def test_three_bad_days_in_a_row_open_a_low_mood_case(service: Service) -> None:
    shell = service.runtime.shell
    for day in range(3):
        service.clock.now = datetime(2026, 12, 2 + day, 9, 0, tzinfo=UTC)
        await run_campaign(service.db, shell, CHECKIN, service.clock())
        await service.sms(ANNA, "3")
    async with service.db.sessions() as session:
        reasons = list(await session.scalars(select(Escalation.reason)))
        moods = list(
            await session.scalars(select(CheckInResult.mood).where(CheckInResult.senior_id == 1))
        )
    assert reasons.count("low_mood") == 1
    assert moods == ["bad", "bad", "bad"]


async def test_missed_occurrence_is_caught_up_once_on_the_same_day(service: Service) -> None:
    shell = service.runtime.shell
    yesterday = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    service.clock.now = yesterday
    await run_campaign(service.db, shell, CHECKIN, yesterday)
    service.clock.now = datetime(2026, 12, 2, 12, 30, tzinfo=UTC)  # down at 10:00, up at 13:30
    shell.config.campaigns.append(CHECKIN)
    catcher = CampaignService(service.db, shell)
    await catcher.catch_up()
    await catcher.catch_up()
    async with service.db.sessions() as session:
        runs = list(await session.scalars(select(CampaignRun.occurrence).order_by(CampaignRun.id)))
    assert runs == ["2026-12-01T10:00", "2026-12-02T10:00"]


@pytest.mark.parametrize(
    ("created_utc_hour", "caught_up"), [(8, True), (10, False)], ids=["before", "after"]
)
async def test_a_first_occurrence_missed_while_no_leader_ran_is_caught_up(
    service: Service, created_utc_hour: int, caught_up: bool
) -> None:
    """A campaign that never ran: its 10:00 occurrence falls while the leader
    is dead; the next leader sends it, unless the campaign was made after it."""
    shell = service.runtime.shell
    async with service.db.transaction() as session:
        created = datetime(2026, 12, 2, created_utc_hour, 0, tzinfo=UTC)
        await seed_from_config(session, [CHECKIN], created)
    service.clock.now = datetime(2026, 12, 2, 9, 0, 20, tzinfo=UTC)  # 10:00:20, a new leader
    shell.config.campaigns.append(CHECKIN)
    await CampaignService(service.db, shell).catch_up()
    async with service.db.sessions() as session:
        runs = list(await session.scalars(select(CampaignRun.occurrence)))
    assert runs == (["2026-12-02T10:00"] if caught_up else [])


async def test_missed_occurrence_is_skipped_after_the_day_has_ended(service: Service) -> None:
    shell = service.runtime.shell
    await run_campaign(service.db, shell, CHECKIN, datetime(2026, 11, 30, 9, 0, tzinfo=UTC))
    service.clock.now = datetime(2026, 12, 2, 20, 30, tzinfo=UTC)  # 21:30, quiet hours
    shell.config.campaigns.append(CHECKIN)
    await CampaignService(service.db, shell).catch_up()
    async with service.db.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(CampaignRun)) == 1


@pytest.mark.parametrize("local_hour", [9, 11], ids=["before-the-hour", "after-the-hour"])
async def test_send_now_restart_and_schedule_on_one_day_send_once(
    service: Service, local_hour: int
) -> None:
    """ "Send now" is today's scheduled occurrence: the catch-up at a restart
    and the 10:00 fire find it done, whether it ran before or after 10:00."""
    shell = service.runtime.shell
    shell.config.campaigns.append(CHECKIN)
    service.clock.now = datetime(2026, 12, 2, local_hour - 1, 30, tzinfo=UTC)
    now_report = await run_now(service.db, shell, CHECKIN)
    assert now_report.occurrence == "2026-12-02T10:00"
    assert now_report.planned == 2
    service.clock.now = datetime(2026, 12, 2, 10, 45, tzinfo=UTC)  # restarted at 11:45
    restarted = CampaignService(service.db, shell)
    await restarted.catch_up()
    scheduled = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)  # 10:00 in Stockholm
    fired = await run_campaign(service.db, shell, CHECKIN, scheduled)
    assert fired.already_ran
    await service.deliver()
    assert [len(service.sms_to(number)) for number in (ANNA, JOHN)] == [1, 1]
    async with service.db.sessions() as session:
        runs = list(await session.scalars(select(CampaignRun.occurrence)))
    assert runs == ["2026-12-02T10:00"]


async def lunch(service: Service, capacity: int) -> int:
    new = NewEvent(
        title="Sopplunch",
        venue="Restaurang Utsikten",
        starts_at=datetime(2026, 12, 9, 11, 0, tzinfo=UTC),
        capacity=capacity,
        price="50 kr",
    )
    async with service.db.transaction() as session:
        (event,) = await add_events(
            session, service.runtime.shell, new, every_weeks=None, count=None
        )
    return event.id


async def test_lunch_invitation_capacity_counts_guests_and_waiting_list(service: Service) -> None:
    event_id = await lunch(service, capacity=2)
    await send_stage(service.db, service.runtime.shell, event_id, InvitationStage.INVITE)
    await service.deliver()
    assert "Sopplunch" in service.sms_to(ANNA)[0]
    await service.sms(ANNA, "Ja vi blir två")
    await service.sms(JOHN, "yes please")
    await service.deliver()
    assert "onsdag 9 december" in service.sms_to(ANNA)[-1]
    assert "waiting list" in service.sms_to(JOHN)[-1].lower()
    async with service.db.sessions() as session:
        _, people = await attendees(session, event_id)
    assert head_count(people) == 2
    assert [p["answer"] for p in people if p["name"] == "John Smith"] == ["waitlist"]


async def test_cancellation_offers_the_place_to_the_first_on_the_waiting_list(
    service: Service,
) -> None:
    event_id = await lunch(service, capacity=1)
    await send_stage(service.db, service.runtime.shell, event_id, InvitationStage.INVITE)
    await service.sms(ANNA, "ja")
    await service.sms(JOHN, "yes")
    await service.sms(ANNA, "jag kan inte komma ändå")
    await fire_due_timers(service.db, service.runtime.shell)
    await service.deliver()
    offer = service.sms_to(JOHN)[-1]
    assert "place" in offer.lower()
    await service.sms(JOHN, "yes")
    async with service.db.sessions() as session:
        _, people = await attendees(session, event_id)
    assert {p["name"]: p["answer"] for p in people} == {"John Smith": "yes", "Anna Lindqvist": "no"}


async def test_reminder_goes_the_day_before_to_those_coming(service: Service) -> None:
    event_id = await lunch(service, capacity=40)
    shell = service.runtime.shell
    await fire_due_timers(service.db, shell)  # invitation is due (the event is a week away)
    await service.deliver()
    await service.sms(ANNA, "ja")
    service.clock.now = datetime(2026, 12, 8, 9, 30, tzinfo=UTC)
    await fire_due_timers(service.db, shell)
    await service.deliver()
    reminder = service.sms_to(ANNA)[-1]
    assert "Sopplunch" in reminder
    assert "onsdag 9 december" in reminder
    john = service.sms_to(JOHN)
    assert len(john) == 2, "John got the invitation and one second ask, no reminder"
    async with service.db.sessions() as session:
        _, people = await attendees(session, event_id)
    assert head_count(people) == 1
