"""Where one senior's conversation stands, as a small serialisable value.

The shell stores `to_json()` after every turn and rebuilds the state with
`from_json()` before the next, so nothing important lives only in memory and
a restart loses nothing. Only the latest question is open ("latest question
wins"); the latest invitation is kept separately so a change of mind or a
question about it still works after other messages.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import datetime
from enum import StrEnum
from typing import Any

from conversations.actions import RsvpAnswer
from conversations.events import EventInfo

STATE_VERSION = 1
_RSVP_ANSWERS: frozenset[str] = frozenset({"yes", "no", "maybe", "waitlist"})


class StateError(ValueError):
    """Stored state cannot be read (corrupt, or written by a newer version)."""


class Awaiting(StrEnum):
    """The question the senior's next reply most likely answers."""

    NOTHING = "nothing"
    CHECKIN = "checkin"
    CONTACT_OFFER = "contact_offer"  # "Vill du att någon ringer dig?"
    INVITATION = "invitation"
    WAITLIST_OFFER = "waitlist_offer"


@dataclass(frozen=True, slots=True)
class ConversationState:
    """One senior's conversation.

    `name` and `lang` come from the Senior record; the shell sets them with
    `with_senior` each time it loads the state, so a renamed senior or a
    changed language takes effect on the next message.
    """

    name: str = ""
    lang: str = "sv"
    opted_out: bool = False
    awaiting: Awaiting = Awaiting.NOTHING
    asked_at: datetime | None = None
    clarified: bool = False  # one clarifying question already asked
    followed_up: bool = False  # one follow-up already sent for this question
    timer: str | None = None  # kind of the running timer, if any
    timer_due_at: datetime | None = None
    campaign: str | None = None
    occurrence: str | None = None
    event: EventInfo | None = None
    rsvp: RsvpAnswer | None = None  # answer to `event`
    guests: int = 0
    contact_requested_at: datetime | None = None  # escalation open, not yet claimed

    def evolve(self, **changes: Any) -> ConversationState:
        """A copy with `changes`; like dataclasses.replace, without its per-call
        introspection (the engine makes a few per turn, campaigns 100,000 turns)."""
        unknown = changes.keys() - _FIELD_NAMES
        if unknown:
            raise TypeError(f"ConversationState has no field(s) {sorted(unknown)}")
        new = object.__new__(ConversationState)
        for name in _FIELD_NAMES:
            object.__setattr__(new, name, changes[name] if name in changes else getattr(self, name))
        return new

    def with_senior(self, *, name: str, lang: str) -> ConversationState:
        """The same conversation with the Senior record's current name and language."""
        return self.evolve(name=name, lang=lang)

    def with_current_event(self, event: EventInfo) -> ConversationState:
        """Refresh the kept invitation (e.g. seats_left) if it is `event`."""
        if self.event is None or self.event.id != event.id:
            return self
        return replace(self, event=event)

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict; `from_json` reads it back."""
        return {
            "v": STATE_VERSION,
            "name": self.name,
            "lang": self.lang,
            "opted_out": self.opted_out,
            "awaiting": self.awaiting.value,
            "asked_at": _time_out(self.asked_at),
            "clarified": self.clarified,
            "followed_up": self.followed_up,
            "timer": self.timer,
            "timer_due_at": _time_out(self.timer_due_at),
            "campaign": self.campaign,
            "occurrence": self.occurrence,
            "event": self.event.to_json() if self.event else None,
            "rsvp": self.rsvp,
            "guests": self.guests,
            "contact_requested_at": _time_out(self.contact_requested_at),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ConversationState:
        """Rebuild a stored state. Raises StateError when it cannot be read."""
        if not isinstance(data, dict):
            raise StateError("conversation state must be a JSON object")
        version = data.get("v")
        if version != STATE_VERSION:
            raise StateError(f"conversation state version {version!r}, expected {STATE_VERSION}")
        try:
            rsvp = data.get("rsvp")
            if rsvp is not None and rsvp not in _RSVP_ANSWERS:
                raise StateError(f"unknown rsvp {rsvp!r}")
            event = data.get("event")
            return cls(
                name=str(data.get("name", "")),
                lang=str(data.get("lang", "sv")),
                opted_out=bool(data.get("opted_out", False)),
                awaiting=Awaiting(data.get("awaiting", Awaiting.NOTHING.value)),
                asked_at=_time_in(data.get("asked_at")),
                clarified=bool(data.get("clarified", False)),
                followed_up=bool(data.get("followed_up", False)),
                timer=data.get("timer"),
                timer_due_at=_time_in(data.get("timer_due_at")),
                campaign=data.get("campaign"),
                occurrence=data.get("occurrence"),
                event=EventInfo.from_json(event) if event else None,
                rsvp=rsvp,
                guests=int(data.get("guests", 0)),
                contact_requested_at=_time_in(data.get("contact_requested_at")),
            )
        except StateError:
            raise
        except (KeyError, TypeError, ValueError) as exc:
            raise StateError(f"conversation state cannot be read: {exc}") from exc


def _time_out(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _time_in(text: Any) -> datetime | None:
    if text is None:
        return None
    moment = datetime.fromisoformat(str(text))
    if moment.tzinfo is None:
        raise StateError(f"stored time {text!r} has no time zone")
    return moment


_FIELD_NAMES = tuple(f.name for f in fields(ConversationState))
