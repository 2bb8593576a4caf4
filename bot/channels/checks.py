"""Is each configured channel really usable? Checked the way `hejsan doctor` reports it.

Plain HTTP calls to the providers' own "who am I" endpoints (Telegram getMe
and getWebhookInfo, Twilio's account resource), so a coordinator learns that
a token is wrong before a senior misses a message, and the command line does
not load either provider's client library to find out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.core.config import Config
from bot.core.lazy import lazy_module

if TYPE_CHECKING:
    import httpx
else:
    httpx = lazy_module("httpx")  # only `hejsan doctor` asks the providers (bot/core/lazy.py)

TIMEOUT_SECONDS = 10.0


@dataclass(frozen=True)
class Finding:
    """One line of the doctor's report: what was checked, whether it is fine, what to do."""

    what: str
    ok: bool
    detail: str = ""


async def check_telegram(config: Config, client: httpx.AsyncClient) -> list[Finding]:
    telegram = config.telegram
    if not telegram.enabled:
        return [Finding("Telegram", True, "inte inställt / not configured")]
    base = f"{telegram.api_base_url.rstrip('/')}{telegram.token}"
    try:
        me = await client.get(f"{base}/getMe")
    except httpx.HTTPError as exc:
        return [Finding("Telegram", False, f"kunde inte nå / could not reach Telegram: {exc}")]
    if me.status_code == 401:
        return [
            Finding(
                "Telegram-token",
                False,
                "fel token: Telegram känner inte igen den / wrong token: check "
                "HEJSAN_TELEGRAM_TOKEN against @BotFather",
            )
        ]
    if me.status_code != 200:
        return [Finding("Telegram", False, f"svarade / answered HTTP {me.status_code}")]
    username = me.json().get("result", {}).get("username", "?")
    findings = [Finding("Telegram-token", True, f"boten / the bot @{username}")]
    wanted = f"{config.service.public_url}/webhooks/telegram"
    info = await client.get(f"{base}/getWebhookInfo")
    url = info.json().get("result", {}).get("url", "") if info.status_code == 200 else ""
    if url == wanted:
        findings.append(Finding("Telegram-webhook", True, url))
    elif not url:
        findings.append(
            Finding(
                "Telegram-webhook",
                False,
                f"ingen webhook satt / no webhook set: `hejsan serve` sets {wanted}, "
                "or run with --telegram-polling",
            )
        )
    else:
        findings.append(
            Finding("Telegram-webhook", False, f"pekar på / points at {url}, not {wanted}")
        )
    return findings


async def check_twilio(config: Config, client: httpx.AsyncClient) -> list[Finding]:
    twilio = config.twilio
    if not twilio.enabled:
        return [Finding("Twilio", True, "inte inställt / not configured")]
    url = f"{twilio.api_base_url.rstrip('/')}/2010-04-01/Accounts/{twilio.account_sid}.json"
    try:
        answer = await client.get(url, auth=(twilio.account_sid, twilio.auth_token))
    except httpx.HTTPError as exc:
        return [Finding("Twilio", False, f"kunde inte nå / could not reach Twilio: {exc}")]
    if answer.status_code == 401:
        return [
            Finding(
                "Twilio-konto",
                False,
                "fel kontonummer eller token / wrong account_sid or HEJSAN_TWILIO_AUTH_TOKEN",
            )
        ]
    if answer.status_code != 200:
        return [Finding("Twilio-konto", False, f"svarade / answered HTTP {answer.status_code}")]
    status = answer.json().get("status", "?")
    findings = [Finding("Twilio-konto", status == "active", f"kontot är / account is {status}")]
    if not (twilio.from_number or twilio.messaging_service_sid):
        findings.append(
            Finding(
                "Twilio-avsändare",
                False,
                "sätt / set [twilio] from_number or messaging_service_sid",
            )
        )
    return findings


async def check_channels(config: Config) -> list[Finding]:
    """Every configured channel, in the order a coordinator sets them up."""
    async with httpx.AsyncClient(timeout=TIMEOUT_SECONDS) as client:
        return [*await check_telegram(config, client), *await check_twilio(config, client)]
