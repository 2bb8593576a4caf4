"""Phone numbers: normalise to E.164 and mask for logs.

Coordinators type numbers the Swedish way ("070-123 45 67"); everything we
store and compare is E.164 ("+46701234567").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.core.lazy import lazy_module

if TYPE_CHECKING:
    import phonenumbers
else:  # only a number being checked needs it, never a list (bot/core/lazy.py)
    phonenumbers = lazy_module("phonenumbers")

DEFAULT_REGION = "SE"


class InvalidPhoneNumber(ValueError):
    """The text is not a phone number we could send an SMS to."""


def normalize_phone(raw: str, region: str = DEFAULT_REGION) -> str:
    """Return `raw` as E.164, or raise InvalidPhoneNumber saying why."""
    text = (raw or "").strip()
    if not text:
        raise InvalidPhoneNumber("telefonnummer saknas / phone number missing")
    if text.startswith("00"):
        text = "+" + text[2:]
    try:
        parsed = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException as exc:
        raise InvalidPhoneNumber(f"inte ett telefonnummer / not a phone number: {exc}") from exc
    if not phonenumbers.is_valid_number(parsed):
        raise InvalidPhoneNumber("ogiltigt telefonnummer / invalid phone number")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def mask_phone(number: str | None) -> str:
    """Keep the country code and last two digits: "+4670•••••67"."""
    if not number:
        return ""
    if len(number) <= 6:
        return "•" * len(number)
    return number[:5] + "•" * (len(number) - 7) + number[-2:]


def mask_chat_id(chat_id: str | int | None) -> str:
    """Telegram chat ids are personal data too: keep only the last two digits."""
    text = str(chat_id or "")
    if len(text) <= 2:
        return "•" * len(text)
    return "•" * (len(text) - 2) + text[-2:]


def sms_capable(e164: str) -> bool:
    """False for landlines and service numbers: an SMS to them never arrives."""
    kinds = phonenumbers.PhoneNumberType
    can_receive = (kinds.MOBILE, kinds.FIXED_LINE_OR_MOBILE, kinds.PERSONAL_NUMBER, kinds.UNKNOWN)
    return phonenumbers.number_type(phonenumbers.parse(e164)) in can_receive
