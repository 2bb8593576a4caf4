"""What a reply means: the result of `interpret`.

A Reading is plain data so the shell can store it and tests can compare it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any


class Context(StrEnum):
    """What Hejsan last asked, which changes what a bare "1" or "ja" means."""

    CHECKIN = "checkin"
    INVITATION = "invitation"
    NONE = "none"


class Mood(StrEnum):
    GOOD = "good"
    OK = "ok"
    BAD = "bad"


class Rsvp(StrEnum):
    YES = "yes"
    NO = "no"
    MAYBE = "maybe"


@dataclass(frozen=True, slots=True)
class Reading:
    """Everything one message says that Hejsan acts on.

    `urgent` and `contact` are independent of the answer: a message can answer
    the question and still ask for help, and safety wins.
    """

    mood: Mood | None = None
    rsvp: Rsvp | None = None
    guests: int | None = None
    contact: bool = False
    urgent: bool = False
    stop: bool = False
    start: bool = False
    # Finer signals the flows use; not part of the CLI contract.
    suicidal: bool = False
    question: str | None = None  # "place" | "time" | "cost" | None
    greeting: bool = False
    thanks: bool = False
    who_is_this: bool = False
    wrong_number: bool = False
    transport: bool = False  # needs a ride or company to get to an event

    def contract(self) -> dict[str, Any]:
        """The stable JSON shape of `hejsan interpret` (DESIGN.md contract)."""
        return {
            "mood": self.mood.value if self.mood else None,
            "rsvp": self.rsvp.value if self.rsvp else None,
            "guests": self.guests,
            "contact": self.contact,
            "urgent": self.urgent,
            "stop": self.stop,
        }

    def as_dict(self) -> dict[str, Any]:
        """Every field, JSON-ready, for storage."""
        data = asdict(self)
        data["mood"] = self.mood.value if self.mood else None
        data["rsvp"] = self.rsvp.value if self.rsvp else None
        return data

    @property
    def is_empty(self) -> bool:
        """True when nothing in the message was understood."""
        return self == Reading()
