"""An urgent alert or 112 reply that has not gone out: tell the coordinators.

The dispatcher never gives an urgent message up, but retrying is not enough
when a provider is down for minutes: someone may be lying on the floor. When
an urgent row is still unsent a minute after it was written, the coordinators
are told on every channel they have (one text per case), the case is marked
(`delivery_overdue_at`, shown with the case) and the audit log says so.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.logs import log_event
from bot.core.shell import Shell
from bot.db.database import Database
from bot.db.models import Escalation, EscalationAlert, Message
from bot.db.outbox import enqueue
from bot.db.outbox_status import URGENT_ROW, MessageStatus
from bot.escalations.alerts import case_text
from bot.escalations.cases import ACTIVE, Urgency, audit
from bot.escalations.routing import coordinator_addresses

log = logging.getLogger("hejsan.escalations")

OVERDUE_AFTER = timedelta(minutes=1)
OVERDUE_TEMPLATE = "alert.delivery_overdue"


async def report_overdue(database: Database, shell: Shell) -> int:
    """Mark urgent rows unsent for OVERDUE_AFTER and tell the coordinators
    about their cases; returns how many rows were newly overdue."""
    now = shell.now()
    async with database.transaction() as session:
        rows = list(
            await session.scalars(
                select(Message).where(
                    Message.direction == "out",
                    Message.status.in_((MessageStatus.QUEUED, MessageStatus.SENDING)),
                    URGENT_ROW,
                    Message.overdue_at.is_(None),
                    Message.created_at <= now - OVERDUE_AFTER,
                    Message.template.is_distinct_from(OVERDUE_TEMPLATE),
                )
            )
        )
        for message in rows:
            message.overdue_at = now
            escalation = await _case_of(session, message)
            log_event(
                log,
                "outbox.urgent_overdue",
                logging.WARNING,
                outbox_id=message.id,
                channel=message.channel,
                kind=message.kind,
                escalation_id=escalation.id if escalation else None,
            )
            if escalation is not None and escalation.delivery_overdue_at is None:
                await _tell_coordinators(session, shell, escalation, message, now)
        return len(rows)


async def _case_of(session: AsyncSession, message: Message) -> Escalation | None:
    """The case an alert is about, or the urgent case a 112 reply belongs to."""
    if message.kind == "alert":
        escalation_id = await session.scalar(
            select(EscalationAlert.escalation_id).where(EscalationAlert.message_id == message.id)
        )
        return None if escalation_id is None else await session.get(Escalation, escalation_id)
    if message.senior_id is None:
        return None
    found: Escalation | None = await session.scalar(
        select(Escalation)
        .where(
            Escalation.senior_id == message.senior_id,
            Escalation.urgency == Urgency.URGENT,
            Escalation.status.in_(ACTIVE),
        )
        .order_by(Escalation.id.desc())
        .limit(1)
    )
    return found


async def _tell_coordinators(
    session: AsyncSession, shell: Shell, escalation: Escalation, message: Message, now: datetime
) -> None:
    escalation.delivery_overdue_at = now
    audit(
        session, now, "system", "escalation.delivery_overdue", escalation.id, outbox_id=message.id
    )
    templates = shell.settings.templates_for(shell.config.service.default_lang)
    case = await case_text(session, escalation)
    values = {**case.values(templates), "who": templates.render(_who_key(message), {})}
    text = templates.render(OVERDUE_TEMPLATE, values)
    for address in await coordinator_addresses(session, shell):
        await enqueue(
            session,
            address,
            text,
            kind="alert",
            template=OVERDUE_TEMPLATE,
            idempotency_key=f"overdue:{escalation.id}:{address.id}",
            now=now,
        )


def _who_key(message: Message) -> str:
    return "alert.overdue_who_volunteer" if message.kind == "alert" else "alert.overdue_who_senior"
