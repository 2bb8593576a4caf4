"""What a volunteer means when replying to an alert: "OK 17", "KLAR 17 ringde", "NEJ 17".

Volunteers answer from their own phones in a hurry, so case, spacing, a "#"
and trailing punctuation are all forgiven. Anything else is not a command
and goes to a human.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

CommandKind = Literal["claim", "resolve", "pass"]

# Keyword (matched ignoring case) -> what it does.
_KEYWORDS: dict[str, CommandKind] = {
    "ok": "claim",
    "okej": "claim",
    "ja": "claim",
    "tar": "claim",
    "take": "claim",
    "claim": "claim",
    "klar": "resolve",
    "klart": "resolve",
    "fixat": "resolve",
    "löst": "resolve",
    "lost": "resolve",
    "done": "resolve",
    "resolve": "resolve",
    "resolved": "resolve",
    "nej": "pass",
    "nä": "pass",
    "kan inte": "pass",
    "pass": "pass",
    "no": "pass",
}
_COMMAND = re.compile(
    r"^\s*(?P<keyword>{})\s*(?:case|ärende|arende|nr\.?)?\s*#?\s*(?P<case>\d{{1,9}})\b[\s.,:;!\-–]*(?P<note>.*)$".format(
        "|".join(sorted((re.escape(k) for k in _KEYWORDS), key=len, reverse=True))
    ),
    re.DOTALL | re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class VolunteerCommand:
    """A volunteer's reply to an alert, ready for the escalation flow."""

    kind: CommandKind
    case_id: int
    note: str | None = None


def parse_volunteer_command(text: str) -> VolunteerCommand | None:
    """Parse "OK 17", "ok #17", "KLAR 17 ringde, allt bra", "nej17"; else None."""
    match = _COMMAND.match(text)
    if match is None:
        return None
    note = match["note"].strip()
    return VolunteerCommand(
        kind=_KEYWORDS[match["keyword"].casefold()],
        case_id=int(match["case"]),
        note=note or None,
    )
