"""What the console's change forms share: reading typed values from form text,
and turning a service's error into a Swedish line next to the field at fault.

The services (bot/people/changes.py, bot/events/changes.py) decide what is
valid and name the field in their error; the page only says it in plain words.
"""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from bot.core.errors import HejsanError

# The line shown next to a field the service refused; the template translates it.
FIELD_HINTS = {
    "name": "Skriv ett namn, högst 200 tecken.",
    "phone": "Skriv ett giltigt telefonnummer som ingen annan har, t.ex. 070-123 45 67.",
    "sms": "Numret tillhör någon annan i Hejsan.",
    "telegram": "Ett Telegram-chatt-id är bara siffror och får inte tillhöra någon annan.",
    "lang": "Välj svenska, engelska eller finska.",
    "tags": "En tagg får vara högst 100 tecken.",
    "until": "Välj en dag efter idag, eller lämna tomt för tills vidare.",
    "max_open_cases": "Skriv ett heltal, 0 eller mer.",
    "day": "Välj ett datum som inte har varit.",
    "at": "Välj en tid som inte har varit, t.ex. 12:00.",
    "venue": "Skriv var träffen är.",
    "capacity": "Skriv antal platser, minst 1, eller lämna tomt för obegränsat.",
    "count": "Antal tillfällen gäller en serie: fyll också i var hur många veckor.",
    "confirm": "Kryssa i rutan för att bekräfta.",
}
GENERAL = "Det gick inte att spara. Kontrollera fälten."


class FormError(HejsanError):
    """A form value the page could not read (a date, a whole number)."""

    def __init__(self, field: str) -> None:
        super().__init__(FIELD_HINTS[field])
        self.field = field


def errors_of(exc: HejsanError) -> dict[str, str]:
    """{field: Swedish hint} for a refused change; "" is the form as a whole,
    with the Swedish half of the service's own message."""
    field = getattr(exc, "field", None)
    if field in FIELD_HINTS:
        return {"phone" if field == "sms" else field: FIELD_HINTS[field]}
    return {"": str(exc).split(" / ")[0] or GENERAL}


def optional_int(text: str, field: str) -> int | None:
    """An empty field is None; anything but a whole number is a FormError."""
    raw = text.strip()
    if not raw:
        return None
    if not raw.lstrip("-").isdigit():
        raise FormError(field)
    return int(raw)


def day_start(text: str, field: str, tz: ZoneInfo) -> datetime | None:
    """Midnight at the start of a YYYY-MM-DD day in `tz`; empty is None."""
    raw = text.strip()
    if not raw:
        return None
    try:
        return datetime.combine(date.fromisoformat(raw), time(0, 0), tzinfo=tz)
    except ValueError:
        raise FormError(field) from None


def local_moment(day: str, at: str, tz: ZoneInfo) -> datetime:
    """A date field and a time field as one aware moment in `tz`."""
    try:
        parsed_day = date.fromisoformat(day.strip())
    except ValueError:
        raise FormError("day") from None
    try:
        parsed_time = time.fromisoformat(at.strip())
    except ValueError:
        raise FormError("at") from None
    return datetime.combine(parsed_day, parsed_time, tzinfo=tz)


def tag_list(text: str) -> tuple[str, ...]:
    """Tags as typed in one field, separated by commas."""
    return tuple(part.strip() for part in text.split(",") if part.strip())
