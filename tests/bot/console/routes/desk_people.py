"""What the route tests share: people added as an import adds them, a senior's
reply through the simulator (the same inbound path as SMS), the audit rows the
console wrote."""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy import select

from bot.db.models import Account, AuditEntry
from bot.people.directory import Role
from tests.bot.builders import add_person
from tests.bot.console.conftest import BASE, Desk


async def add_senior(
    desk: Desk, name: str = "Anna Lindqvist", phone: str = "0701234567", **fields: Any
) -> int:
    return (await add_person(desk.db, Role.SENIOR, name, phone, **fields)).id


async def add_volunteer(
    desk: Desk, name: str = "Karin Ek", phone: str = "0701234599", **fields: Any
) -> int:
    return (await add_person(desk.db, Role.VOLUNTEER, name, phone, **fields)).id


async def reply_as(desk: Desk, senior_id: int, text: str) -> int:
    """The senior writes `text`; the id of the stored reply."""
    response = await desk.as_role("coordinator").post(
        "/simulator/api/send", json={"role": "senior", "id": senior_id, "text": text}
    )
    assert response.status_code == 200, response.text
    message_id = response.json()["message_id"]
    assert isinstance(message_id, int)
    return message_id


async def console_audit(desk: Desk, action: str) -> list[AuditEntry]:
    """Rows of `action` written by a console account, oldest first."""
    async with desk.db.reading() as session:
        rows = await session.scalars(
            select(AuditEntry)
            .where(AuditEntry.action == action, AuditEntry.account_id.is_not(None))
            .order_by(AuditEntry.id)
        )
        return list(rows)


async def account_id(desk: Desk, role: str) -> int:
    """The id of the desk's account of `role`."""
    async with desk.db.reading() as session:
        found = await session.scalar(select(Account.id).where(Account.email == f"{role}@kommun.se"))
    assert found is not None
    return int(found)


def anonymous(desk: Desk) -> httpx.AsyncClient:
    """A visitor with no session (close it after use)."""
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=desk.app), base_url=BASE)
