"""What a reply means: the result of `interpret`.

A Reading is plain data so the shell can store it and tests can compare it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
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


class ReviewReason(StrEnum):
    """Why a person should read a reply that Hejsan could not read with confidence."""

    NOT_UNDERSTOOD = "not_understood"  # nothing read where an answer was expected
    LONG = "long"  # a long message the word lists cannot account for
    WEAK_DANGER = "weak_danger"  # medicine, dizziness, smoke, "somna och inte vakna"
    LANGUAGE = "language"  # written in another language than the senior's
    MODEL = "model"  # the learned reader is unsure about danger or contact


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
    # A person should read this reply (the console's "Att läsa" list), and why.
    review: bool = False
    review_reason: ReviewReason | None = None

    def contract(self) -> dict[str, Any]:
        """The stable JSON shape of `hejsan interpret` (DESIGN.md contract)."""
        return {
            "mood": self.mood.value if self.mood else None,
            "rsvp": self.rsvp.value if self.rsvp else None,
            "guests": self.guests,
            "contact": self.contact,
            "urgent": self.urgent,
            "stop": self.stop,
            "review": self.review,
        }

    def as_dict(self) -> dict[str, Any]:
        """Every field, JSON-ready, for storage."""
        data = asdict(self)
        data["mood"] = self.mood.value if self.mood else None
        data["rsvp"] = self.rsvp.value if self.rsvp else None
        data["review_reason"] = self.review_reason.value if self.review_reason else None
        return data

    @property
    def is_empty(self) -> bool:
        """True when nothing in the message was understood."""
        return replace(self, review=False, review_reason=None) == _EMPTY


_EMPTY = Reading()
