"""One turn of a conversation: the state so far and the actions collected.

Flows read and update the state through a Turn and append actions to it, so
each flow function stays a few lines of domain logic. A Turn lives only for
one call of `step`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from conversations.actions import (
    QUOTE_LIMIT,
    Action,
    CancelTimer,
    CheckInMissed,
    MessageKind,
    Question,
    QuestionAsked,
    SendMessage,
    StartTimer,
)
from conversations.inputs import EventInfo
from conversations.settings import Settings
from conversations.state import QUESTION_TIMERS, ConversationState, LastCheckIn, OpenQuestion
from conversations.templates import Templates

# Questions about the kept event: at most one of them is open.
EVENT_QUESTIONS = (Question.INVITATION, Question.WAITLIST_OFFER)


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

    def merge_replies(self, *, since: int) -> None:
        """Join the replies sent since action number `since` into one message
        (the last one's buttons): one answer to one text, never several."""
        replies = [
            action
            for action in self.actions[since:]
            if isinstance(action, SendMessage) and action.kind == "reply"
        ]
        if len(replies) < 2:
            return
        merged = SendMessage(
            text=" ".join(reply.text for reply in replies),
            template="+".join(reply.template for reply in replies),
            buttons=replies[-1].buttons,
        )
        rest = [action for action in self.actions[since:] if action not in replies]
        self.actions[since:] = [*rest, merged]

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

    # --- the open questions -----------------------------------------------

    def ask(
        self,
        kind: Question,
        *,
        window: timedelta,
        campaign: str | None = None,
        occurrence: str | None = None,
        event_id: str | None = None,
    ) -> None:
        """Open `kind` as a new question, with its reply window's timer.

        An open question of the same kind is replaced (a check-in still open
        when the next one comes is not "missed": only its reply window
        running out says that, and planning a campaign keeps to bulk rows);
        an invitation and a waiting-list offer are about the kept event, so
        one replaces the other. Other open questions stay open with their
        timers.
        """
        if kind in EVENT_QUESTIONS:
            for other in EVENT_QUESTIONS:
                if other is not kind:
                    self.close(other)
        self.open(kind, window=window, campaign=campaign, occurrence=occurrence)
        self.act(QuestionAsked(kind, campaign, occurrence, event_id))

    def open(
        self,
        kind: Question,
        *,
        window: timedelta,
        asked_at: datetime | None = None,
        followed_up: bool = False,
        campaign: str | None = None,
        occurrence: str | None = None,
    ) -> None:
        """Put `kind` in the open questions (the latest) and start its timer."""
        timer = QUESTION_TIMERS.get(kind)
        due_at = self.now + window if timer else None
        if timer is not None and due_at is not None:
            self.act(StartTimer(timer, due_at))
        question = OpenQuestion(
            kind=kind,
            asked_at=asked_at or self.now,
            followed_up=followed_up,
            timer=timer,
            timer_due_at=due_at,
            campaign=campaign,
            occurrence=occurrence,
        )
        self.state = self.state.with_question(question)
        if kind is Question.CHECKIN:
            self.update(last_checkin=None)
        self._drop_clarification(kind)

    def close(self, kind: Question) -> None:
        """`kind` is no longer open; its timer, if running, is cancelled. A
        check-in closed without a mood stays answerable for a while."""
        question = self.state.question(kind)
        if question is None:
            return
        if question.timer is not None:
            self.act(CancelTimer(question.timer))
        self.state = self.state.without(kind)
        if kind is Question.CHECKIN:
            self.update(
                last_checkin=LastCheckIn(question.campaign, question.occurrence, question.asked_at)
            )
        self._drop_clarification(kind)

    def close_all(self) -> None:
        for question in self.state.questions:
            self.close(question.kind)

    def checkin_missed(self) -> None:
        """Close the check-in nobody answered and say so (silently after STOPP)."""
        question = self.state.question(Question.CHECKIN)
        if question is None:
            return
        self.close(Question.CHECKIN)
        if not self.state.opted_out:
            in_a_row = self.state.missed_checkins + 1
            self.update(missed_checkins=in_a_row)
            self.act(
                CheckInMissed(question.campaign, question.occurrence, question.asked_at, in_a_row)
            )

    def mark(self, kind: Question, **changes: Any) -> None:
        """Change fields (`clarified`, ...) of the open question `kind`."""
        question = self.state.question(kind)
        if question is not None:
            questions = tuple(
                replace(q, **changes) if q.kind is kind else q for q in self.state.questions
            )
            self.update(questions=questions)

    def _drop_clarification(self, kind: Question) -> None:
        pending = self.state.clarifying
        if pending is not None and kind in pending.questions:
            self.update(clarifying=None)

    def live_event(self) -> EventInfo | None:
        """The kept invitation if it has not started yet."""
        event = self.state.event
        if event is None or event.starts_at <= self.now:
            return None
        return event

    def quote(self, text: str) -> str:
        return text.strip()[:QUOTE_LIMIT]
