"""What `step` asks the shell to do, and what it says happened: plain data,
persisted in one transaction.

The engine never sends or stores anything itself (after goflow's events): the
shell turns `SendMessage` into outbox rows, `Record*` into result rows,
`OpenEscalation` into an escalation with its alert ladder, timers into rows.
Facts (`QuestionAsked`, `CheckInMissed`, `MoodStreak`, `WaitlistOfferLapsed`;
a check-in answered is the `RecordMood` that names its campaign) tell the
shell what happened, so it never compares two states to find out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from datetime import datetime
from enum import StrEnum
from typing import Any, Literal

from conversations.reading import Context, Mood, Reading

MessageKind = Literal["reply", "proactive"]
RsvpAnswer = Literal["yes", "no", "maybe", "waitlist"]
Urgency = Literal["normal", "urgent"]
# Why someone should get in touch: asked for it, sounds in trouble, needs a
# ride or company to an event, or a message we could not read at all.
# "no_answer": a safety check (or a "check on me") went unanswered.
EscalationReason = Literal["contact", "urgent", "transport", "not_understood", "no_answer"]

# Timer kinds `step` starts; the shell fires `ReplyWindowExpired(kind)` at due_at.
TIMER_CHECKIN = "checkin_window"
TIMER_WAITLIST = "waitlist_offer"
TIMER_SAFETY = "safety_check"  # the safety check's next reminder, or its deadline
# The "campaign" a mood is recorded against when it answers a safety check
# (the daily one or "KOLLA MIG OM"), not a social check-in.
SAFETY_CHECK = "safety_check"


class Question(StrEnum):
    """The kinds of question a senior can have open, at most one of each."""

    CHECKIN = "checkin"
    CONTACT_OFFER = "contact_offer"  # "Vill du att någon ringer dig?"
    INVITATION = "invitation"
    WAITLIST_OFFER = "waitlist_offer"


@dataclass(frozen=True, slots=True)
class SendMessage:
    """Send `text` to the senior.

    `kind="reply"` answers something the senior wrote and goes at once;
    `"proactive"` starts contact and waits for the end of quiet_hours.
    `buttons` are (label, value) pairs for channels that show them (Telegram);
    pressing one sends `value` back as a Reply. `template` names the text's
    key(s) for logs and statistics, joined by "+" when composed.
    """

    text: str
    template: str
    kind: MessageKind = "reply"
    buttons: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class RecordReading:
    """Store what the senior's message was understood to say, and the
    question it was read as an answer to (`context`)."""

    reading: Reading
    context: Context = Context.NONE


@dataclass(frozen=True, slots=True)
class RecordMood:
    """A mood. With a campaign it is the fact "check-in answered" (also a late
    answer, after the question closed); campaign and occurrence are None when
    the senior told us unprompted."""

    mood: Mood
    campaign: str | None
    occurrence: str | None
    asked_at: datetime | None = None  # when the question was asked, if not recorded yet


@dataclass(frozen=True, slots=True)
class RecordRsvp:
    """The senior's current answer to `event_id`; each one replaces the last.

    `guests` are extra people besides the senior. The shell holds the real seat
    count: if a "yes" no longer fits when it is stored, it may keep the senior
    on the waiting list instead.
    """

    event_id: str
    answer: RsvpAnswer
    guests: int = 0


# How much of the senior's own words a case keeps (its database column holds
# this many characters): the one limit for every quote, the engine's and the shell's.
QUOTE_LIMIT = 300


@dataclass(frozen=True, slots=True)
class OpenEscalation:
    """Hand the senior to a volunteer. `quote` is the senior's own words, at
    most QUOTE_LIMIT characters."""

    reason: EscalationReason
    urgency: Urgency
    quote: str


@dataclass(frozen=True, slots=True)
class OptOut:
    """The senior sent STOPP: no campaign may reach them until START."""


@dataclass(frozen=True, slots=True)
class OptIn:
    """The senior sent START after STOPP."""


@dataclass(frozen=True, slots=True)
class FlagWrongNumber:
    """Whoever has this number is not the senior; a coordinator should check."""


@dataclass(frozen=True, slots=True)
class StartTimer:
    """Create (or replace) this senior's timer of `kind`, due at `due_at` (UTC)."""

    kind: str
    due_at: datetime


@dataclass(frozen=True, slots=True)
class CancelTimer:
    """Delete this senior's timer of `kind`, if any."""

    kind: str


# --- facts: what happened, for the shell to record ---------------------------


@dataclass(frozen=True, slots=True)
class QuestionAsked:
    """A question was sent and is now open (not for a follow-up of it).
    `campaign` / `occurrence` name a check-in's occurrence, `event_id` the
    event of an invitation or a waiting-list offer."""

    question: Question
    campaign: str | None = None
    occurrence: str | None = None
    event_id: str | None = None


@dataclass(frozen=True, slots=True)
class CheckInMissed:
    """A check-in closed without an answer: its reply window and the one
    follow-up's ran out. `in_a_row` counts the senior's check-ins missed this
    way since the last one answered, this one too."""

    campaign: str | None
    occurrence: str | None
    asked_at: datetime
    in_a_row: int


@dataclass(frozen=True, slots=True)
class MoodStreak:
    """The senior has told `count` bad moods in a row (at least the configured
    `Settings.bad_moods_before_escalation`); emitted with each further one."""

    mood: Mood
    count: int


@dataclass(frozen=True, slots=True)
class WaitlistOfferLapsed:
    """A freed place offered from the waiting list was not taken in time: the
    senior stays on the list and the place may go to the next in line."""

    event_id: str


# --- review (issue 13) --------------------------------------------------------
@dataclass(frozen=True, slots=True)
class FlagForReview:
    """A person should read the senior's message (the console's "Att läsa"
    list): `reason` is the Reading's `review_reason`. The shell keeps the flag
    with the reading and treats it like a case if nobody reads it in time."""

    reason: str


@dataclass(frozen=True, slots=True)
class Paused:
    """The senior asked for a pause (PAUS 7, BORTA TILL 12/12): no texts and
    no safety check until `until` (UTC). The shell shows it to coordinators."""

    until: datetime


@dataclass(frozen=True, slots=True)
class AllClear:
    """The senior said all is well (ALLT OK, or a good answer to a safety
    check after a "no answer" case opened): the shell closes what the senior
    may close and tells the helpers."""


Action = (
    SendMessage
    | RecordReading
    | RecordMood
    | RecordRsvp
    | OpenEscalation
    | OptOut
    | OptIn
    | FlagWrongNumber
    | StartTimer
    | CancelTimer
    | QuestionAsked
    | CheckInMissed
    | MoodStreak
    | WaitlistOfferLapsed
    | FlagForReview
    | Paused
    | AllClear
)


def action_name(action: Action) -> str:
    """ "send_message", "open_escalation", ...: the action's type as a name."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", type(action).__name__).lower()


def action_to_json(action: Action) -> dict[str, Any]:
    """A JSON-ready dict with the action's name under "type", for logs and storage."""
    data: dict[str, Any] = {"type": action_name(action)}
    for spec in fields(action):
        value = getattr(action, spec.name)
        if isinstance(value, Reading):
            value = value.as_dict()
        elif isinstance(value, datetime):
            value = value.isoformat()
        elif isinstance(value, StrEnum):
            value = value.value
        elif isinstance(value, tuple):
            value = [list(pair) for pair in value]
        data[spec.name] = value
    return data
