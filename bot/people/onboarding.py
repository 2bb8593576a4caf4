"""Telegram onboarding: a bot cannot write first, so the senior opens a link.

`hejsan link PERSON` makes a single-use token that expires; the deep link
`https://t.me/<bot>?start=<token>` (also printed as a QR code) sends
`/start <token>`, which binds that chat to the person.
"""

from __future__ import annotations

import logging
import secrets
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.logs import log_event
from bot.core.shell import Shell
from bot.db.models import Address, AuditEntry, LinkToken, Message, Senior, Volunteer
from bot.db.outbox import enqueue
from bot.people.directory import first_name

log = logging.getLogger("hejsan.onboarding")

TOKEN_TTL = timedelta(days=14)


async def create_token(
    session: AsyncSession,
    *,
    senior_id: int | None = None,
    volunteer_id: int | None = None,
    now: datetime,
    ttl: timedelta = TOKEN_TTL,
) -> LinkToken:
    """A fresh token (22 characters of A-Za-z0-9_-, fits Telegram's 64)."""
    token = LinkToken(
        token=secrets.token_urlsafe(16),
        senior_id=senior_id,
        volunteer_id=volunteer_id,
        expires_at=now + ttl,
        created_at=now,
    )
    session.add(token)
    await session.flush()
    return token


async def _owner(session: AsyncSession, address: Address) -> Senior | Volunteer | None:
    if address.senior_id is not None:
        return await session.get(Senior, address.senior_id)
    if address.volunteer_id is not None:
        return await session.get(Volunteer, address.volunteer_id)
    return None


async def handle_start(
    session: AsyncSession,
    shell: Shell,
    address: Address,
    token_text: str | None,
    message: Message,
) -> Senior | Volunteer | None:
    """Bind the chat if the token is valid; always answer. None: nothing bound."""
    now = shell.now()
    token = None
    if token_text:
        token = await session.scalar(select(LinkToken).where(LinkToken.token == token_text))
    valid = token is not None and token.used_at is None and token.expires_at > now
    if token is not None and valid:
        token.used_at = now
        address.senior_id = token.senior_id
        address.volunteer_id = token.volunteer_id
        address.unusable_at = None
        address.unusable_reason = None
        await session.flush()
        session.add(
            AuditEntry(
                at=now,
                actor="system",
                action="telegram.linked",
                subject_type="senior" if token.senior_id else "volunteer",
                subject_id=token.senior_id or token.volunteer_id,
                details={"address_id": address.id},
            )
        )
        log_event(log, "telegram.linked", address_id=address.id)
    owner = await _owner(session, address)
    lang = owner.lang if owner else shell.config.service.default_lang
    templates = shell.settings.templates_for(lang)
    if owner is None:
        text = templates.render("link.invalid", {})
        await enqueue(session, address, text, template="link.invalid", now=now)
        log_event(log, "telegram.link_refused", address_id=address.id, had_token=bool(token_text))
        return None
    text = templates.render(
        "link.welcome", {"name": first_name(owner.name), "service": shell.config.service.name}
    )
    await enqueue(session, address, text, template="link.welcome", now=now)
    return owner
