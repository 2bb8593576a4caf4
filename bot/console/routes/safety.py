"""Trygghetskoll / safety check: one senior's daily check and close contacts.

Everyone may read it (a viewer sees no phone number or chat id); a
coordinator turns the check on or off, sets its time and reminders, and
adds or removes close contacts with the senior's consent recorded. Every
view and change is audited; the rules live in bot/people/, as for the CLI.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.ext.asyncio import AsyncSession

from bot.console import audit
from bot.console.accounts import AccountRole
from bot.console.auth import Console, client_ip, console, coordinator_form, has_role, viewer_page
from bot.console.queries.safety import safety_view
from bot.console.render import page
from bot.console.sessions import LoggedIn
from bot.core.phone import InvalidPhoneNumber, mask_chat_id, mask_phone
from bot.db.models import Senior
from bot.people.close_contacts import (
    CloseContactError,
    add_close_contact,
    edit_close_contact,
    remove_close_contact,
    set_first_tier,
)
from bot.people.safety_settings import SafetyCheckError, change_safety_check

router = APIRouter(include_in_schema=False)

NO_CONSENT = "Seniorns samtycke måste vara registrerat innan en närstående läggs till."
NO_TIME = "Skriv ett klockslag (TT:MM) för trygghetskollen."


async def senior_or_404(session: AsyncSession, senior_id: int) -> Senior:
    senior = await session.get(Senior, senior_id)
    if senior is None:
        raise HTTPException(status_code=404, detail="ingen sådan senior / no such senior")
    return senior


async def _render(
    request: Request,
    user: LoggedIn,
    ctx: Console,
    senior_id: int,
    *,
    error: str = "",
    status_code: int = 200,
) -> Response:
    async with ctx.db.reading() as session:
        view = await safety_view(session, await senior_or_404(session, senior_id))
    async with ctx.db.transaction() as session:
        audit.record(
            session,
            account=user.account,
            action="safety.viewed",
            now=ctx.now(),
            ip=client_ip(request),
            senior_id=senior_id,
        )
    return page(
        request,
        "safety.html",
        user,
        status_code=status_code,
        view=view,
        senior=view.senior,
        reveal=has_role(user.account, AccountRole.COORDINATOR),
        mask=mask_phone,
        mask_chat=mask_chat_id,
        error=error,
        tz=ctx.shell.tz,
    )


@router.get("/seniors/{senior_id}/safety", response_class=HTMLResponse)
async def safety_page(
    request: Request,
    senior_id: int,
    user: LoggedIn = Depends(viewer_page),
    ctx: Console = Depends(console),
) -> Response:
    return await _render(request, user, ctx, senior_id)


def _back(senior_id: int, notice: str) -> Response:
    return RedirectResponse(f"/seniors/{senior_id}/safety?ok={notice}", status_code=303)


@router.post("/seniors/{senior_id}/safety")
async def save_safety_check(
    request: Request,
    senior_id: int,
    at: Annotated[str, Form(max_length=10)] = "",
    reminders: Annotated[str, Form(max_length=50)] = "",
    enabled: Annotated[str, Form(max_length=5)] = "",
    user: LoggedIn = Depends(coordinator_form),
    ctx: Console = Depends(console),
) -> Response:
    """On at `at` with `reminders`, or off (the reminders are kept)."""
    on = bool(enabled)
    if on and not at.strip():
        return await _render(request, user, ctx, senior_id, error=NO_TIME, status_code=400)
    try:
        async with ctx.db.transaction() as session:
            senior = await senior_or_404(session, senior_id)
            await change_safety_check(
                session,
                senior,
                at=at if on else None,
                reminders=reminders.strip() or None,  # empty: keep them
                now=ctx.now(),
                tz=ctx.shell.tz,
                actor=None,
            )
            audit.record(
                session,
                account=user.account,
                action="safety_check.changed",
                now=ctx.now(),
                ip=client_ip(request),
                senior_id=senior_id,
                on=on,
            )
    except SafetyCheckError as exc:
        return await _render(request, user, ctx, senior_id, error=str(exc), status_code=400)
    return _back(senior_id, "saved")


@router.post("/seniors/{senior_id}/safety/contacts")
async def add_contact(
    request: Request,
    senior_id: int,
    name: Annotated[str, Form(min_length=1, max_length=200)],
    phone: Annotated[str, Form(min_length=1, max_length=40)],
    telegram: Annotated[str, Form(max_length=40)] = "",
    relation: Annotated[str, Form(max_length=100)] = "",
    has_key: Annotated[str, Form(max_length=5)] = "",
    first_tier: Annotated[str, Form(max_length=5)] = "",
    consent: Annotated[str, Form(max_length=5)] = "",
    user: LoggedIn = Depends(coordinator_form),
    ctx: Console = Depends(console),
) -> Response:
    """A close contact, with the senior's consent recorded by whoever adds them."""
    if not consent:
        return await _render(request, user, ctx, senior_id, error=NO_CONSENT, status_code=400)
    try:
        async with ctx.db.transaction() as session:
            await senior_or_404(session, senior_id)
            contact = await add_close_contact(
                session,
                senior_id,
                name=name,
                phone=phone,
                relation=relation,
                has_key=bool(has_key),
                first_tier=bool(first_tier),
                consent_by=user.account.name or user.account.email,
                now=ctx.now(),
                telegram=telegram.strip() or None,
            )
            audit.record(
                session,
                account=user.account,
                action="close_contact.added",
                now=ctx.now(),
                ip=client_ip(request),
                senior_id=senior_id,
                contact_id=contact.id,
            )
    except (CloseContactError, InvalidPhoneNumber) as exc:
        return await _render(request, user, ctx, senior_id, error=str(exc), status_code=400)
    return _back(senior_id, "created")


@router.post("/seniors/{senior_id}/safety/contacts/{contact_id}/edit")
async def edit_contact(
    request: Request,
    senior_id: int,
    contact_id: int,
    name: Annotated[str, Form(min_length=1, max_length=200)],
    phone: Annotated[str, Form(min_length=1, max_length=40)],
    telegram: Annotated[str, Form(max_length=40)] = "",
    relation: Annotated[str, Form(max_length=100)] = "",
    has_key: Annotated[str, Form(max_length=5)] = "",
    user: LoggedIn = Depends(coordinator_form),
    ctx: Console = Depends(console),
) -> Response:
    """A close contact's details corrected; the consent recorded stands."""
    try:
        async with ctx.db.transaction() as session:
            await senior_or_404(session, senior_id)
            edited = await edit_close_contact(
                session,
                senior_id,
                contact_id,
                name=name,
                phone=phone,
                relation=relation,
                has_key=bool(has_key),
                telegram=telegram,
                now=ctx.now(),
            )
            if edited:
                audit.record(
                    session,
                    account=user.account,
                    action="close_contact.edited",
                    now=ctx.now(),
                    ip=client_ip(request),
                    senior_id=senior_id,
                    contact_id=contact_id,
                )
    except (CloseContactError, InvalidPhoneNumber) as exc:
        return await _render(request, user, ctx, senior_id, error=str(exc), status_code=400)
    return _back(senior_id, "saved" if edited else "not_changed")


@router.post("/seniors/{senior_id}/safety/contacts/{contact_id}/remove")
async def remove_contact(
    request: Request,
    senior_id: int,
    contact_id: int,
    user: LoggedIn = Depends(coordinator_form),
    ctx: Console = Depends(console),
) -> Response:
    async with ctx.db.transaction() as session:
        await senior_or_404(session, senior_id)
        removed = await remove_close_contact(session, senior_id, contact_id, ctx.now())
        if removed:
            audit.record(
                session,
                account=user.account,
                action="close_contact.removed",
                now=ctx.now(),
                ip=client_ip(request),
                senior_id=senior_id,
                contact_id=contact_id,
            )
    return _back(senior_id, "saved" if removed else "not_changed")


@router.post("/seniors/{senior_id}/safety/contacts/{contact_id}/first-tier")
async def contact_first_tier(
    request: Request,
    senior_id: int,
    contact_id: int,
    first: Annotated[str, Form(max_length=5)] = "",
    user: LoggedIn = Depends(coordinator_form),
    ctx: Console = Depends(console),
) -> Response:
    """Ask this close contact before the volunteers, or together with them."""
    async with ctx.db.transaction() as session:
        await senior_or_404(session, senior_id)
        changed = await set_first_tier(session, senior_id, contact_id, first == "1")
        if changed:
            audit.record(
                session,
                account=user.account,
                action="close_contact.first_tier",
                now=ctx.now(),
                ip=client_ip(request),
                senior_id=senior_id,
                contact_id=contact_id,
                first_tier=first == "1",
            )
    return _back(senior_id, "saved" if changed else "not_changed")
