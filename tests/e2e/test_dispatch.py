"""Outbox delivery as a senior experiences it: in order, alerts first, retries."""

from __future__ import annotations

from sqlalchemy import select

from bot.db.models import Address, Message
from bot.db.outbox import SqlOutboxStore, enqueue
from scheduler.dispatcher import PROBE_INTERVAL, Sent
from tests.e2e.conftest import Service
from tests.fakes.twilio_api import TwilioApiError

ANNA = "+46701740605"
KARIN = "+46701740620"
JOHN = "+46701740608"


async def address_of(service: Service, number: str) -> Address:
    async with service.db.sessions() as session:
        found = await session.scalar(select(Address).where(Address.value == number))
    assert found is not None
    return found


async def test_messages_to_one_person_are_sent_one_after_another_in_order(
    service: Service,
) -> None:
    anna = await address_of(service, ANNA)
    async with service.db.transaction() as session:
        for text in ("första", "andra", "tredje"):  # answers: never joined into one text
            await enqueue(session, anna, text, kind="reply", now=service.clock())
    service.twilio.delay_next(0.3)  # the provider is slow to accept the first one
    await service.deliver()
    calls = [c for c in service.twilio.messages if c.to == ANNA]
    assert [c.body for c in calls] == ["första", "andra", "tredje"]
    assert calls[1].at - calls[0].at >= 0.25, "the second waited for the first"


async def test_alert_and_reply_are_claimed_before_a_campaign_backlog(service: Service) -> None:
    anna = await address_of(service, ANNA)
    karin = await address_of(service, KARIN)
    john = await address_of(service, JOHN)
    async with service.db.transaction() as session:
        for n in range(5):
            await enqueue(session, john, f"kampanj {n}", kind="proactive", now=service.clock())
        await enqueue(session, anna, "kampanj", kind="proactive", now=service.clock())
        await enqueue(session, anna, "svar", kind="reply", now=service.clock())
        await enqueue(
            session, karin, "Ärende 1: Anna ber om samtal", kind="alert", now=service.clock()
        )
    store = SqlOutboxStore(service.db)
    first = await store.claim_due(service.clock(), {"sms": 3}, other_channels=0)
    assert [item.text for item in first][:2] == ["Ärende 1: Anna ber om samtal", "svar"]
    # John's campaign texts due together go as one text, all of them at once.
    assert first[2].text == "\n\n".join(f"kampanj {n}" for n in range(5))
    # One message per recipient at a time: nothing more until those are sent.
    assert await store.claim_due(service.clock(), {"sms": 10}, other_channels=0) == []
    for item in first:
        await store.mark_sent(item, Sent(f"SM{item.id}", "queued"), service.clock())
    rest = await store.claim_due(service.clock(), {"sms": 10}, other_channels=0)
    assert [item.text for item in rest] == ["kampanj"]


async def test_proactive_texts_due_together_go_as_one_and_are_all_sent(service: Service) -> None:
    anna = await address_of(service, ANNA)
    async with service.db.transaction() as session:
        for text in ("Hej Anna! Hur mår du idag?", "Hej Anna! Välkommen på sopplunch."):
            await enqueue(session, anna, text, kind="proactive", now=service.clock())
    await service.deliver()
    assert service.sms_to(ANNA) == ["Hej Anna! Hur mår du idag?\n\nVälkommen på sopplunch."]
    async with service.db.sessions() as session:
        statuses = list(await session.scalars(select(Message.status).order_by(Message.id)))
    assert statuses == ["sent", "sent"]


async def test_temporary_failure_is_retried_later_and_not_lost(service: Service) -> None:
    anna = await address_of(service, ANNA)
    async with service.db.transaction() as session:
        await enqueue(session, anna, "hej", now=service.clock())
    service.twilio.fail_next(TwilioApiError.server_error(503))
    await service.deliver()
    async with service.db.sessions() as session:
        message = await session.scalar(select(Message).where(Message.direction == "out"))
    assert message is not None
    assert (message.status, message.attempts) == ("queued", 1)
    assert message.next_attempt_at is not None
    assert message.next_attempt_at > service.clock()
    # Due again, and the failing channel may be probed again.
    service.clock.now = max(message.next_attempt_at, service.clock() + PROBE_INTERVAL)
    await service.deliver()
    assert service.sms_to(ANNA) == ["hej", "hej"]  # one refused, one accepted
    async with service.db.sessions() as session:
        message = await session.scalar(select(Message).where(Message.direction == "out"))
    assert message is not None
    assert message.status == "sent"


async def test_unsubscribed_number_is_not_retried_and_marked_unusable(service: Service) -> None:
    anna = await address_of(service, ANNA)
    async with service.db.transaction() as session:
        await enqueue(session, anna, "hej", now=service.clock())
    service.twilio.fail_to(ANNA, TwilioApiError.unsubscribed())
    await service.deliver()
    service.clock.advance(hours=1)
    await service.deliver()
    assert len(service.sms_to(ANNA)) == 1
    async with service.db.sessions() as session:
        address = await session.get(Address, anna.id)
        message = await session.scalar(select(Message).where(Message.direction == "out"))
    assert address is not None
    assert address.unusable_at is not None
    assert message is not None
    assert (message.status, message.error_code) == ("failed", "21610")
