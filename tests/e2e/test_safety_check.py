"""The daily safety check end to end: the senior's own time, reminders, an
urgent "no answer" case that reaches her close contact, and the loop closed
when she answers. Fake providers, a clock moved by hand, no sleeps.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select, update

from bot.campaigns.occurrences import run_campaign
from bot.core.config import CampaignConfig, EscalationConfig
from bot.core.errors import ConfigError
from bot.db.models import CheckInResult, Escalation, Senior, Volunteer
from bot.escalations.listing import list_escalations
from bot.escalations.reachability import nobody_to_reach, refuse_if_nobody_to_reach
from bot.people.close_contacts import add_close_contact
from bot.turns.safety_checks import set_safety_check
from bot.turns.timer_handlers import fire_due_timers
from tests.e2e.conftest import Service

ANNA = "+46701740605"
JOHN = "+46701740608"
LENA = "+46701740630"  # Anna's daughter, has a key
PER = "+46701740631"  # Anna's neighbour
KARIN = "+46701740620"
COORDINATOR = "+46701740699"
# Thursday 3 December 2026, 09:00 in Stockholm.
THURSDAY_9 = datetime(2026, 12, 3, 8, 0, tzinfo=UTC)


async def anna(service: Service) -> Senior:
    async with service.db.transaction() as session:
        found = await session.scalar(select(Senior).where(Senior.name == "Anna Lindqvist"))
    assert found is not None
    return found


async def with_safety_check(
    service: Service,
    *,
    contact: bool = True,
    at: str | None = "09:30",
    reminders: str | None = None,
    first_tier: bool = True,
) -> None:
    service.clock.now = THURSDAY_9
    senior = await anna(service)
    async with service.db.transaction() as session:
        row = await session.get(Senior, senior.id)
        assert row is not None
        await set_safety_check(session, service.runtime.shell, row, at, reminders)
        if contact:
            await add_close_contact(
                session,
                senior.id,
                name="Lena Lindqvist",
                phone="070-174 06 30",
                relation="dotter",
                has_key=True,
                first_tier=first_tier,
                consent_by="Samordnare Eva",
                now=service.clock.now,
            )


async def tick(service: Service, minutes: float) -> None:
    service.clock.advance(minutes=minutes)
    await fire_due_timers(service.db, service.runtime.shell)
    await service.deliver()


async def cases(service: Service) -> list[Escalation]:
    async with service.db.transaction() as session:
        return list(await session.scalars(select(Escalation).order_by(Escalation.id)))


async def test_no_answer_reaches_close_contact_by_90_minutes_and_all_ok_closes_it(
    service: Service,
) -> None:
    await with_safety_check(service)
    await tick(service, 30)  # 09:30
    [question] = service.sms_to(ANNA)
    assert "trygghetskoll" in question
    await tick(service, 30)  # 10:00
    await tick(service, 30)  # 10:30
    reminders = service.sms_to(ANNA)[1:]
    assert len(reminders) == 2
    assert all("trygghetskollen 09:30" in text for text in reminders)
    assert await cases(service) == []
    await tick(service, 30)  # 11:00: +90 min
    [case] = await cases(service)
    assert (case.reason, case.urgency, case.status) == ("no_answer", "urgent", "alerted")
    [alert] = service.sms_to(LENA)
    assert f"Ärende {case.id}" in alert
    assert "trygghetskollen 09:30" in alert
    assert service.sms_to(KARIN) == []  # the close contact comes first
    assert service.sms_to(ANNA)[-1] == (
        "Vi har inte hört av dig i dag, så vi ber Lena ringa dig. Svara ALLT OK om allt är bra."
    )

    service.clock.advance(minutes=5)  # +95 min
    await service.sms(ANNA, "ALLT OK")
    await service.deliver()
    [closed] = await cases(service)
    assert closed.status == "resolved"
    assert (
        service.sms_to(LENA)[-1]
        == f"Anna har svarat: allt är bra. Ärende {case.id} är avslutat. Tack!"
    )
    assert "Lena" in service.sms_to(ANNA)[-1]


async def test_answered_safety_check_opens_nothing_and_asks_again_tomorrow(
    service: Service,
) -> None:
    await with_safety_check(service)
    await tick(service, 30)
    await service.sms(ANNA, "ok")
    await service.deliver()
    assert service.sms_to(ANNA)[-1] == "Tack, skönt att höra! Ha en fin dag."
    for _ in range(6):
        await tick(service, 30)
    assert await cases(service) == []
    assert len(service.sms_to(ANNA)) == 2
    service.clock.now = datetime(2026, 12, 4, 8, 30, tzinfo=UTC)
    await tick(service, 0)
    assert len(service.sms_to(ANNA)) == 3  # Friday's check at 09:30


async def test_check_on_me_without_an_answer_runs_the_same_chain(service: Service) -> None:
    await with_safety_check(service, at=None, reminders="20")  # Anna's own reminder
    await service.sms(ANNA, "kolla mig om 30")
    await service.deliver()
    assert "30 minuter" in service.sms_to(ANNA)[-1]
    await tick(service, 30)  # asked
    assert len(service.sms_to(ANNA)) == 2
    await tick(service, 15)
    assert len(service.sms_to(ANNA)) == 2  # not the old fixed 15 minutes
    await tick(service, 5)  # +20: her reminder
    assert len(service.sms_to(ANNA)) == 3
    await tick(service, 15)
    assert await cases(service) == []
    await tick(service, 5)  # +40: one gap after her last reminder
    [case] = await cases(service)
    assert case.reason == "no_answer"
    assert "KOLLA MIG OM 30" in service.sms_to(LENA)[0]


async def test_paus_7_silences_the_safety_check_for_7_days(service: Service) -> None:
    await with_safety_check(service)
    await service.sms(ANNA, "PAUS 7")
    await service.deliver()
    assert "till och med onsdag 9 december" in service.sms_to(ANNA)[-1]
    sent = len(service.sms_to(ANNA))
    senior = await anna(service)
    assert senior.paused_until is not None  # a coordinator sees it
    for day in range(7):
        service.clock.now = datetime(2026, 12, 3 + day, 8, 30, tzinfo=UTC)
        await tick(service, 0)
        await tick(service, 90)
    assert len(service.sms_to(ANNA)) == sent
    assert await cases(service) == []
    service.clock.now = datetime(2026, 12, 10, 8, 30, tzinfo=UTC)
    await tick(service, 0)
    assert "trygghetskoll" in service.sms_to(ANNA)[-1]


async def test_paus_7_silences_campaigns_too(service: Service) -> None:
    await service.sms(ANNA, "paus 7")
    await service.deliver()
    sent = len(service.sms_to(ANNA))
    checkin = CampaignConfig(name="morgonkoll", kind="checkin", schedule="0 10 * * mon-fri")
    await run_campaign(service.db, service.runtime.shell, checkin, service.clock())
    await service.deliver()
    assert len(service.sms_to(ANNA)) == sent
    assert len(service.sms_to(JOHN)) == 1  # John did not pause
    service.clock.now = datetime(2026, 12, 9, 10, 0, tzinfo=UTC)  # day 8
    await run_campaign(service.db, service.runtime.shell, checkin, service.clock())
    await service.deliver()
    assert "Hur mår du" in service.sms_to(ANNA)[-1]


async def test_a_ladder_with_nobody_left_keeps_alerting_coordinators(service: Service) -> None:
    shell = service.runtime.shell
    shell.config = shell.config.model_copy(
        update={"escalation": EscalationConfig(coordinators=[COORDINATOR])}
    )
    async with service.db.transaction() as session:
        await session.execute(update(Volunteer).values(active=False))
    await service.sms(ANNA, "hjälp jag har ramlat")
    await service.deliver()
    assert len(service.sms_to(COORDINATOR)) == 1
    await tick(service, 60)  # the ladder looks again: nobody new
    before = len(service.sms_to(COORDINATOR))
    await tick(service, 15)
    await tick(service, 15)
    reminders = service.sms_to(COORDINATOR)[before:]
    assert len(reminders) == 2
    assert all("ingen tagit" in text for text in reminders)
    [case] = await cases(service)
    assert case.status == "alerted"
    async with service.db.transaction() as session:
        [listed] = await list_escalations(session, shell.tz, only_open=True)
    assert listed["nobody_reached"]


async def no_answer_case(service: Service) -> Escalation:
    await with_safety_check(service)
    for _ in range(4):
        await tick(service, 30)
    [case] = await cases(service)
    return case


async def test_close_contact_is_told_when_a_volunteer_takes_the_case(service: Service) -> None:
    case = await no_answer_case(service)
    claim_timeout = service.config.escalation.urgent_claim_timeout_minutes
    await tick(service, claim_timeout)  # Lena did not answer: the volunteers next
    assert any(f"Ärende {case.id}" in text for text in service.sms_to(KARIN))
    await service.sms(KARIN, f"OK {case.id}")
    await service.deliver()
    assert service.sms_to(LENA)[-1] == f"Ärende {case.id} är taget av Karin. Tack ändå!"


async def test_close_contact_is_never_alerted_about_another_senior(service: Service) -> None:
    await with_safety_check(service)
    await service.sms(JOHN, "please call me")  # John, not Lena's mother
    await service.deliver()
    assert service.sms_to(LENA) == []
    [case] = await cases(service)
    await service.sms(LENA, f"OK {case.id}")
    await service.deliver()
    assert "skickades inte till dig" in service.sms_to(LENA)[-1]


async def test_urgent_case_is_not_closed_by_the_senior_alone(service: Service) -> None:
    await service.sms(ANNA, "hjälp jag har ramlat")
    await service.deliver()
    [case] = await cases(service)
    await service.sms(KARIN, f"OK {case.id}")
    await service.sms(ANNA, "allt ok")
    await service.deliver()
    [still] = await cases(service)
    assert still.status == "claimed"
    told = service.sms_to(KARIN)[-1]
    assert '"allt ok"' in told
    assert f"KLAR {case.id}" in told


async def test_a_reply_after_a_no_answer_case_reaches_the_close_contact(service: Service) -> None:
    case = await no_answer_case(service)
    await service.sms(ANNA, "jag var ute och gick")
    await service.deliver()
    assert (await cases(service))[0].status == "alerted"
    assert (
        service.sms_to(LENA)[-1] == f'Anna har svarat i ärende {case.id}: "jag var ute och gick".'
    )


async def test_start_is_refused_when_a_case_would_reach_nobody(service: Service) -> None:
    shell = service.runtime.shell
    async with service.db.transaction() as session:
        assert await nobody_to_reach(session, shell) is None
        await session.execute(update(Volunteer).values(active=False))
        problem = await nobody_to_reach(session, shell)
        assert problem is not None
        assert "[escalation]" in problem
        with pytest.raises(ConfigError):
            await refuse_if_nobody_to_reach(session, shell)
    shell.config = shell.config.model_copy(
        update={"escalation": EscalationConfig(coordinators=[COORDINATOR])}
    )
    async with service.db.transaction() as session:
        assert await nobody_to_reach(session, shell) is None


async def test_all_ok_cancels_a_call_the_senior_asked_for_and_tells_the_volunteers(
    service: Service,
) -> None:
    await service.sms(ANNA, "ring mig")
    await service.deliver()
    [case] = await cases(service)
    await service.sms(ANNA, "tack")  # a normal case: not passed on word by word
    await service.deliver()
    assert len(service.sms_to(KARIN)) == 1
    await service.sms(ANNA, "ALLT OK")
    await service.deliver()
    [closed] = await cases(service)
    assert closed.status == "resolved"
    assert service.sms_to(KARIN)[-1] == (
        f"Anna har svarat: allt är bra. Ärende {case.id} är avslutat. Tack!"
    )


async def test_quiet_hours_never_delay_the_senior_s_own_time(service: Service) -> None:
    service.clock.now = datetime(2026, 12, 3, 6, 0, tzinfo=UTC)  # 07:00, inside quiet hours
    senior = await anna(service)
    async with service.db.transaction() as session:
        row = await session.get(Senior, senior.id)
        assert row is not None
        await set_safety_check(session, service.runtime.shell, row, "07:30")
    await tick(service, 30)
    assert "trygghetskoll" in service.sms_to(ANNA)[0]
    await tick(service, 30)
    assert len(service.sms_to(ANNA)) == 2  # the reminder at 08:00 too


async def add_neighbour(service: Service) -> None:
    """Per, Anna's neighbour: a close contact, not in the first tier."""
    senior = await anna(service)
    async with service.db.transaction() as session:
        await add_close_contact(
            session,
            senior.id,
            name="Per Granne",
            phone="070-174 06 31",
            relation="granne",
            has_key=False,
            first_tier=False,
            consent_by="Samordnare Eva",
            now=service.clock.now,
        )


async def test_a_contact_not_in_the_first_tier_is_asked_with_the_volunteers(
    service: Service,
) -> None:
    case = await no_answer_case(service)  # Lena, first tier, alerted at +90
    await add_neighbour(service)
    assert service.sms_to(PER) == []
    assert service.sms_to(KARIN) == []
    claim_timeout = service.config.escalation.urgent_claim_timeout_minutes
    await tick(service, claim_timeout)  # nobody took it: the volunteers, and Per
    assert any(f"Ärende {case.id}" in text for text in service.sms_to(KARIN))
    [alert] = service.sms_to(PER)
    assert f"Ärende {case.id}" in alert
    await service.sms(PER, f"OK {case.id}")
    await service.deliver()
    [taken] = await cases(service)
    assert taken.status == "claimed"


async def test_without_a_first_tier_the_other_contacts_come_with_the_first_volunteers(
    service: Service,
) -> None:
    await with_safety_check(service, contact=False)
    await add_neighbour(service)
    for _ in range(4):
        await tick(service, 30)
    [case] = await cases(service)
    assert any(f"Ärende {case.id}" in text for text in service.sms_to(PER))
    assert any(f"Ärende {case.id}" in text for text in service.sms_to(KARIN))


async def test_a_contact_not_in_the_first_tier_hears_nothing_of_other_cases(
    service: Service,
) -> None:
    await add_neighbour(service)
    await service.sms(ANNA, "ring mig")  # a call asked for, not a "no answer" case
    await service.deliver()
    assert await cases(service)
    assert service.sms_to(PER) == []


async def test_a_mood_answering_the_safety_check_is_recorded_as_its_answer(
    service: Service,
) -> None:
    await with_safety_check(service)
    await tick(service, 30)  # 09:30: asked
    service.clock.advance(minutes=12)
    await service.sms(ANNA, "bra tack")
    await service.deliver()
    async with service.db.transaction() as session:
        [row] = await session.scalars(select(CheckInResult))
    assert (row.campaign, row.occurrence, row.mood) == ("safety_check", "2026-12-03", "good")
    assert row.asked_at == datetime(2026, 12, 3, 8, 30, tzinfo=UTC)
    assert row.answered_at == datetime(2026, 12, 3, 8, 42, tzinfo=UTC)
