"""Telling those coming that an event moved or is cancelled, once, in their language.

The CLI and the console call these: the change is one transaction, the news
goes through the planner, so its outbox rows have an idempotency key per
(event, news, person). Cancelling twice or a restart in the middle never sends
the same news twice, and quiet hours defer it like any prompt.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field

from bot.core.shell import Shell
from bot.db.database import Database
from bot.db.models import Event
from bot.events.changes import EventChanges, cancel_events, edit_event
from bot.people.directory import first_name
from bot.turns.planning import SeniorRow, plan
from conversations.inputs import MessagePrompt

MOVED, CANCELLED = "moved", "cancelled"


@dataclass
class NewsReport:
    """The events changed and how many people were told."""

    events: list[Event] = field(default_factory=list)
    told: int = 0


async def tell(
    database: Database, shell: Shell, event: Event, senior_ids: list[int], news: str
) -> int:
    """One message to each senior in `senior_ids`: `event_change.<news>` in their language."""
    if not senior_ids or event.starts_at <= shell.now():
        return 0
    local = event.starts_at.astimezone(shell.tz)

    key = f"event_change.{news}"

    def make(senior: SeniorRow) -> MessagePrompt:
        templates = shell.settings.templates_for(senior.lang)
        if key not in templates.texts:  # a language whose texts lack this news yet
            templates = shell.settings.templates_for(shell.settings.default_lang)
        values = {
            "name": first_name(senior.name),
            "event_title": event.title,
            "when": templates.format_when(local),
            "venue": event.venue,
        }
        return MessagePrompt(templates.render(key, values))

    report = await plan(
        database,
        shell,
        name=f"event-{event.id}-{news}",
        occurrence=f"{local:%Y%m%dT%H%M}-{zlib.crc32(event.venue.encode()):08x}",
        scheduled=shell.now(),
        senior_ids=senior_ids,
        make_prompt=make,
    )
    return report.planned


async def change_event(
    database: Database, shell: Shell, event_id: int, changes: EventChanges, *, actor: str
) -> NewsReport:
    """Edit an event; a new time or place is told to those coming."""
    async with database.transaction() as session:
        changed = await edit_event(session, shell, event_id, changes, actor=actor)
    report = NewsReport(changed.events)
    if changed.moved:
        for event in changed.events:
            report.told += await tell(
                database, shell, event, changed.coming.get(event.id, []), MOVED
            )
    return report


async def cancel_event(
    database: Database, shell: Shell, event_id: int, *, rest_of_series: bool, actor: str
) -> NewsReport:
    """Cancel one event (or the rest of its series) and tell those coming."""
    async with database.transaction() as session:
        changed = await cancel_events(
            session, shell, event_id, rest_of_series=rest_of_series, actor=actor
        )
    report = NewsReport(changed.events)
    for event in changed.events:
        report.told += await tell(
            database, shell, event, changed.coming.get(event.id, []), CANCELLED
        )
    return report
