"""What can happen to one senior's conversation: the `Input`s of `step`.

A reply from the senior, a prompt the scheduler decided to send, a timer that
fired, a volunteer's claim. Each is plain data the shell builds from a webhook,
a campaign occurrence or a timer row. (The word "event" is kept for the
gathering seniors are invited to: `EventInfo` here, `Event` in the database.)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any


@dataclass(frozen=True, slots=True)
class EventInfo:
    """An event seniors are invited to (a soup lunch, a coffee morning).

    `starts_at` is an aware local time (Europe/Stockholm) and is shown in its
    own zone. `price` is display text ("50 kr"); None means no price is known,
    so a question about cost is sent to the coordinator. `seats_left` is the
    shell's current count, so `step` can decide "full -> waiting list"; None
    means no limit. `cancelled`: a coordinator called it off; an answer to
    it books nothing and is told so.
    """

    id: str
    title: str
    venue: str
    starts_at: datetime
    price: str | None = None
    rsvp_by: date | None = None
    seats_left: int | None = None
    cancelled: bool = False

    def __post_init__(self) -> None:
        if self.starts_at.tzinfo is None:
            raise ValueError("EventInfo.starts_at must be an aware datetime")

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "venue": self.venue,
            "starts_at": self.starts_at.isoformat(),
            "price": self.price,
            "rsvp_by": self.rsvp_by.isoformat() if self.rsvp_by else None,
            "seats_left": self.seats_left,
            **({"cancelled": True} if self.cancelled else {}),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> EventInfo:
        rsvp_by = data.get("rsvp_by")
        return cls(
            id=str(data["id"]),
            title=str(data["title"]),
            venue=str(data["venue"]),
            starts_at=datetime.fromisoformat(data["starts_at"]),
            price=data.get("price"),
            rsvp_by=date.fromisoformat(rsvp_by) if rsvp_by else None,
            seats_left=data.get("seats_left"),
            cancelled=bool(data.get("cancelled", False)),
        )


@dataclass(frozen=True, slots=True)
class Reply:
    """A message from the senior (SMS text, Telegram text or a button's value)."""

    text: str


@dataclass(frozen=True, slots=True)
class CheckInPrompt:
    """Ask "Hur mår du idag?" for one occurrence of a check-in campaign.

    `text_override` is the campaign's own wording, sent as it is.
    `reply_window` overrides `Settings.reply_window` for this campaign.
    """

    campaign: str
    occurrence: str
    text_override: str | None = None
    reply_window: timedelta | None = None


@dataclass(frozen=True, slots=True)
class InvitationPrompt:
    """Invite the senior to `event` for the first time."""

    event: EventInfo


@dataclass(frozen=True, slots=True)
class InvitationReminder:
    """Remind a senior who said yes; ignored for anyone else."""

    event: EventInfo


@dataclass(frozen=True, slots=True)
class InvitationSecondAsk:
    """Ask once more; ignored for anyone who has already answered."""

    event: EventInfo


@dataclass(frozen=True, slots=True)
class WaitlistOffer:
    """A place freed up for a senior on the waiting list of `event`."""

    event: EventInfo


@dataclass(frozen=True, slots=True)
class ReplyWindowExpired:
    """A timer row fired. `kind` is the `StartTimer.kind` it was created with.

    `due_at` (optional) is the row's due time; a timer that was replaced by a
    newer one is ignored, so a late or duplicate fire is harmless.
    """

    kind: str
    due_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class MessagePrompt:
    """One-off information from the coordinator, sent as it is."""

    text: str


@dataclass(frozen=True, slots=True)
class EscalationClaimed:
    """A volunteer took the senior's escalation; tell the senior who."""

    volunteer_first_name: str


@dataclass(frozen=True, slots=True)
class SafetyCheckPrompt:
    """The daily safety check at the senior's chosen time (`label`, "09:30").

    No answer: a reminder after each of `reminders` (from the ask), then a
    "no answer" case at `deadline`. `contact` is the first name of whoever
    will be asked to call (a close contact), "" for a volunteer.
    """

    label: str
    occurrence: str
    reminders: tuple[timedelta, ...] = (timedelta(minutes=30), timedelta(minutes=60))
    deadline: timedelta = timedelta(minutes=90)
    contact: str = ""


Input = (
    Reply
    | CheckInPrompt
    | InvitationPrompt
    | InvitationReminder
    | InvitationSecondAsk
    | WaitlistOffer
    | ReplyWindowExpired
    | MessagePrompt
    | EscalationClaimed
    | SafetyCheckPrompt
)
