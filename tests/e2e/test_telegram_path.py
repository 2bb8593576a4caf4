"""Telegram: onboarding by deep link, secret token, buttons, blocked bots."""

from __future__ import annotations

import asyncio
import contextlib

from sqlalchemy import func, select

from bot.db.models import Address, Message, Senior
from bot.people.onboarding import create_token
from tests.e2e.conftest import Service
from tests.fakes.telegram_api import BotApiError, callback_update, text_update

CHAT = 5550001


async def anna_id(service: Service) -> int:
    async with service.db.reading() as session:
        return int(await session.scalar(select(Senior.id).where(Senior.name == "Anna Lindqvist")))


async def link_anna(service: Service) -> None:
    senior_id = await anna_id(service)
    async with service.db.transaction() as session:
        token = await create_token(session, senior_id=senior_id, now=service.clock())
    response = await service.telegram_update(text_update(CHAT, f"/start {token.token}"))
    assert response.status_code == 200
    await service.deliver()


def texts_to(service: Service, chat: int) -> list[str]:
    return [call.text or "" for call in service.telegram.sent_messages if call.chat_id == str(chat)]


async def test_start_with_valid_token_binds_chat_and_welcomes(service: Service) -> None:
    await link_anna(service)
    assert "Hej Anna! Nu är du kopplad" in texts_to(service, CHAT)[0]
    async with service.db.transaction() as session:
        address = await session.scalar(select(Address).where(Address.value == str(CHAT)))
    assert address is not None
    assert address.senior_id == await anna_id(service)


async def test_token_works_once_and_start_without_token_binds_nothing(service: Service) -> None:
    senior_id = await anna_id(service)
    async with service.db.transaction() as session:
        token = await create_token(session, senior_id=senior_id, now=service.clock())
    await service.telegram_update(text_update(CHAT, f"/start {token.token}"))
    stranger = 5550002
    await service.telegram_update(text_update(stranger, f"/start {token.token}"))
    await service.telegram_update(text_update(5550003, "/start"))
    await service.deliver()
    assert "Länken fungerar inte" in texts_to(service, stranger)[0]
    assert "Länken fungerar inte" in texts_to(service, 5550003)[0]
    async with service.db.transaction() as session:
        owners = await session.scalars(
            select(Address.senior_id).where(Address.value.in_([str(stranger), "5550003"]))
        )
        assert set(owners) == {None}


async def test_expired_token_is_refused(service: Service) -> None:
    senior_id = await anna_id(service)
    async with service.db.transaction() as session:
        token = await create_token(session, senior_id=senior_id, now=service.clock())
    service.clock.advance(days=15)
    await service.telegram_update(text_update(CHAT, f"/start {token.token}"))
    await service.deliver()
    assert "Länken fungerar inte" in texts_to(service, CHAT)[0]


async def test_wrong_or_missing_secret_is_403_and_nothing_stored(service: Service) -> None:
    wrong = await service.telegram_update(text_update(CHAT, "hej"), secret="wrong")
    missing = await service.telegram_update(text_update(CHAT, "hej"), secret=None)
    assert (wrong.status_code, missing.status_code) == (403, 403)
    async with service.db.transaction() as session:
        assert await session.scalar(select(func.count()).select_from(Message)) == 0


async def test_malformed_update_is_400_not_500(service: Service) -> None:
    for body in ({"nonsense": True}, {"update_id": "x"}):
        response = await service.telegram_update(body)
        assert response.status_code == 400
    raw = await service.client.post(
        "/webhooks/telegram",
        content=b"{not json",
        headers={"X-Telegram-Bot-Api-Secret-Token": "test-secret_123"},
    )
    assert raw.status_code == 400


async def test_button_tap_is_read_like_typed_text_and_answered(service: Service) -> None:
    await link_anna(service)
    response = await service.telegram_update(callback_update(CHAT, "Ring mig"))
    assert response.status_code == 200
    await service.deliver()
    assert len(service.telegram.calls_to("answerCallbackQuery")) == 1
    assert any("ring" in text.lower() for text in texts_to(service, CHAT)[1:])


async def test_blocked_bot_marks_address_unusable_without_retries(service: Service) -> None:
    await link_anna(service)
    service.telegram.fail_chat(CHAT, BotApiError.bot_blocked())
    await service.telegram_update(text_update(CHAT, "hej"))
    await service.deliver()
    async with service.db.transaction() as session:
        address = await session.scalar(select(Address).where(Address.value == str(CHAT)))
        failed = await session.scalar(
            select(Message).where(Message.direction == "out", Message.status == "failed")
        )
    assert address is not None
    assert address.unusable_at is not None
    assert failed is not None
    assert failed.attempts == 1


async def test_long_polling_receives_and_answers_without_a_webhook(service: Service) -> None:
    await link_anna(service)
    runtime = service.runtime
    task = asyncio.create_task(runtime._poll_telegram())
    try:
        service.telegram.queue_update(text_update(CHAT, "ring mig"))
        for _ in range(100):
            await asyncio.sleep(0.05)
            await service.deliver()
            if len(texts_to(service, CHAT)) > 1:
                break
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
    assert any("ring" in text.lower() for text in texts_to(service, CHAT)[1:])
    assert service.telegram.calls_to("deleteWebhook"), "polling replaces the webhook"
