"""What a text costs as SMS: encoding, characters and segments.

Operators bill per segment. A text that stays inside the GSM-7 alphabet fits
160 characters in one SMS; a single character outside it (an emoji, a curly
quote, an en dash) switches the whole message to UCS-2 and only 70 fit. The
coordinators' `hejsan templates check` uses `check_templates` to show this
before a campaign goes out to a thousand people.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from conversations.templates import Templates

Encoding = Literal["GSM-7", "UCS-2"]

# GSM 03.38 basic character set (the escape code 0x1B itself is not a character).
GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
# The extension table: each is sent as escape + character, so it takes two septets.
GSM7_EXTENSION = frozenset("\f^{}\\[~]|€")

GSM7_SINGLE = 160
GSM7_PART = 153  # a long message spends 7 septets per part on the joining header
UCS2_SINGLE = 70
UCS2_PART = 67


@dataclass(frozen=True, slots=True)
class SmsCost:
    """`chars` is counted the way the operator counts: septets for GSM-7
    (extension characters count two), UTF-16 code units for UCS-2."""

    chars: int
    encoding: Encoding
    segments: int


@dataclass(frozen=True, slots=True)
class TemplateCheck:
    """One template measured with typical values filled in."""

    key: str
    lang: str
    chars: int
    encoding: Encoding
    segments: int
    warnings: tuple[str, ...]


def is_gsm7(text: str) -> bool:
    """True when every character is in the GSM-7 basic or extension set."""
    return all(ch in GSM7_BASIC or ch in GSM7_EXTENSION for ch in text)


def sms_cost(text: str) -> SmsCost:
    """Encoding, length and segment count of `text` sent as one SMS."""
    if is_gsm7(text):
        units = [2 if ch in GSM7_EXTENSION else 1 for ch in text]
        return SmsCost(sum(units), "GSM-7", _segments(units, GSM7_SINGLE, GSM7_PART))
    units = [2 if ord(ch) > 0xFFFF else 1 for ch in text]  # surrogate pairs
    return SmsCost(sum(units), "UCS-2", _segments(units, UCS2_SINGLE, UCS2_PART))


def _segments(units: list[int], single: int, part: int) -> int:
    """Pack characters into parts; an escaped GSM-7 character or a surrogate
    pair is never split across two parts, so the count is exact."""
    if sum(units) <= single:
        return 1
    segments, used = 1, 0
    for size in units:
        if used + size > part:
            segments, used = segments + 1, 0
        used += size
    return segments


# Typical values, a little longer than average, so the check errs towards
# warning. Any placeholder not listed is measured as 12 characters.
SAMPLE_VALUES: dict[str, str] = {
    "hello": "Hej Margareta!",
    "name": "Margareta",
    "service": "Hejsan",
    "organisation": "Tyresö kommun",
    "coordinator_phone": "08-578 291 00",
    "helper": "en volontär från Väntjänsten",
    "eta": "inom en timme",
    "next_available": "i morgon kl 08.00",
    "volunteer": "Karin",
    "event_title": "Soppluncha",
    "venue": "Träffpunkt Tyresö C",
    "when": "onsdag 9 december kl 12.00",
    "date": "måndag 7 december",
    "price": "50 kr",
    "price_text": "Det kostar 50 kr.",
    "party": "2",
    "rsvp_by": "måndag 7 december",
    "weekday": "onsdag",
    "day": "9",
    "month": "december",
    "time": "12.00",
    "hour": "12",
    "minute": "00",
}


def check_templates(templates: Templates | Iterable[Templates]) -> list[TemplateCheck]:
    """Measure every template and warn about the ones that cost more than one
    segment or fall back to UCS-2 (naming the characters that caused it)."""
    sets = [templates] if isinstance(templates, Templates) else list(templates)
    checks: list[TemplateCheck] = []
    for template_set in sets:
        for key in sorted(template_set.keys()):
            if not template_set.is_message(key):
                continue
            text = template_set.render_sample(key, SAMPLE_VALUES, default="x" * 12)
            cost = sms_cost(text)
            warnings: list[str] = []
            if cost.encoding == "UCS-2":
                odd = sorted({ch for ch in text if not is_gsm7(ch)})
                warnings.append(
                    "UCS-2 (only 70 characters per SMS) because of "
                    + " ".join(f"{ch!r} U+{ord(ch):04X}" for ch in odd)
                )
            if cost.segments > 1:
                warnings.append(f"{cost.segments} SMS segments ({cost.chars} characters)")
            checks.append(
                TemplateCheck(
                    key=key,
                    lang=template_set.lang,
                    chars=cost.chars,
                    encoding=cost.encoding,
                    segments=cost.segments,
                    warnings=tuple(warnings),
                )
            )
    return checks
