"""A senior's SMS through the signed Twilio webhook, the engine and the outbox."""

from __future__ import annotations

from sqlalchemy import func, select

from bot.db.models import Escalation, Message
from tests.e2e.conftest import Service

ANNA = "+46701740605"


async def count(service: Service, model: type, *where: object) -> int:
    async with service.db.transaction() as session:
        return int(await session.scalar(select(func.count()).select_from(model).where(*where)) or 0)


async def test_contact_request_by_sms_is_answered_and_opens_a_case(service: Service) -> None:
    response = await service.sms(ANNA, "Kan nagon rimg mig?")
    assert response.status_code == 200
    assert "<Response" in response.text
    assert await count(service, Escalation, Escalation.reason == "contact") == 1
    await service.deliver()
    replies = service.sms_to(ANNA)
    assert len(replies) == 1
    assert "ring" in replies[0].lower()


async def test_forged_signature_is_refused_and_nothing_is_stored(service: Service) -> None:
    response = await service.client.post(
        "/webhooks/twilio/sms",
        data={"From": ANNA, "Body": "hej", "MessageSid": "SM" + "0" * 32},
        headers={"X-Twilio-Signature": "forged"},
    )
    assert response.status_code == 403
    assert await count(service, Message) == 0


async def test_same_message_sid_twice_is_processed_once(service: Service) -> None:
    sid = "SM" + "a1" * 16
    first = await service.sms(ANNA, "ring mig", sid=sid)
    second = await service.sms(ANNA, "ring mig", sid=sid)
    assert (first.status_code, second.status_code) == (200, 200)
    assert await count(service, Message, Message.direction == "in") == 1
    assert await count(service, Escalation) == 1


async def test_unknown_sender_gets_one_polite_reply_a_day(service: Service) -> None:
    stranger = "+46701740699"
    await service.sms(stranger, "Hej vem är detta")
    await service.sms(stranger, "Hallå?")
    await service.deliver()
    replies = service.sms_to(stranger)
    assert len(replies) == 1
    assert "känner inte igen" in replies[0]
    assert "Anna" not in replies[0]
    service.clock.advance(hours=25)
    await service.sms(stranger, "Hallå igen")
    await service.deliver()
    assert len(service.sms_to(stranger)) == 2


async def test_any_size_and_content_is_stored_and_answered(service: Service) -> None:
    bodies = ["", "x" * 10_000, "👍😊❤️", "hej\x00\x07\x1b[31m", "ring mig\n" * 50]
    for body in bodies:
        response = await service.sms(ANNA, body)
        assert response.status_code == 200
    await service.deliver()
    async with service.db.sessions() as session:
        stored = list(
            await session.scalars(
                select(Message.body).where(Message.direction == "in").order_by(Message.id)
            )
        )
    assert len(stored) == len(bodies)
    assert stored[1] == "x" * 10_000
    assert "\x00" not in stored[3]
    assert len(service.sms_to(ANNA)) >= len(bodies), "every message got an answer"
    assert all(reply.strip() for reply in service.sms_to(ANNA))


async def test_malformed_twilio_webhook_is_400_not_500(service: Service) -> None:
    from tests.fakes.twilio_api import sign

    url = "https://hejsan.example.org/webhooks/twilio/sms"
    form = {"Body": "hej", "From": "not a number", "MessageSid": "SM" + "1" * 32}
    headers = {"X-Twilio-Signature": sign(service.config.twilio.auth_token, url, form)}
    response = await service.client.post("/webhooks/twilio/sms", data=form, headers=headers)
    assert response.status_code == 400
    assert "From" in response.json()["error"]
