"""After a crash: rows a dead worker left `sending` are settled at once, an SMS
Twilio already accepted is recorded and not sent again, and a delivery
callback that came before its message id was recorded is not lost."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest
from sqlalchemy import select, update

from bot.channels.types import Channel, OutgoingMessage
from bot.db.models import Address, Message
from bot.db.outbox import IN_FLIGHT_SETTLE, SqlOutboxStore, enqueue, joined_text
from bot.db.outbox_status import MessageStatus
from tests.e2e.conftest import PUBLIC_URL, Service
from tests.fakes.twilio_api import signed_webhook, status_form

ANNA = "+46701740605"
DEAD_WORKER = 77


async def queue_to_anna(service: Service, text: str) -> int:
    async with service.db.transaction() as session:
        anna = await session.scalar(select(Address).where(Address.value == ANNA))
        assert anna is not None
        message = await enqueue(session, anna, text, kind="proactive", now=service.clock())
        assert message is not None
        return message.id


async def left_sending(service: Service, message_id: int, *, requested: bool) -> None:
    """What a worker killed with -9 leaves behind: claimed, maybe requested."""
    async with service.db.transaction() as session:
        await session.execute(
            update(Message)
            .where(Message.id == message_id)
            .values(
                status=MessageStatus.SENDING,
                claimed_by=DEAD_WORKER,
                attempt_started_at=service.clock() if requested else None,
            )
        )


async def recover_after_settling(service: Service) -> None:
    """Recover once a dead worker's request can no longer be landing."""
    service.clock.advance(seconds=IN_FLIGHT_SETTLE.total_seconds())
    await service.runtime.dispatcher.recover()


async def row(service: Service, message_id: int) -> Message:
    async with service.db.sessions() as session:
        found = await session.get(Message, message_id)
    assert found is not None
    return found


async def test_a_row_claimed_but_never_requested_is_sent_at_once(service: Service) -> None:
    message_id = await queue_to_anna(service, "Hur mår du idag?")
    await left_sending(service, message_id, requested=False)
    await service.runtime.dispatcher.recover()
    await service.deliver()
    assert service.sms_to(ANNA) == ["Hur mår du idag?"]


async def test_an_sms_twilio_accepted_before_the_crash_is_not_sent_again(
    service: Service,
) -> None:
    service.clock.now = datetime.now(UTC)  # Twilio's list says when, by the real clock
    message_id = await queue_to_anna(service, "Hur mår du idag?")
    await left_sending(service, message_id, requested=True)
    assert service.runtime.twilio is not None
    # The request the dead worker made before it died:
    from_twilio = await service.runtime.twilio.send(
        OutgoingMessage(Channel.SMS, ANNA, "Hur mår du idag?")
    )
    await recover_after_settling(service)
    await service.deliver()
    assert len(service.twilio_bodies_to(ANNA)) == 1
    recorded = await row(service, message_id)
    assert (recorded.status, recorded.provider_message_id) == (
        "sent",
        from_twilio.provider_message_id,
    )


async def test_a_request_still_landing_at_twilio_is_waited_for_not_sent_again(
    service: Service,
) -> None:
    """The worker died with its request on the way: Twilio records it a moment
    after the crash. Looked up at once it would be "not there" and go twice."""
    service.clock.now = datetime.now(UTC)  # Twilio's list says when, by the real clock
    message_id = await queue_to_anna(service, "Hur mår du idag?")
    await left_sending(service, message_id, requested=True)
    await service.runtime.dispatcher.recover()
    await service.deliver()
    assert service.twilio_bodies_to(ANNA) == []
    assert (await row(service, message_id)).status == "sending"
    assert service.runtime.twilio is not None
    await service.runtime.twilio.send(OutgoingMessage(Channel.SMS, ANNA, "Hur mår du idag?"))
    await recover_after_settling(service)
    await service.deliver()
    assert service.twilio_bodies_to(ANNA) == ["Hur mår du idag?"]
    assert (await row(service, message_id)).status == "sent"


async def test_an_sms_that_never_reached_twilio_is_sent_after_the_lookup(
    service: Service,
) -> None:
    message_id = await queue_to_anna(service, "Hur mår du idag?")
    await left_sending(service, message_id, requested=True)
    await recover_after_settling(service)
    await service.deliver()
    assert service.twilio_bodies_to(ANNA) == ["Hur mår du idag?"]
    assert (await row(service, message_id)).status == "sent"


async def test_texts_joined_into_one_sms_are_settled_as_that_one_sms(service: Service) -> None:
    """A check-in and an invitation due together went as one SMS; the worker
    died while Twilio was taking it. Settled as the one SMS it was: found in
    Twilio's list, both rows recorded sent, nothing sent again."""
    service.clock.now = datetime.now(UTC)  # Twilio's list says when, by the real clock
    texts = ["Hej Anna! Hur mår du idag?", "Hej Anna! Sopplunch onsdag 12:00. Kommer du?"]
    ids = [await queue_to_anna(service, text) for text in texts]
    for message_id in ids:
        await left_sending(service, message_id, requested=True)
    assert service.runtime.twilio is not None
    await service.runtime.twilio.send(OutgoingMessage(Channel.SMS, ANNA, joined_text(texts)))
    await recover_after_settling(service)
    await service.deliver()
    assert service.twilio_bodies_to(ANNA) == [joined_text(texts)]
    assert [(await row(service, message_id)).status for message_id in ids] == ["sent", "sent"]


async def test_joined_texts_that_never_reached_twilio_go_again_as_one_sms(
    service: Service,
) -> None:
    texts = ["Hej Anna! Hur mår du idag?", "Hej Anna! Sopplunch onsdag 12:00. Kommer du?"]
    ids = [await queue_to_anna(service, text) for text in texts]
    for message_id in ids:
        await left_sending(service, message_id, requested=True)
    await recover_after_settling(service)
    await service.deliver()
    assert service.twilio_bodies_to(ANNA) == [joined_text(texts)]
    assert [(await row(service, message_id)).status for message_id in ids] == ["sent", "sent"]


async def test_a_live_worker_settles_a_dead_workers_rows_without_a_restart(
    service: Service, db_url: str
) -> None:
    if not db_url.startswith("postgresql"):
        pytest.skip("several workers share one PostgreSQL database only")
    other = SqlOutboxStore(service.db, worker=DEAD_WORKER)
    await other.open(lambda: None)  # alive: holds its lock
    message_id = await queue_to_anna(service, "Hur mår du idag?")
    await left_sending(service, message_id, requested=False)
    dispatcher = service.runtime.dispatcher
    await dispatcher.recover()
    assert (await row(service, message_id)).status == "sending", "a live worker's row"
    await other.close()  # the process dies: its lock goes with its connection
    await dispatcher.recover()
    await service.deliver()
    assert service.sms_to(ANNA) == ["Hur mår du idag?"]


async def test_a_delivery_callback_before_the_id_is_recorded_is_applied_later(
    service: Service,
) -> None:
    message_id = await queue_to_anna(service, "Hur mår du idag?")
    service.twilio.delay_next(0.5)  # Twilio is slow to answer the create request
    delivering = asyncio.create_task(service.deliver())
    while not service.twilio.created:  # noqa: ASYNC110 - the fake runs in another thread
        await asyncio.sleep(0.01)
    sid = str(service.twilio.created[0]["sid"])
    form = status_form(sid, "delivered", to=ANNA)
    data, headers = signed_webhook(
        service.config.twilio.auth_token, f"{PUBLIC_URL}/webhooks/twilio/status", form
    )
    response = await service.client.post("/webhooks/twilio/status", data=data, headers=headers)
    assert response.status_code == 200
    assert (await row(service, message_id)).status == "sending"
    await delivering
    recorded = await row(service, message_id)
    assert (recorded.status, recorded.provider_message_id) == ("delivered", sid)
