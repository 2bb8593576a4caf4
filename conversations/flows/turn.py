"""One turn of a conversation: the state so far and the actions collected.

Flows read and update the state through a Turn and append actions to it, so
each flow function stays a few lines of domain logic. A Turn lives only for
one call of `step`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from conversations.actions import (
    Action,
    CancelTimer,
    MessageKind,
    SendMessage,
    StartTimer,
)
from conversations.events import EventInfo
from conversations.settings import Settings
from conversations.state import Awaiting, ConversationState
from conversations.templates import Templates

# How much of the senior's message an escalation quotes.
QUOTE_LIMIT = 1000


@dataclass
class Turn:
    state: ConversationState
    now: datetime
    settings: Settings
    actions: list[Action] = field(default_factory=list)

    @property
    def templates(self) -> Templates:
        return self.settings.templates_for(self.state.lang)

    def update(self, **changes: Any) -> None:
        self.state = self.state.evolve(**changes)

    def act(self, *actions: Action) -> None:
        self.actions.extend(actions)

    # --- what we say -------------------------------------------------------

    def text(self, *keys: str, values: Mapping[str, object] | None = None) -> str:
        """Render `keys` with the common placeholders and `values`, joined
        into one message."""
        filled = {**self.common_values(), **(values or {})}
        return " ".join(self.templates.render(key, filled) for key in keys)

    def say(
        self,
        *keys: str,
        kind: MessageKind = "reply",
        buttons: tuple[str, ...] = (),
        values: Mapping[str, object] | None = None,
    ) -> None:
        """Send the message made of `keys`; `buttons` are `buttons.*` keys."""
        self.send(self.text(*keys, values=values), "+".join(keys), kind=kind, buttons=buttons)

    def send(
        self, text: str, template: str, *, kind: MessageKind, buttons: tuple[str, ...] = ()
    ) -> None:
        pairs = tuple(self._button(key) for key in buttons)
        self.act(SendMessage(text=text, template=template, kind=kind, buttons=pairs))

    def _button(self, key: str) -> tuple[str, str]:
        # The value is the label itself: pressing a button is read exactly as
        # if the senior had typed it, in their own language.
        label = self.templates.render(f"buttons.{key}", {})
        return (label, label)

    def common_values(self) -> dict[str, object]:
        """The placeholders every message may use."""
        templates = self.templates
        name = self.state.name.strip()
        hello = (
            templates.render("service.hello_name", {"name": name})
            if name
            else templates.render("service.hello", {})
        )
        return {
            "hello": hello,
            "name": name,
            "service": self.settings.service_name,
            "organisation": self.settings.organisation,
            "coordinator_phone": self.settings.coordinator_phone,
            "helper": templates.render("service.helper", {}),
            "eta": self.eta(),
        }

    def eta(self) -> str:
        """Honest "when": the usual ETA while someone is on duty, else when
        the next shift starts."""
        if self.settings.help_available_now:
            return self.templates.render("service.eta", {})
        if self.settings.help_next_available is not None:
            return self.templates.format_soon(self.settings.help_next_available, self.now)
        return self.templates.render("service.eta_unknown", {})

    def event_values(self, event: EventInfo) -> dict[str, object]:
        templates = self.templates
        return {
            "event_title": event.title,
            "venue": event.venue,
            "when": templates.format_when(event.starts_at),
            "price": event.price or "",
            "rsvp_by": templates.format_date(event.rsvp_by) if event.rsvp_by else "",
        }

    # --- the open question -------------------------------------------------

    def ask(self, awaiting: Awaiting, *, timer: str | None, window: timedelta) -> None:
        """Open `awaiting` as the question the next reply answers; the latest
        question wins, so an older timer is cancelled and an unanswered
        check-in no longer waits for its mood."""
        if self.state.timer is not None and self.state.timer != timer:
            self.act(CancelTimer(self.state.timer))
        due_at = self.now + window if timer else None
        if timer is not None and due_at is not None:
            self.act(StartTimer(timer, due_at))
        if awaiting is not Awaiting.CHECKIN:
            self.update(campaign=None, occurrence=None)
        self.update(
            awaiting=awaiting,
            asked_at=self.now,
            clarified=False,
            followed_up=False,
            timer=timer,
            timer_due_at=due_at,
        )

    def close_question(self) -> None:
        """Nothing is open any more; its timer, if any, is cancelled."""
        if self.state.timer is not None:
            self.act(CancelTimer(self.state.timer))
        self.update(
            awaiting=Awaiting.NOTHING,
            clarified=False,
            followed_up=False,
            timer=None,
            timer_due_at=None,
        )

    def live_event(self) -> EventInfo | None:
        """The kept invitation if it has not started yet."""
        event = self.state.event
        if event is None or event.starts_at <= self.now:
            return None
        return event

    def quote(self, text: str) -> str:
        return text.strip()[:QUOTE_LIMIT]
