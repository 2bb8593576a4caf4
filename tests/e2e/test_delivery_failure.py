"""Delivery when a provider fails: a cry for help is never given up, urgent
messages go first after recovery, another channel is tried, the coordinators
are told, and a give-up is always visible. The clock is moved by hand."""

from __future__ import annotations

import asyncio
import logging
import time

import pytest
from sqlalchemy import select

from bot.core.config import EscalationConfig
from bot.db.models import Address, Escalation, Message
from bot.db.outbox import enqueue
from bot.escalations.overdue import report_overdue
from bot.people.directory import Role, clean_person, upsert_people
from scheduler.dispatcher import URGENT_RETRY_CAP
from tests.e2e.conftest import Service
from tests.fakes.twilio_api import TwilioApiError

ANNA = "+46701740605"
KARIN = "+46701740620"
ALI = "+46701740621"
ANNA_CHAT = 5550605
COORDINATOR_CHAT = 5550699


async def outgoing(service: Service) -> list[Message]:
    async with service.db.sessions() as session:
        return list(
            await session.scalars(
                select(Message).where(Message.direction == "out").order_by(Message.id)
            )
        )


async def only_case(service: Service) -> Escalation:
    async with service.db.sessions() as session:
        [case] = list(await session.scalars(select(Escalation)))
    return case


def coordinator_on_telegram(service: Service) -> None:
    shell = service.runtime.shell
    shell.config = shell.config.model_copy(
        update={"escalation": EscalationConfig(coordinators=[f"telegram:{COORDINATOR_CHAT}"])}
    )


async def test_urgent_reply_and_alerts_are_never_given_up_in_a_long_outage(
    service: Service,
) -> None:
    service.twilio.go_down(3600, TwilioApiError.server_error(500))
    await service.sms(ANNA, "Jag har ramlat")
    for _ in range(40):  # forty minutes of outage, looked at every minute
        service.clock.advance(minutes=1)
        await service.deliver()
    rows = await outgoing(service)
    assert rows, "the 112 reply and the alerts are in the outbox"
    assert {row.status for row in rows} == {"queued"}
    assert max(row.attempts for row in rows) >= 10
    for row in rows:
        assert row.next_attempt_at is not None
        assert row.next_attempt_at - service.clock() <= URGENT_RETRY_CAP
    service.twilio.come_back()
    service.clock.advance(minutes=1)
    await service.deliver()
    assert any("112" in text for text in service.twilio_bodies_to(ANNA))
    assert service.twilio_bodies_to(KARIN)
    assert service.twilio_bodies_to(ALI)


async def test_coordinators_are_told_on_a_working_channel_when_urgent_is_stuck(
    service: Service,
) -> None:
    coordinator_on_telegram(service)
    service.twilio.go_down(3600, TwilioApiError.server_error(500))
    await service.sms(ANNA, "Jag har ramlat")
    await service.deliver()
    assert await report_overdue(service.db, service.runtime.shell) == 0, "not yet a minute"
    service.clock.advance(seconds=61)
    assert await report_overdue(service.db, service.runtime.shell) >= 3
    await service.deliver()
    case = await only_case(service)
    assert case.delivery_overdue_at is not None
    told = [
        m.text or ""
        for m in service.telegram.sent_messages
        if m.chat_id == str(COORDINATOR_CHAT) and "Vi når inte" in (m.text or "")
    ]
    assert len(told) == 1, "one notice per case, however many rows are stuck"
    assert f"ärende {case.id}:" in told[0]
    service.clock.advance(seconds=61)
    assert await report_overdue(service.db, service.runtime.shell) == 0


async def test_senior_with_telegram_gets_the_112_reply_there_when_sms_is_down(
    service: Service,
) -> None:
    anna = clean_person(name="Anna Lindqvist", phone=ANNA, telegram=str(ANNA_CHAT))
    async with service.db.transaction() as session:
        await upsert_people(session, Role.SENIOR, [anna])
    service.twilio.go_down(3600, TwilioApiError.server_error(500))
    await service.sms(ANNA, "Jag har ramlat")
    await service.deliver()
    await service.deliver()  # the copy queued on Telegram goes now, not after a backoff
    to_anna = [m.text or "" for m in service.telegram.sent_messages if m.chat_id == str(ANNA_CHAT)]
    assert any("112" in text for text in to_anna)
    service.twilio.come_back()
    service.clock.advance(minutes=5)
    await service.deliver()
    assert not any("112" in text for text in service.twilio_bodies_to(ANNA)), "not twice"
    statuses = {row.status for row in await outgoing(service) if "112" in row.body}
    assert statuses == {"sent", "cancelled"}


async def test_a_campaign_text_given_up_says_so_in_the_log_and_status(
    service: Service, caplog: pytest.LogCaptureFixture
) -> None:
    async with service.db.sessions() as session:
        anna = await session.scalar(select(Address).where(Address.value == ANNA))
    assert anna is not None
    async with service.db.transaction() as session:
        await enqueue(session, anna, "Hur mår du idag?", kind="proactive", now=service.clock())
    service.twilio.go_down(3600, TwilioApiError.server_error(503))
    with caplog.at_level(logging.WARNING, logger="hejsan.dispatcher"):
        for _ in range(60):  # five hours, every five minutes
            service.clock.advance(minutes=5)
            await service.deliver()
    [row] = await outgoing(service)
    assert row.status == "gave_up"
    [line] = [r for r in caplog.records if r.getMessage() == "outbox.gave_up"]
    assert ANNA not in str(line.__dict__)
    assert "Hur mår" not in str(line.__dict__)


async def test_after_recovery_urgent_messages_go_before_the_campaign(service: Service) -> None:
    people = [clean_person(name=f"Senior {n}", phone=f"070-175 00 {n:02d}") for n in range(30)]
    async with service.db.transaction() as session:
        await upsert_people(session, Role.SENIOR, people)
    service.twilio.go_down(3600, TwilioApiError.too_many_requests(retry_after=1))
    await service.sms(ANNA, "Jag har ramlat")
    await service.deliver()  # the probe fails: the 112 reply waits for its backoff
    async with service.db.transaction() as session:
        for address in await session.scalars(
            select(Address).where(Address.value.like("+4670175%"))
        ):
            await enqueue(
                session, address, "Hur mår du idag?", kind="proactive", now=service.clock()
            )
    service.clock.advance(seconds=2)
    await service.deliver()
    service.twilio.come_back()
    before = len(service.twilio.created)
    service.clock.advance(seconds=2)
    await service.deliver()
    after = [m["to"] for m in service.twilio.created[before:]]
    assert len(after) >= 30, "all but the failed probe, which waits for its backoff"
    assert set(after[:4]) >= {ANNA, KARIN, ALI}, after[:5]


async def test_a_busy_telegram_chat_does_not_hold_up_an_urgent_sms(service: Service) -> None:
    karin = clean_person(name="Karin Ek", phone=KARIN, org="Väntjänsten", telegram="5550620")
    async with service.db.transaction() as session:
        await upsert_people(session, Role.VOLUNTEER, [karin])
        chat = await session.scalar(select(Address).where(Address.value == "5550620"))
        assert chat is not None
        for n in range(80):
            await enqueue(session, chat, f"meddelande {n}", kind="proactive", now=service.clock())
    task = asyncio.create_task(service.runtime.dispatcher.run())
    try:
        await asyncio.sleep(1.5)  # the backlog is being sent, one a second
        started = time.monotonic()
        await service.sms(ANNA, "Jag har ramlat")
        while not (
            any("112" in text for text in service.twilio_bodies_to(ANNA))
            and service.twilio_bodies_to(ALI)
        ):
            assert time.monotonic() - started < 2.0, "urgent SMS held up by the backlog"
            await asyncio.sleep(0.02)
    finally:
        await service.runtime.dispatcher.stop()
        task.cancel()
    backlog = [m for m in service.telegram.sent_messages if m.chat_id == "5550620"]
    assert len(backlog) < 10, "the backlog itself still keeps Telegram's one a second"
