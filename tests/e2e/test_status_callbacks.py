"""Twilio delivery callbacks: a status only moves forward, repeats change
nothing, and a number that can never take our SMS is marked unusable."""

from __future__ import annotations

import httpx
from sqlalchemy import select

from bot.db.models import Address, Message
from tests.e2e.conftest import PUBLIC_URL, Service
from tests.fakes.twilio_api import signed_webhook, status_form

ANNA = "+46701740605"


async def callback(
    service: Service, sid: str, status: str, code: str | None = None
) -> httpx.Response:
    form = status_form(sid, status, error_code=code, to=ANNA)
    data, headers = signed_webhook(
        service.config.twilio.auth_token, f"{PUBLIC_URL}/webhooks/twilio/status", form
    )
    return await service.client.post("/webhooks/twilio/status", data=data, headers=headers)


async def sent_reply(service: Service) -> Message:
    assert (await service.sms(ANNA, "bra tack")).status_code == 200
    await service.deliver()
    async with service.db.reading() as session:
        reply = await session.scalar(select(Message).where(Message.direction == "out"))
    assert reply is not None
    assert reply.provider_message_id
    return reply


async def reread(service: Service, message_id: int) -> Message:
    async with service.db.reading() as session:
        message = await session.get(Message, message_id)
    assert message is not None
    return message


async def test_delivered_sticks_and_a_late_sent_does_not_undo_it(service: Service) -> None:
    reply = await sent_reply(service)
    sid = reply.provider_message_id or ""
    assert (await callback(service, sid, "delivered")).status_code == 200
    delivered = await reread(service, reply.id)
    assert delivered.status == "delivered"
    assert delivered.delivered_at is not None
    assert (await callback(service, sid, "sent")).status_code == 200
    assert (await callback(service, sid, "delivered")).status_code == 200
    again = await reread(service, reply.id)
    assert again.status == "delivered"
    assert again.updated_at == delivered.updated_at


async def test_undeliverable_number_is_marked_unusable(service: Service) -> None:
    reply = await sent_reply(service)
    response = await callback(service, reply.provider_message_id or "", "undelivered", "30006")
    assert response.status_code == 200
    failed = await reread(service, reply.id)
    assert failed.status == "failed"
    assert failed.error_code == "30006"
    async with service.db.reading() as session:
        address = await session.get(Address, failed.address_id)
    assert address is not None
    assert address.unusable_at is not None
    assert address.unusable_reason == "30006: undeliverable (status callback)"


async def test_a_temporary_failure_leaves_the_number_usable(service: Service) -> None:
    reply = await sent_reply(service)
    await callback(service, reply.provider_message_id or "", "undelivered", "30003")
    async with service.db.reading() as session:
        address = await session.get(Address, reply.address_id)
    assert address is not None
    assert address.unusable_at is None


async def test_a_callback_for_an_unknown_message_is_answered_and_changes_nothing(
    service: Service,
) -> None:
    reply = await sent_reply(service)
    response = await callback(service, "SM" + "9" * 32, "delivered")
    assert response.status_code == 200
    assert (await reread(service, reply.id)).status == reply.status
