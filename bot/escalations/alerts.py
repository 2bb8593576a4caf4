"""The texts about a case: alerts to volunteers and coordinators, with a short quote."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.channels.types import Channel
from bot.core.logs import log_event
from bot.core.shell import Shell
from bot.db.models import Address, Escalation, EscalationAlert, Senior, Volunteer
from bot.db.outbox import enqueue
from bot.escalations.cases import ALERT_QUOTE_CHARS, Urgency
from bot.people.directory import first_name
from conversations.templates import Templates

log = logging.getLogger("hejsan.escalations")


def quote_text(text: str) -> str:
    text = " ".join(text.split())
    return (
        text if len(text) <= ALERT_QUOTE_CHARS else text[: ALERT_QUOTE_CHARS - 3].rstrip() + "..."
    )


async def senior_phone(session: AsyncSession, senior_id: int) -> str:
    phone = await session.scalar(
        select(Address.value)
        .where(Address.senior_id == senior_id, Address.channel == Channel.SMS.value)
        .order_by(Address.unusable_at.is_not(None), Address.id)
    )
    return phone or ""


@dataclass
class CaseText:
    """What every text about one case says, looked up once."""

    escalation: Escalation
    senior_name: str
    phone: str

    def values(self, templates: Templates) -> dict[str, object]:
        quote = quote_text(self.escalation.quote or "")
        return {
            "case": self.escalation.id,
            "senior": self.senior_name,
            "phone": self.phone,
            "reason": templates.render(f"alert.reason_{self.escalation.reason}", {})
            if f"alert.reason_{self.escalation.reason}" in templates.texts
            else self.escalation.reason,
            "quote_text": templates.render("alert.quote", {"quote": quote}) if quote else "",
        }


async def case_text(session: AsyncSession, escalation: Escalation) -> CaseText:
    senior = await session.get(Senior, escalation.senior_id)
    return CaseText(
        escalation,
        first_name(senior.name if senior else ""),
        await senior_phone(session, escalation.senior_id),
    )


def templates_for(shell: Shell, volunteer: Volunteer | None) -> Templates:
    lang = volunteer.lang if volunteer is not None else shell.config.service.default_lang
    return shell.settings.templates_for(lang)


async def send_alert(
    session: AsyncSession,
    shell: Shell,
    case: CaseText,
    address: Address,
    volunteer: Volunteer | None,
    *,
    level: int,
    coordinator: bool,
    now: datetime,
) -> None:
    templates = templates_for(shell, volunteer)
    escalation = case.escalation
    can_claim = volunteer is not None
    if coordinator:
        key = (
            "alert.coordinator_urgent"
            if escalation.urgency == Urgency.URGENT
            else "alert.coordinator"
        )
    elif address.channel == Channel.TELEGRAM.value:
        key = "alert.telegram"
    else:
        key = "alert.sms"
    buttons: list[tuple[str, str]] = []
    if can_claim and address.channel == Channel.TELEGRAM.value:
        buttons.append((templates.render("alert.button", {}), f"OK {escalation.id}"))
    text = templates.render(key, case.values(templates))
    message = await enqueue(
        session, address, text, buttons=buttons, kind="alert", template=key, now=now
    )
    session.add(
        EscalationAlert(
            escalation_id=escalation.id,
            address_id=address.id,
            volunteer_id=volunteer.id if volunteer else None,
            level=level,
            message_id=message.id if message else None,
            created_at=now,
        )
    )
    log_event(
        log,
        "escalation.alerted",
        escalation_id=escalation.id,
        ladder_level=level,
        volunteer_id=volunteer.id if volunteer else None,
        coordinator=coordinator,
        channel=address.channel,
    )
