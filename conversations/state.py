"""Where one senior's conversation stands, as a small serialisable value.

The shell stores `to_json()` after every turn and rebuilds the state with
`from_json()` before the next, so nothing important lives only in memory and
a restart loses nothing.

A senior can have several questions open at once (today's check-in, a lunch
invitation, "vill du att någon ringer?"), at most one of each kind, each with
its own asked time, follow-up flag and timer: a new question never silently
closes another. The latest invitation is kept separately, so a change of
mind or a question about it still works after other messages.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields, replace
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from conversations.actions import TIMER_CHECKIN, TIMER_WAITLIST, Question, RsvpAnswer
from conversations.inputs import EventInfo

STATE_VERSION = 2
_RSVP_ANSWERS: frozenset[str] = frozenset({"yes", "no", "maybe", "waitlist"})


class StateError(ValueError):
    """Stored state cannot be read (corrupt, or written by a newer version)."""


class Awaiting(StrEnum):
    """Version 1's single open question; read only to migrate old states."""

    NOTHING = "nothing"
    CHECKIN = "checkin"
    CONTACT_OFFER = "contact_offer"
    INVITATION = "invitation"
    WAITLIST_OFFER = "waitlist_offer"


# The timer row (kind) each question's reply window runs on; the others close
# without a row: an invitation when its event starts, an offer of a call when
# the reply window has passed and the senior writes again.
QUESTION_TIMERS: dict[Question, str] = {
    Question.CHECKIN: TIMER_CHECKIN,
    Question.WAITLIST_OFFER: TIMER_WAITLIST,
}


@dataclass(frozen=True, slots=True)
class OpenQuestion:
    """One question the senior has not answered yet.

    `asked_at` is when it was first asked (a follow-up keeps it). `campaign`
    and `occurrence` name a check-in's occurrence. `timer` / `timer_due_at`
    are the running timer row's kind and due time, if any.
    """

    kind: Question
    asked_at: datetime
    clarified: bool = False  # one clarifying question already asked about it
    followed_up: bool = False  # one follow-up already sent for it
    timer: str | None = None
    timer_due_at: datetime | None = None
    campaign: str | None = None
    occurrence: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind.value,
            "asked_at": _time_out(self.asked_at),
            "clarified": self.clarified,
            "followed_up": self.followed_up,
            "timer": self.timer,
            "timer_due_at": _time_out(self.timer_due_at),
            "campaign": self.campaign,
            "occurrence": self.occurrence,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> OpenQuestion:
        asked_at = _time_in(data["asked_at"])
        if asked_at is None:
            raise StateError("an open question needs asked_at")
        return cls(
            kind=Question(data["kind"]),
            asked_at=asked_at,
            clarified=bool(data.get("clarified", False)),
            followed_up=bool(data.get("followed_up", False)),
            timer=data.get("timer"),
            timer_due_at=_time_in(data.get("timer_due_at")),
            campaign=data.get("campaign"),
            occurrence=data.get("occurrence"),
        )


@dataclass(frozen=True, slots=True)
class LastCheckIn:
    """The latest check-in that closed unanswered: a mood sent a little later
    still answers it (see `flows.moods.LATE_ANSWER`)."""

    campaign: str | None
    occurrence: str | None
    asked_at: datetime

    def to_json(self) -> dict[str, Any]:
        return {
            "campaign": self.campaign,
            "occurrence": self.occurrence,
            "asked_at": _time_out(self.asked_at),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> LastCheckIn:
        asked_at = _time_in(data["asked_at"])
        if asked_at is None:
            raise StateError("last_checkin needs asked_at")
        return cls(data.get("campaign"), data.get("occurrence"), asked_at)


@dataclass(frozen=True, slots=True)
class Clarification:
    """A reply that fitted several open questions ("1" to a check-in and an
    invitation); Hejsan asked which one it was about. The next reply that
    names one applies `text` to it."""

    text: str
    questions: tuple[Question, ...]
    asked_at: datetime

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "questions": [q.value for q in self.questions],
            "asked_at": _time_out(self.asked_at),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Clarification:
        asked_at = _time_in(data["asked_at"])
        if asked_at is None:
            raise StateError("a clarification needs asked_at")
        return cls(str(data["text"]), tuple(Question(q) for q in data["questions"]), asked_at)


# A senior's safety-check reminders when a coordinator set none: +30 and +60 min.
DEFAULT_SAFETY_REMINDERS = (timedelta(minutes=30), timedelta(minutes=60))


@dataclass(frozen=True, slots=True)
class SafetyWatch:
    """A safety check running: the daily one, or a "check on me in 30" the
    senior asked for (`asked_at` None until it is asked). Any message from
    the senior ends it; no answer walks it through `reminders` (offsets from
    the ask) to a "no answer" case at `deadline`. After the case opened it
    stays, so the senior's next reply can close the loop."""

    label: str
    occurrence: str
    due_at: datetime | None
    asked_at: datetime | None = None
    reminders: tuple[timedelta, ...] = ()
    deadline: timedelta = timedelta(minutes=90)
    sent: int = 0  # reminders sent
    case_opened: bool = False
    contact: str = ""
    requested: bool = False  # "KOLLA MIG OM 30"

    def to_json(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "occurrence": self.occurrence,
            "due_at": _time_out(self.due_at),
            "asked_at": _time_out(self.asked_at),
            "reminders": [r.total_seconds() for r in self.reminders],
            "deadline": self.deadline.total_seconds(),
            "sent": self.sent,
            "case_opened": self.case_opened,
            "contact": self.contact,
            "requested": self.requested,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SafetyWatch:
        return cls(
            label=str(data["label"]),
            occurrence=str(data["occurrence"]),
            due_at=_time_in(data.get("due_at")),
            asked_at=_time_in(data.get("asked_at")),
            reminders=tuple(timedelta(seconds=float(r)) for r in data.get("reminders", ())),
            deadline=timedelta(seconds=float(data.get("deadline", 5400))),
            sent=int(data.get("sent", 0)),
            case_opened=bool(data.get("case_opened", False)),
            contact=str(data.get("contact", "")),
            requested=bool(data.get("requested", False)),
        )


@dataclass(frozen=True, slots=True)
class ConversationState:
    """One senior's conversation.

    `name` and `lang` come from the Senior record; the shell sets them with
    `with_senior` each time it loads the state, so a renamed senior or a
    changed language takes effect on the next message. `questions` are the
    open questions in the order they were asked. `bad_moods` and
    `missed_checkins` count in a row, for the streak facts.
    """

    name: str = ""
    lang: str = "sv"
    opted_out: bool = False
    questions: tuple[OpenQuestion, ...] = ()
    last_checkin: LastCheckIn | None = None
    clarifying: Clarification | None = None
    event: EventInfo | None = None
    rsvp: RsvpAnswer | None = None  # answer to `event`
    guests: int = 0
    contact_requested_at: datetime | None = None  # escalation open, not yet claimed
    bad_moods: int = 0
    missed_checkins: int = 0
    safety: SafetyWatch | None = None
    paused_until: datetime | None = None  # PAUS 7 / BORTA TILL 12/12
    safety_asked_at: datetime | None = None  # the last daily safety check asked
    # The senior's own safety-check reminders (from the Senior record, like
    # name and lang): "KOLLA MIG OM 30" walks the same chain as the daily check.
    safety_reminders: tuple[timedelta, ...] = DEFAULT_SAFETY_REMINDERS

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

    def question(self, kind: Question) -> OpenQuestion | None:
        """The open question of `kind`, if any."""
        for question in self.questions:
            if question.kind is kind:
                return question
        return None

    def is_open(self, *kinds: Question) -> bool:
        return any(question.kind in kinds for question in self.questions)

    @property
    def latest(self) -> OpenQuestion | None:
        """The question asked last, which an unclear reply is taken to be about."""
        return self.questions[-1] if self.questions else None

    def with_question(self, question: OpenQuestion) -> ConversationState:
        """Open `question`, replacing one of the same kind, as the latest."""
        kept = tuple(q for q in self.questions if q.kind is not question.kind)
        return self.evolve(questions=(*kept, question))

    def without(self, *kinds: Question) -> ConversationState:
        return self.evolve(questions=tuple(q for q in self.questions if q.kind not in kinds))

    def with_senior(
        self,
        *,
        name: str,
        lang: str,
        safety_reminders: tuple[timedelta, ...] = DEFAULT_SAFETY_REMINDERS,
    ) -> ConversationState:
        """The same conversation with the Senior record's current name,
        language and safety-check reminders."""
        return self.evolve(name=name, lang=lang, safety_reminders=safety_reminders)

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
            "questions": [question.to_json() for question in self.questions],
            "last_checkin": self.last_checkin.to_json() if self.last_checkin else None,
            "clarifying": self.clarifying.to_json() if self.clarifying else None,
            "event": self.event.to_json() if self.event else None,
            "rsvp": self.rsvp,
            "guests": self.guests,
            "contact_requested_at": _time_out(self.contact_requested_at),
            "bad_moods": self.bad_moods,
            "missed_checkins": self.missed_checkins,
            "safety": self.safety.to_json() if self.safety else None,
            "paused_until": _time_out(self.paused_until),
            "safety_asked_at": _time_out(self.safety_asked_at),
            "safety_reminders": [r.total_seconds() for r in self.safety_reminders],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ConversationState:
        """Rebuild a stored state (this version or version 1). Raises
        StateError when it cannot be read."""
        if not isinstance(data, dict):
            raise StateError("conversation state must be a JSON object")
        version = data.get("v")
        if version not in (1, STATE_VERSION):
            raise StateError(f"conversation state version {version!r}, expected {STATE_VERSION}")
        try:
            rsvp = data.get("rsvp")
            if rsvp is not None and rsvp not in _RSVP_ANSWERS:
                raise StateError(f"unknown rsvp {rsvp!r}")
            event = data.get("event")
            common = cls(
                name=str(data.get("name", "")),
                lang=str(data.get("lang", "sv")),
                opted_out=bool(data.get("opted_out", False)),
                event=EventInfo.from_json(event) if event else None,
                rsvp=rsvp,
                guests=int(data.get("guests", 0)),
                contact_requested_at=_time_in(data.get("contact_requested_at")),
            )
            if version == 1:
                return _from_version_1(common, data)
            last = data.get("last_checkin")
            clarifying = data.get("clarifying")
            safety = data.get("safety")
            questions = tuple(OpenQuestion.from_json(q) for q in data.get("questions", ()))
            _check_unique(question.kind for question in questions)
            return common.evolve(
                questions=questions,
                last_checkin=LastCheckIn.from_json(last) if last else None,
                clarifying=Clarification.from_json(clarifying) if clarifying else None,
                bad_moods=int(data.get("bad_moods", 0)),
                missed_checkins=int(data.get("missed_checkins", 0)),
                safety=SafetyWatch.from_json(safety) if safety else None,
                paused_until=_time_in(data.get("paused_until")),
                safety_asked_at=_time_in(data.get("safety_asked_at")),
                safety_reminders=_reminders_in(data.get("safety_reminders")),
            )
        except StateError:
            raise
        except (KeyError, TypeError, ValueError) as exc:
            raise StateError(f"conversation state cannot be read: {exc}") from exc


def _from_version_1(common: ConversationState, data: dict[str, Any]) -> ConversationState:
    """Version 1 kept one open question (`awaiting`); it becomes the only open
    question. A closed check-in whose campaign was still kept becomes the
    last check-in, so a late answer still counts for it. Streaks start at 0."""
    awaiting = Awaiting(data.get("awaiting", Awaiting.NOTHING.value))
    asked_at = _time_in(data.get("asked_at"))
    campaign, occurrence = data.get("campaign"), data.get("occurrence")
    state = common
    if awaiting is not Awaiting.NOTHING and asked_at is not None:
        question = OpenQuestion(
            kind=Question(awaiting.value),
            asked_at=asked_at,
            clarified=bool(data.get("clarified", False)),
            followed_up=bool(data.get("followed_up", False)),
            timer=data.get("timer"),
            timer_due_at=_time_in(data.get("timer_due_at")),
            campaign=campaign if awaiting is Awaiting.CHECKIN else None,
            occurrence=occurrence if awaiting is Awaiting.CHECKIN else None,
        )
        state = state.evolve(questions=(question,))
    elif campaign is not None and asked_at is not None:
        state = state.evolve(last_checkin=LastCheckIn(campaign, occurrence, asked_at))
    return state


def _check_unique(kinds: Iterable[Question]) -> None:
    seen: set[Question] = set()
    for kind in kinds:
        if kind in seen:
            raise StateError(f"two open questions of kind {kind.value!r}")
        seen.add(kind)


def _reminders_in(stored: Any) -> tuple[timedelta, ...]:
    if stored is None:
        return DEFAULT_SAFETY_REMINDERS
    return tuple(timedelta(seconds=float(seconds)) for seconds in stored)


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
