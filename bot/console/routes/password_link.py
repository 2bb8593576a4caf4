"""The set-password page a one-time link opens (see bot.console.password_links).

Logged out by nature, so its form carries the double-submit token like the
login form. Every refusal (unknown, used or expired link) is audited with the
IP, and an IP with too many recent refusals gets 429 before anything else.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from bot.console import audit
from bot.console.auth import CSRF_FIELD, Console, anonymous_form_ok, client_ip, console
from bot.console.password_links import REFUSED_ACTION, throttled, usable_link, use_link
from bot.console.render import page
from bot.console.routes.login import new_password_problem
from bot.console.sessions import revoke_all

router = APIRouter(include_in_schema=False)
TOKEN_CHARS = 100


def _dead_link(request: Request, status_code: int) -> Response:
    """The page that says the link cannot be used (429: too many tries; wait)."""
    return page(
        request,
        "set_password.html",
        None,
        usable=False,
        too_many=status_code == 429,
        status_code=status_code,
    )


async def _refused(request: Request, ctx: Console) -> Response:
    async with ctx.db.transaction() as session:
        audit.record(
            session, account=None, action=REFUSED_ACTION, now=ctx.now(), ip=client_ip(request)
        )
    return _dead_link(request, 404)


async def _throttled(request: Request, ctx: Console) -> bool:
    async with ctx.db.reading() as session:
        return await throttled(session, client_ip(request), ctx.now())


@router.get("/set-password/{token}", response_class=HTMLResponse)
async def set_password_page(
    request: Request, token: str, ctx: Console = Depends(console)
) -> Response:
    if len(token) > TOKEN_CHARS or await _throttled(request, ctx):
        return _dead_link(request, 429)
    async with ctx.db.reading() as session:
        account = await usable_link(session, token, ctx.now())
    if account is None:
        return await _refused(request, ctx)
    response = page(request, "set_password.html", None, usable=True, email=account.email, error="")
    response.headers["Referrer-Policy"] = "no-referrer"  # the token is in the URL
    return response


@router.post("/set-password/{token}")
async def set_password_by_link(
    request: Request,
    token: str,
    new: Annotated[str, Form(max_length=1000)],
    repeat: Annotated[str, Form(max_length=1000)],
    csrf_token: Annotated[str, Form(alias=CSRF_FIELD)] = "",
    ctx: Console = Depends(console),
) -> Response:
    if len(token) > TOKEN_CHARS or await _throttled(request, ctx):
        return _dead_link(request, 429)
    if not anonymous_form_ok(request, csrf_token):
        raise HTTPException(status_code=403, detail="ogiltig CSRF-token / invalid CSRF token")
    now = ctx.now()
    async with ctx.db.transaction() as session:
        account = await usable_link(session, token, now)
        error = new_password_problem(request, new, repeat) if account is not None else ""
        if account is not None and not error:
            account = await use_link(session, token, new, now)
        if account is not None and not error:
            await revoke_all(session, account.id, now)
            audit.record(
                session,
                account=account,
                action="password.set_by_link",
                now=now,
                ip=client_ip(request),
            )
    if account is None:
        return await _refused(request, ctx)
    if error:
        return page(
            request,
            "set_password.html",
            None,
            usable=True,
            email=account.email,
            error=error,
            status_code=400,
        )
    return RedirectResponse("/login?ok=password_set", status_code=303)
