"""`hejsan doctor`'s channel checks, against the fake Telegram and Twilio servers."""

from __future__ import annotations

from bot.channels.checks import check_channels
from bot.core.config import Config, load_config
from tests.fakes.telegram_api import FakeTelegramApi
from tests.fakes.twilio_api import FakeTwilioApi


def _config(fake_telegram: FakeTelegramApi, fake_twilio: FakeTwilioApi, **env: str) -> Config:
    return load_config(
        None,
        {
            "HEJSAN_TELEGRAM_TOKEN": fake_telegram.token,
            "HEJSAN_TELEGRAM_API_BASE_URL": fake_telegram.base_url,
            "HEJSAN_TWILIO_ACCOUNT_SID": fake_twilio.account_sid,
            "HEJSAN_TWILIO_AUTH_TOKEN": fake_twilio.auth_token,
            "HEJSAN_TWILIO_FROM_NUMBER": "+46766860000",
            "HEJSAN_TWILIO_API_BASE_URL": fake_twilio.url,
            "HEJSAN_SERVICE_PUBLIC_URL": "https://hejsan.example.se",
            **env,
        },
    )


async def test_good_token_without_webhook_and_good_twilio_account(
    fake_telegram: FakeTelegramApi, fake_twilio: FakeTwilioApi
) -> None:
    config = _config(fake_telegram, fake_twilio)
    found = {f.what: f for f in await check_channels(config)}
    assert found["Telegram-token"].ok
    assert not found["Telegram-webhook"].ok
    assert "no webhook set" in found["Telegram-webhook"].detail
    assert found["Twilio-konto"].ok


async def test_webhook_set_to_our_address_is_fine(
    fake_telegram: FakeTelegramApi, fake_twilio: FakeTwilioApi
) -> None:
    fake_telegram.webhook_url = "https://hejsan.example.se/webhooks/telegram"
    found = {f.what: f for f in await check_channels(_config(fake_telegram, fake_twilio))}
    assert found["Telegram-webhook"].ok


async def test_wrong_token_and_wrong_twilio_credentials_are_said_plainly(
    fake_telegram: FakeTelegramApi, fake_twilio: FakeTwilioApi
) -> None:
    config = _config(
        fake_telegram, fake_twilio, HEJSAN_TELEGRAM_TOKEN="123:wrong", HEJSAN_TWILIO_AUTH_TOKEN="x"
    )
    found = {f.what: f for f in await check_channels(config)}
    assert "wrong token" in found["Telegram-token"].detail
    assert not found["Twilio-konto"].ok
    assert "wrong account_sid or HEJSAN_TWILIO_AUTH_TOKEN" in found["Twilio-konto"].detail
