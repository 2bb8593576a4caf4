"""Sending an event's invitation, second ask and reminder to many seniors at once.

Each stage is a timer on the event (see `scheduler.invitation_plan`);
firing it plans every senior of the audience through bulk planning, which is
idempotent, so a stage fired twice sends once.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select

from bot.core.shell import Shell
from bot.db.database import Database
from bot.db.models import Event, Rsvp
from bot.events import rsvps
from bot.turns.planning import SeniorRow, plan
from conversations.events import Event as ConversationEvent
from conversations.events import InvitationPrompt, InvitationReminder, InvitationSecondAsk
from scheduler.invitation_plan import InvitationStage


def _in_audience(event: Event) -> Callable[[SeniorRow], bool]:
    tag = event.audience_tag
    return lambda senior: tag is None or tag in senior.tags


async def send_stage(database: Database, shell: Shell, event_id: int, kind: str) -> int:
    """Plan the invitation, second ask or reminder of one event; returns planned."""
    async with database.reading() as session:
        event = await session.get(Event, event_id)
        if event is None or event.cancelled or event.starts_at <= shell.now():
            return 0
        info = await rsvps.event_info(session, event, shell.tz)
        answer_rows = await session.execute(
            select(Rsvp.senior_id, Rsvp.answer).where(Rsvp.event_id == event_id)
        )
        answered = {row.senior_id: row.answer for row in answer_rows}
    prompts: dict[str, ConversationEvent] = {
        InvitationStage.INVITE: InvitationPrompt(info),
        InvitationStage.SECOND_ASK: InvitationSecondAsk(info),
        InvitationStage.REMIND: InvitationReminder(info),
    }
    if kind not in prompts:
        return 0
    prompt = prompts[kind]
    in_audience = _in_audience(event)
    ids: list[int] | None = None
    if kind == InvitationStage.REMIND:
        ids = sorted(i for i, answer in answered.items() if answer == rsvps.RsvpAnswer.YES)
    keep = in_audience
    if kind == InvitationStage.SECOND_ASK:

        def keep(senior: SeniorRow) -> bool:
            return senior.id not in answered and in_audience(senior)

    when = event.starts_at
    report = await plan(
        database,
        shell,
        name=f"event-{event_id}-{kind}",
        occurrence=when.astimezone(shell.tz).strftime("%Y-%m-%dT%H:%M"),
        scheduled=shell.now(),
        senior_ids=ids,
        keep=keep,
        make_event=lambda senior: prompt,
    )
    return report.planned
