"""Golden transcripts: conversations replayed through `step` and compared turn by turn.

Each `golden/*.txt` file is a conversation a coordinator can read:

    # what this shows                      comment (kept when regenerating)
    lang: sv                               header until the first blank line
    name: Anna
    now: 2026-12-01T10:00:00+01:00
    help: off until 2026-12-02T08:00:00+01:00   (or "off"; default: on duty)
    opted_out: yes                         (optional: start after STOPP)
    safety_reminders: 15m                  (optional: the senior's own, default 30m,60m)
    event lunch: title="Soppluncha" venue="Träffpunkt" starts=2026-12-09T12:00:00+01:00
                 price="50 kr" seats=12 rsvp_by=2026-12-07   (one line)

    @ +2h                                  time passes (or an absolute time)
    >> checkin morgon 2026-12-01           an input from the scheduler or shell
    > 3                                    the senior writes
    < text                                 a reply to the senior
    << text                                a proactive message (waits for quiet hours)
       [1 Bra] [2 Sådär]                   its buttons
    ! record_mood bad morgon 2026-12-01    any other action or fact (question_asked, ...)

Inputs: `checkin CAMPAIGN OCCURRENCE [window=2h]`, `invite EVENT [seats=N]`,
`second_ask EVENT`, `reminder EVENT`, `waitlist_offer EVENT [seats=N]`,
`expire TIMER_KIND`, `message TEXT`, `claimed NAME`,
`safety_check LABEL OCCURRENCE [contact=NAME] [reminders=30m,60m] [deadline=90m]`.
`record_reading` is emitted for every reply and is left out here (see
test_engine). The state is reloaded from its JSON form before every turn,
and every text sent must stay inside GSM-7.

`pytest --update-golden` rewrites the outputs from the current behaviour;
review the diff like code.
"""

from __future__ import annotations

import json
import re
import shlex
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from conversations.actions import (
    Action,
    CancelTimer,
    CheckInMissed,
    FlagForReview,
    MoodStreak,
    OpenEscalation,
    Paused,
    QuestionAsked,
    RecordMood,
    RecordReading,
    RecordRsvp,
    SendMessage,
    StartTimer,
    WaitlistOfferLapsed,
    action_name,
)
from conversations.engine import step
from conversations.inputs import (
    CheckInPrompt,
    EscalationClaimed,
    EventInfo,
    Input,
    InvitationPrompt,
    InvitationReminder,
    InvitationSecondAsk,
    MessagePrompt,
    Reply,
    ReplyWindowExpired,
    SafetyCheckPrompt,
    WaitlistOffer,
)
from conversations.settings import Settings
from conversations.sms_cost import is_gsm7
from conversations.state import ConversationState
from conversations.templates import SUPPORTED_LANGUAGES

GOLDEN = Path(__file__).parent / "golden"
FILES = sorted(GOLDEN.glob("*.txt"))
OUTPUT = re.compile(r"^(<<? |! |\s+\[)")
DURATION = re.compile(r"^\+?(\d+)([mhd])$")
UNITS = {"m": "minutes", "h": "hours", "d": "days"}

TEMPLATE_OVERRIDES = {
    "sv": {"service.helper": "en volontär från Väntjänsten", "service.eta": "inom en timme"},
    "en": {"service.helper": "a volunteer from Väntjänsten", "service.eta": "within an hour"},
}


def golden_settings(help_line: str | None) -> Settings:
    available, next_available = True, None
    if help_line:
        words = help_line.split()
        available = words[0] != "off"
        if len(words) == 3 and words[1] == "until":
            next_available = datetime.fromisoformat(words[2])
    return Settings.build(
        organisation="Tyresö kommun",
        coordinator_phone="08-578 291 00",
        help_available_now=available,
        help_next_available=next_available,
        template_overrides=TEMPLATE_OVERRIDES,
    )


@dataclass
class Replay:
    settings: Settings
    state: ConversationState
    now: datetime
    events: dict[str, EventInfo] = field(default_factory=dict)

    def run(self, given: Input) -> list[str]:
        stored = json.loads(json.dumps(self.state.to_json()))
        self.state, actions = step(
            ConversationState.from_json(stored), given, self.now, self.settings
        )
        return [line for action in actions for line in self.render(action)]

    def render(self, action: Action) -> list[str]:
        match action:
            case RecordReading():
                return []
            case SendMessage():
                assert is_gsm7(action.text) or action.template == "message", action.text
                lines = [("<< " if action.kind == "proactive" else "< ") + action.text]
                if action.buttons:
                    labels = (
                        f"[{label}]" if label == value else f"[{label}={value}]"
                        for label, value in action.buttons
                    )
                    lines.append("   " + " ".join(labels))
                return lines
            case RecordMood():
                return [f"! record_mood {action.mood} {action.campaign} {action.occurrence}"]
            case RecordRsvp():
                return [f"! record_rsvp {action.event_id} {action.answer} guests={action.guests}"]
            case OpenEscalation():
                quote = json.dumps(action.quote, ensure_ascii=False)
                return [f"! open_escalation {action.reason} {action.urgency} {quote}"]
            case StartTimer():
                due = action.due_at.astimezone(self.now.tzinfo).isoformat(timespec="minutes")
                return [f"! start_timer {action.kind} {due}"]
            case CancelTimer():
                return [f"! cancel_timer {action.kind}"]
            case FlagForReview():
                return [f"! flag_for_review {action.reason}"]
            case QuestionAsked():
                about = (action.event_id, action.campaign, action.occurrence)
                words = " ".join(part for part in about if part is not None)
                return [f"! question_asked {action.question} {words}".rstrip()]
            case CheckInMissed():
                return [
                    f"! checkin_missed {action.campaign} {action.occurrence}"
                    f" in_a_row={action.in_a_row}"
                ]
            case MoodStreak():
                return [f"! mood_streak {action.mood} {action.count}"]
            case WaitlistOfferLapsed():
                return [f"! waitlist_offer_lapsed {action.event_id}"]
            case Paused():
                until = action.until.astimezone(self.now.tzinfo).isoformat(timespec="minutes")
                return [f"! paused {until}"]
            case _:
                return [f"! {action_name(action)}"]

    def input(self, line: str) -> Input:
        command, *args = shlex.split(line)
        options = dict(arg.split("=", 1) for arg in args if "=" in arg)
        plain = [arg for arg in args if "=" not in arg]
        match command:
            case "checkin":
                window = options.get("window")
                return CheckInPrompt(
                    plain[0], plain[1], reply_window=duration(window) if window else None
                )
            case "invite":
                return InvitationPrompt(self.event_info(plain[0], options))
            case "second_ask":
                return InvitationSecondAsk(self.event_info(plain[0], options))
            case "reminder":
                return InvitationReminder(self.event_info(plain[0], options))
            case "waitlist_offer":
                return WaitlistOffer(self.event_info(plain[0], options))
            case "expire":
                return ReplyWindowExpired(plain[0])
            case "message":
                return MessagePrompt(line.split(None, 1)[1])
            case "claimed":
                return EscalationClaimed(plain[0])
            case "safety_check":
                reminders = options.get("reminders", "30m,60m")
                return SafetyCheckPrompt(
                    plain[0],
                    plain[1],
                    reminders=tuple(duration(part) for part in reminders.split(",") if part),
                    deadline=duration(options.get("deadline", "90m")),
                    contact=options.get("contact", ""),
                )
        raise ValueError(f"unknown input {command!r}")

    def event_info(self, event_id: str, options: dict[str, str]) -> EventInfo:
        info = self.events[event_id]
        if "seats" in options:
            info = replace(info, seats_left=int(options["seats"]))
        return info


def duration(text: str) -> timedelta:
    match = DURATION.match(text)
    assert match, f"bad duration {text!r}"
    return timedelta(**{UNITS[match[2]]: int(match[1])})


def parse_event(event_id: str, spec: str) -> EventInfo:
    fields_ = dict(part.split("=", 1) for part in shlex.split(spec))
    return EventInfo(
        id=event_id,
        title=fields_["title"],
        venue=fields_["venue"],
        starts_at=datetime.fromisoformat(fields_["starts"]),
        price=fields_.get("price"),
        rsvp_by=date.fromisoformat(fields_["rsvp_by"]) if "rsvp_by" in fields_ else None,
        seats_left=int(fields_["seats"]) if "seats" in fields_ else None,
    )


def replay(text: str) -> str:
    """Run the transcript's inputs and write it back with the actual outputs."""
    lines = text.splitlines()
    header: dict[str, str] = {}
    events: dict[str, EventInfo] = {}
    for line in lines:
        if not line.strip():
            break
        if line.startswith("#"):
            continue
        key, value = line.split(":", 1)
        if key.startswith("event "):
            event_id = key.split()[1]
            events[event_id] = parse_event(event_id, value)
        else:
            header[key.strip()] = value.strip()
    state = ConversationState(name=header.get("name", ""), lang=header.get("lang", "sv"))
    if header.get("opted_out") == "yes":
        state = ConversationState(name=state.name, lang=state.lang, opted_out=True)
    if "safety_reminders" in header:
        reminders = tuple(duration(part) for part in header["safety_reminders"].split(","))
        state = state.evolve(safety_reminders=reminders)
    run = Replay(
        settings=golden_settings(header.get("help")),
        state=state,
        now=datetime.fromisoformat(header["now"]),
        events=events,
    )
    out: list[str] = []
    for line in lines:
        if OUTPUT.match(line):
            continue  # expected output: replaced by the actual output below
        out.append(line)
        if line.startswith("@ "):
            moment = line[2:].strip()
            if moment.startswith("+"):
                run.now += duration(moment)
            else:
                run.now = datetime.fromisoformat(moment)
        elif line.startswith(">> "):
            out.extend(run.run(run.input(line[3:])))
        elif line.startswith("> "):
            out.extend(run.run(Reply(line[2:])))
    return "\n".join(out) + "\n"


@pytest.mark.parametrize("path", FILES, ids=[path.stem for path in FILES])
def test_golden_transcript(path: Path, request: pytest.FixtureRequest) -> None:
    expected = path.read_text(encoding="utf-8")
    actual = replay(expected)
    if request.config.getoption("--update-golden"):
        if actual != expected:
            path.write_text(actual, encoding="utf-8")
        return
    assert actual == expected, f"{path.name} differs; run pytest --update-golden and review"


def test_there_are_transcripts_in_every_language() -> None:
    langs = {
        line.split(":", 1)[1].strip()
        for path in FILES
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.startswith("lang:")
    }
    assert langs == set(SUPPORTED_LANGUAGES)
    assert len(FILES) >= 20
