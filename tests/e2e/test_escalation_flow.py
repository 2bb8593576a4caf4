"""A senior asks for a call; volunteers are alerted, one claims, the case closes.

Everything goes through the signed webhooks and the fake providers, as a
senior and two volunteers on their own phones would see it.
"""

from __future__ import annotations

from sqlalchemy import select

from bot.core.config import EscalationConfig
from bot.db.models import Escalation
from bot.people.directory import Role, clean_person, upsert_people
from bot.turns.timer_handlers import fire_due_timers
from tests.e2e.conftest import Service
from tests.fakes.telegram_api import callback_update

ANNA = "+46701740605"
KARIN = "+46701740620"
ALI = "+46701740621"
COORDINATOR = "+46701740699"
KARIN_CHAT = 5550620


async def only_case(service: Service) -> Escalation:
    async with service.db.transaction() as session:
        cases = list(await session.scalars(select(Escalation)))
    assert len(cases) == 1
    return cases[0]


def with_coordinator(service: Service) -> None:
    """Name a coordinator in `[escalation]`, as a config file would."""
    shell = service.runtime.shell
    shell.config = shell.config.model_copy(
        update={"escalation": EscalationConfig(coordinators=[COORDINATOR])}
    )


async def test_call_request_is_claimed_by_sms_and_resolved(service: Service) -> None:
    await service.sms(ANNA, "ring mig")
    await service.deliver()
    case = await only_case(service)
    assert case.status == "alerted"
    for volunteer in (KARIN, ALI):
        [alert] = service.sms_to(volunteer)
        assert f"Ärende {case.id}:" in alert
        assert "Anna" in alert
        assert ANNA in alert
        assert "Lindqvist" not in alert  # first name only
        assert '"ring mig"' in alert
        assert f"Svara OK {case.id} för att ta ärendet." in alert

    await service.sms(KARIN, f"ok {case.id}")
    await service.deliver()
    to_karin = service.sms_to(KARIN)[-1]
    assert f"Ärende {case.id} är ditt" in to_karin
    assert f"KLAR {case.id}" in to_karin
    assert service.sms_to(ALI)[-1] == f"Ärende {case.id} är taget av Karin. Tack ändå!"
    assert "Karin" in service.sms_to(ANNA)[-1]
    assert (await only_case(service)).status == "claimed"

    await service.sms(KARIN, f"KLAR {case.id} ringde, allt bra")
    await service.deliver()
    assert service.sms_to(KARIN)[-1] == f"Tack! Ärende {case.id} är avslutat."
    closed = await only_case(service)
    assert (closed.status, closed.resolution_note) == ("resolved", "ringde, allt bra")


async def test_late_claim_is_told_who_has_the_case(service: Service) -> None:
    await service.sms(ANNA, "ring mig")
    case = await only_case(service)
    await service.sms(ALI, f"OK {case.id}!")
    await service.sms(KARIN, f"ok{case.id}")
    await service.deliver()
    assert service.sms_to(KARIN)[-1] == f"Ärende {case.id} är taget av Ali. Tack ändå!"
    assert (await only_case(service)).claimed_by_id is not None


async def test_unknown_case_gets_an_answer_not_silence(service: Service) -> None:
    await service.sms(KARIN, "OK 999")
    await service.deliver()
    assert service.sms_to(KARIN) == ["Det finns inget öppet ärende 999. Kolla numret."]


async def test_urgent_message_reaches_the_coordinator_at_once(service: Service) -> None:
    with_coordinator(service)
    await service.sms(ANNA, "hjälp jag har ramlat")
    await service.deliver()
    case = await only_case(service)
    assert case.urgency == "urgent"
    [to_coordinator] = service.sms_to(COORDINATOR)
    assert to_coordinator.startswith(f"BRÅDSKANDE till samordnare, ärende {case.id}:")
    assert len(service.sms_to(KARIN)) == len(service.sms_to(ALI)) == 1
    assert "112" in service.sms_to(ANNA)[-1]


async def test_unclaimed_case_climbs_to_the_coordinator(service: Service) -> None:
    with_coordinator(service)
    await service.sms(ANNA, "kan någon ringa mig")
    await service.deliver()
    assert service.sms_to(COORDINATOR) == []
    case = await only_case(service)
    # Both volunteers were alerted first; nobody is left, so next is the coordinator.
    service.clock.advance(minutes=16)
    await fire_due_timers(service.db, service.runtime.shell)
    await service.deliver()
    [to_coordinator] = service.sms_to(COORDINATOR)
    assert f"ärende {case.id}" in to_coordinator
    assert "Ingen volontär har tagit det" in to_coordinator


async def test_pass_moves_the_ladder_on_at_once(service: Service) -> None:
    with_coordinator(service)
    await service.sms(ANNA, "ring mig")
    case = await only_case(service)
    await service.sms(KARIN, f"NEJ {case.id}")
    await service.deliver()
    assert service.sms_to(KARIN)[-1] == f"Okej, vi frågar någon annan om ärende {case.id}."
    assert len(service.sms_to(COORDINATOR)) == 1  # no clock moved


async def test_telegram_volunteer_takes_the_case_with_one_tap(service: Service) -> None:
    karin = clean_person(name="Karin Ek", phone=KARIN, org="Väntjänsten", telegram=str(KARIN_CHAT))
    async with service.db.transaction() as session:
        await upsert_people(session, Role.VOLUNTEER, [karin])
    await service.sms(ANNA, "ring mig")
    await service.deliver()
    case = await only_case(service)
    [alert] = [m for m in service.telegram.sent_messages if m.chat_id == str(KARIN_CHAT)]
    assert alert.buttons == [[("Jag tar det", f"OK {case.id}")]]
    assert service.sms_to(KARIN) == []

    response = await service.telegram_update(callback_update(KARIN_CHAT, f"OK {case.id}"))
    assert response.status_code == 200
    await service.deliver()
    to_karin = [m.text for m in service.telegram.sent_messages if m.chat_id == str(KARIN_CHAT)]
    assert f"Ärende {case.id} är ditt" in (to_karin[-1] or "")
    assert service.sms_to(ALI)[-1] == f"Ärende {case.id} är taget av Karin. Tack ändå!"
    assert "Karin" in service.sms_to(ANNA)[-1]
    assert service.telegram.calls_to("answerCallbackQuery")
