"""Konton / Accounts and Granskningslogg / Audit log: for admins only."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.ext.asyncio import AsyncSession

from bot.console import audit
from bot.console.accounts import (
    AccountError,
    AccountRole,
    add_account,
    list_accounts,
)
from bot.console.auth import Console, admin_form, admin_page, client_ip, console
from bot.console.password_links import LINK_LIFETIME, create_link, link_url
from bot.console.render import ROLE_NAMES, page
from bot.console.sessions import LoggedIn, revoke_all
from bot.db.models import Account

router = APIRouter(include_in_schema=False)


async def _accounts_page(
    request: Request,
    user: LoggedIn,
    ctx: Console,
    *,
    link: tuple[str, str] | None = None,
    error: str = "",
    status_code: int = 200,
) -> Response:
    async with ctx.db.reading() as session:
        accounts = await list_accounts(session)
    return page(
        request,
        "accounts.html",
        user,
        status_code=status_code,
        accounts=accounts,
        roles=ROLE_NAMES,
        link=link,
        link_hours=int(LINK_LIFETIME.total_seconds() // 3600),
        error=error,
        tz=ctx.shell.tz,
    )


@router.get("/accounts", response_class=HTMLResponse)
async def accounts_page(
    request: Request, user: LoggedIn = Depends(admin_page), ctx: Console = Depends(console)
) -> Response:
    return await _accounts_page(request, user, ctx)


@router.post("/accounts")
async def create_account(
    request: Request,
    email: Annotated[str, Form(max_length=254)],
    name: Annotated[str, Form(max_length=200)],
    role: Annotated[AccountRole, Form()],
    user: LoggedIn = Depends(admin_form),
    ctx: Console = Depends(console),
) -> Response:
    try:
        async with ctx.db.transaction() as session:
            account = await add_account(
                session, email=email, name=name, role=role, password=None, now=ctx.now()
            )
            token = await create_link(session, account, ctx.now())
            audit.record(
                session,
                account=user.account,
                action="account.added",
                now=ctx.now(),
                ip=client_ip(request),
                subject_type="account",
                subject_id=account.id,
                role=role.value,
            )
    except AccountError as exc:
        return await _accounts_page(request, user, ctx, error=str(exc), status_code=400)
    url = link_url(ctx.config.service.public_url, token)
    return await _accounts_page(request, user, ctx, link=(account.email, url))


@router.post("/accounts/{account_id}/link")
async def new_link(
    request: Request,
    account_id: int,
    user: LoggedIn = Depends(admin_form),
    ctx: Console = Depends(console),
) -> Response:
    """A fresh set-password link for someone who lost theirs or their password.
    The old password keeps working until the link is used."""
    async with ctx.db.transaction() as session:
        account = await _account_or_404(session, account_id)
        token = await create_link(session, account, ctx.now())
        audit.record(
            session,
            account=user.account,
            action="password_link.created",
            now=ctx.now(),
            ip=client_ip(request),
            subject_type="account",
            subject_id=account_id,
        )
    url = link_url(ctx.config.service.public_url, token)
    return await _accounts_page(request, user, ctx, link=(account.email, url))


async def _account_or_404(session: AsyncSession, account_id: int) -> Account:
    account = await session.get(Account, account_id)
    if account is None:
        raise HTTPException(status_code=404, detail="inget sådant konto / no such account")
    return account


@router.post("/accounts/{account_id}/role")
async def change_role(
    request: Request,
    account_id: int,
    role: Annotated[AccountRole, Form()],
    user: LoggedIn = Depends(admin_form),
    ctx: Console = Depends(console),
) -> Response:
    if account_id == user.account.id:
        raise HTTPException(status_code=400, detail="ändra inte din egen roll / not your own role")
    async with ctx.db.transaction() as session:
        account = await _account_or_404(session, account_id)
        account.role = role.value
        account.updated_at = ctx.now()
        await revoke_all(session, account.id, ctx.now())
        audit.record(
            session,
            account=user.account,
            action="account.role_changed",
            now=ctx.now(),
            ip=client_ip(request),
            subject_type="account",
            subject_id=account_id,
            role=role.value,
        )
    return RedirectResponse("/accounts?ok=saved", status_code=303)


@router.post("/accounts/{account_id}/disable")
async def disable_account(
    request: Request,
    account_id: int,
    user: LoggedIn = Depends(admin_form),
    ctx: Console = Depends(console),
) -> Response:
    return await _set_disabled(request, account_id, True, user, ctx)


@router.post("/accounts/{account_id}/enable")
async def enable_account(
    request: Request,
    account_id: int,
    user: LoggedIn = Depends(admin_form),
    ctx: Console = Depends(console),
) -> Response:
    return await _set_disabled(request, account_id, False, user, ctx)


async def _set_disabled(
    request: Request, account_id: int, disabled: bool, user: LoggedIn, ctx: Console
) -> Response:
    if account_id == user.account.id:
        raise HTTPException(status_code=400, detail="stäng inte av dig själv / not yourself")
    async with ctx.db.transaction() as session:
        account = await _account_or_404(session, account_id)
        account.disabled = disabled
        account.updated_at = ctx.now()
        if disabled:
            await revoke_all(session, account.id, ctx.now())
        audit.record(
            session,
            account=user.account,
            action="account.disabled" if disabled else "account.enabled",
            now=ctx.now(),
            ip=client_ip(request),
            subject_type="account",
            subject_id=account_id,
        )
    return RedirectResponse(f"/accounts?ok={'disabled' if disabled else 'enabled'}", 303)


@router.get("/audit", response_class=HTMLResponse)
async def audit_page(
    request: Request,
    senior: Annotated[str, Query(max_length=12)] = "",
    action: Annotated[str, Query(max_length=100)] = "",
    user: LoggedIn = Depends(admin_page),
    ctx: Console = Depends(console),
) -> Response:
    senior_id = int(senior) if senior.isdigit() else None
    async with ctx.db.reading() as session:
        rows = await audit.list_audit(
            session, ctx.shell.tz, limit=500, senior_id=senior_id, action=action.strip() or None
        )
    return page(request, "audit.html", user, rows=rows, senior=senior, action=action)
