"""What a senior can do by text, read in every language for everyone:
PAUS 7, BORTA TILL 12/12, KOLLA MIG OM 30, ALLT OK and MENY (never HJÄLP,
which stays a cry for help). Each is confirmed back in plain words.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from conversations.actions import AllClear, Paused
from conversations.flows import safety
from conversations.flows.turn import Turn
from conversations.normalize import fold_text
from conversations.state import SafetyWatch

_SPACES = re.compile(r"\s+")
_PAUSE = re.compile(r"^(?:paus|pausa|pause|tauko)\s+(\d{1,2})(?:\s+(?:dagar|dag|days?|paivaa?))?$")
_AWAY = re.compile(
    r"^(?:borta till|borta tom|away until|away till|poissa)\s+(\d{1,2})\s*[/.]\s*(\d{1,2})\.?"
    r"(?:\s+asti)?$"
)
_CHECK_ON_ME = re.compile(
    r"^(?:kolla mig om|check on me in|tarkista minut|tarkista mut)\s+(\d{1,3})"
    r"(?:\s*(?:min|minuter|minutes|mins?|minuutin|minuuttia?))?$"
)
_ALL_OK = re.compile(
    r"^(?:allt ok|allt okej|allt bra|all ok|all okay|all good|kaikki ok|kaikki hyvin)$"
)
_MENU = re.compile(r"^(?:meny|menu|menyn|valikko)$")
MAX_PAUSE_DAYS = 60


def _clean(text: str) -> str:
    folded = fold_text(text).strip().rstrip(".!")
    return _SPACES.sub(" ", folded)


def handle(turn: Turn, text: str, watch: SafetyWatch | None) -> bool:
    """Carry out a self-service command; False when `text` is none."""
    cleaned = _clean(text)
    if _MENU.match(cleaned):
        turn.say("self_service.menu")
        return True
    if _ALL_OK.match(cleaned):
        all_ok(turn, watch)
        return True
    if found := _PAUSE.match(cleaned):
        days = int(found.group(1))
        if not 1 <= days <= MAX_PAUSE_DAYS:
            turn.say("self_service.pause_unclear")
            return True
        local = turn.now.astimezone(turn.settings.zone)
        _pause(turn, local.date() + timedelta(days=days))
        return True
    if found := _AWAY.match(cleaned):
        until = _next_date(turn, int(found.group(1)), int(found.group(2)))
        if until is None:
            turn.say("self_service.pause_unclear")
            return True
        _pause(turn, until + timedelta(days=1))
        return True
    if found := _CHECK_ON_ME.match(cleaned):
        minutes = int(found.group(1))
        if not 5 <= minutes <= 240:
            turn.say("self_service.check_on_me_unclear")
            return True
        safety.check_on_me(turn, minutes)
        return True
    return False


def all_ok(turn: Turn, watch: SafetyWatch | None) -> None:
    """ALLT OK: all is well. Ends a running check. The shell closes a case
    the senior may close (a "no answer" case, a call she asked for that
    nobody took yet) and tells whoever holds any other, who decides."""
    raised = turn.state.contact_requested_at is not None
    turn.act(AllClear())
    if watch is None and turn.state.safety is not None:
        safety.stop(turn)  # "check on me" not asked yet: back already
        turn.say("self_service.check_cancelled")
        return
    if (watch is not None and watch.case_opened) or raised:
        turn.update(contact_requested_at=None)
        who = watch.contact if watch is not None and watch.contact else ""
        who = who or turn.templates.render("service.helper", {})
        turn.say("safety.all_clear", values={"who": who})
    elif watch is not None:
        turn.say("safety.thanks")
    else:
        turn.say("self_service.all_ok")


def _pause(turn: Turn, back_on: date) -> None:
    """No texts until `back_on` (a local date) begins."""
    zone = turn.settings.zone
    until = datetime.combine(back_on, time(0, 0), tzinfo=zone)
    turn.close_all()
    safety.stop(turn)
    turn.update(paused_until=until)
    turn.act(Paused(until))
    last_day = back_on - timedelta(days=1)
    turn.say("self_service.paused", values={"until": turn.templates.format_date(last_day)})


def _next_date(turn: Turn, day: int, month: int) -> date | None:
    """12/12: this year, or next year if that day has passed."""
    today = turn.now.astimezone(turn.settings.zone).date()
    for year in (today.year, today.year + 1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            return None
        if candidate >= today:
            return candidate
    return None
