"""The safety page as JSON under /api/: a senior's daily safety check and
close contacts, for scripts. Role-checked like the page: a viewer reads the
settings and the contacts without phone numbers or chat ids; a coordinator
changes them. Every read and change is audited.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request
from pydantic import BaseModel, Field
from sqlalchemy.ext.asyncio import AsyncSession

from bot.console import audit
from bot.console.accounts import AccountRole
from bot.console.auth import Console, client_ip, console, coordinator_api, has_role, viewer_api
from bot.console.queries.safety import SafetyView, safety_view
from bot.core.phone import InvalidPhoneNumber
from bot.db.models import Account, Senior
from bot.people.close_contacts import (
    CloseContactError,
    add_close_contact,
    remove_close_contact,
    set_first_tier,
)
from bot.people.safety_settings import SafetyCheckError, change_safety_check

router = APIRouter(prefix="/api", tags=["console"])

Viewer = Annotated[Account, Depends(viewer_api)]
Coordinator = Annotated[Account, Depends(coordinator_api)]
Ctx = Annotated[Console, Depends(console)]


class ContactOut(BaseModel):
    id: int
    name: str
    relation: str
    has_key: bool
    first_tier: bool = Field(description="alerted before the volunteers")
    phone: str | None = Field(description="null for a viewer")
    telegram: str | None = Field(description="chat id; null for a viewer or none")
    consent_by: str
    consent_at: datetime | None


class SafetyOut(BaseModel):
    senior_id: int
    safety_check_at: str | None = Field(description='local time "09:30", null when off')
    reminders: list[int] = Field(description="minutes after the question")
    next_check_at: datetime | None
    paused_until: datetime | None
    contacts: list[ContactOut]


class SafetyBody(BaseModel):
    safety_check_at: str | None = Field(
        max_length=10, description='"09:30" turns it on (or moves it); null turns it off'
    )
    reminders: str | None = Field(
        default=None, max_length=50, description='"30,60"; null keeps them'
    )


class ContactBody(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    phone: str = Field(min_length=1, max_length=40)
    telegram: str | None = Field(default=None, max_length=40)
    relation: str = Field(default="", max_length=100)
    has_key: bool = False
    first_tier: bool = True
    consent: bool = Field(description="the senior has agreed; must be true")


class FirstTierBody(BaseModel):
    first_tier: bool


def _out(view: SafetyView, *, reveal: bool) -> SafetyOut:
    return SafetyOut(
        senior_id=view.senior.id,
        safety_check_at=view.at,
        reminders=list(view.reminders),
        next_check_at=view.next_at,
        paused_until=view.senior.paused_until,
        contacts=[
            ContactOut(
                id=c.id,
                name=c.name,
                relation=c.relation,
                has_key=c.has_key,
                first_tier=c.first_tier,
                phone=c.phone if reveal else None,
                telegram=(c.telegram or None) if reveal else None,
                consent_by=c.consent_by,
                consent_at=c.consent_at,
            )
            for c in view.contacts
        ],
    )


async def _senior(session: AsyncSession, senior_id: int) -> Senior:
    senior = await session.get(Senior, senior_id)
    if senior is None:
        raise HTTPException(status_code=404, detail="no such senior")
    return senior


async def _read(ctx: Console, senior_id: int, account: Account, request: Request) -> SafetyOut:
    async with ctx.db.reading() as session:
        view = await safety_view(session, await _senior(session, senior_id))
    async with ctx.db.transaction() as session:
        audit.record(
            session,
            account=account,
            action="safety.viewed",
            now=ctx.now(),
            ip=client_ip(request),
            senior_id=senior_id,
            via="api",
        )
    return _out(view, reveal=has_role(account, AccountRole.COORDINATOR))


@router.get("/seniors/{senior_id}/safety", response_model=SafetyOut)
async def get_safety(senior_id: int, account: Viewer, ctx: Ctx, request: Request) -> SafetyOut:
    """The daily safety check and the close contacts. Audited."""
    return await _read(ctx, senior_id, account, request)


@router.put("/seniors/{senior_id}/safety", response_model=SafetyOut)
async def put_safety(
    senior_id: int, body: SafetyBody, account: Coordinator, ctx: Ctx, request: Request
) -> SafetyOut:
    """Turn the safety check on at a time, move it, or off; change the reminders."""
    try:
        async with ctx.db.transaction() as session:
            senior = await _senior(session, senior_id)
            await change_safety_check(
                session,
                senior,
                at=body.safety_check_at,
                reminders=body.reminders,
                now=ctx.now(),
                tz=ctx.shell.tz,
                actor=None,
            )
            audit.record(
                session,
                account=account,
                action="safety_check.changed",
                now=ctx.now(),
                ip=client_ip(request),
                senior_id=senior_id,
                on=body.safety_check_at is not None,
                via="api",
            )
    except SafetyCheckError as exc:
        raise HTTPException(status_code=400, detail=str(exc)) from None
    return await _read(ctx, senior_id, account, request)


@router.post("/seniors/{senior_id}/contacts", response_model=SafetyOut, status_code=201)
async def post_contact(
    senior_id: int, body: ContactBody, account: Coordinator, ctx: Ctx, request: Request
) -> SafetyOut:
    """Add a close contact; the senior's consent is recorded as given by you."""
    if not body.consent:
        raise HTTPException(status_code=400, detail="the senior's consent must be recorded")
    try:
        async with ctx.db.transaction() as session:
            await _senior(session, senior_id)
            contact = await add_close_contact(
                session,
                senior_id,
                name=body.name,
                phone=body.phone,
                relation=body.relation,
                has_key=body.has_key,
                first_tier=body.first_tier,
                consent_by=account.name or account.email,
                now=ctx.now(),
                telegram=body.telegram,
            )
            audit.record(
                session,
                account=account,
                action="close_contact.added",
                now=ctx.now(),
                ip=client_ip(request),
                senior_id=senior_id,
                contact_id=contact.id,
                via="api",
            )
    except (CloseContactError, InvalidPhoneNumber) as exc:
        raise HTTPException(status_code=400, detail=str(exc)) from None
    return await _read(ctx, senior_id, account, request)


@router.put("/seniors/{senior_id}/contacts/{contact_id}", response_model=SafetyOut)
async def put_contact(
    senior_id: int,
    contact_id: int,
    body: FirstTierBody,
    account: Coordinator,
    ctx: Ctx,
    request: Request,
) -> SafetyOut:
    """Ask this close contact before the volunteers, or together with them."""
    async with ctx.db.transaction() as session:
        await _senior(session, senior_id)
        if not await set_first_tier(session, senior_id, contact_id, body.first_tier):
            raise HTTPException(status_code=404, detail="no such close contact")
        audit.record(
            session,
            account=account,
            action="close_contact.first_tier",
            now=ctx.now(),
            ip=client_ip(request),
            senior_id=senior_id,
            contact_id=contact_id,
            first_tier=body.first_tier,
            via="api",
        )
    return await _read(ctx, senior_id, account, request)


@router.delete("/seniors/{senior_id}/contacts/{contact_id}", response_model=SafetyOut)
async def delete_contact(
    senior_id: int, contact_id: int, account: Coordinator, ctx: Ctx, request: Request
) -> SafetyOut:
    """Remove a close contact: never alerted again (past alerts stay)."""
    async with ctx.db.transaction() as session:
        await _senior(session, senior_id)
        if not await remove_close_contact(session, senior_id, contact_id, ctx.now()):
            raise HTTPException(status_code=404, detail="no such close contact")
        audit.record(
            session,
            account=account,
            action="close_contact.removed",
            now=ctx.now(),
            ip=client_ip(request),
            senior_id=senior_id,
            contact_id=contact_id,
            via="api",
        )
    return await _read(ctx, senior_id, account, request)
