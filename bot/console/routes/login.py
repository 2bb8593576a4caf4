"""Log in, log out, change password.

The login form is protected by a double-submit token (a cookie and a form
field that must match), since there is no session yet; every later form uses
the session's token. A successful login always starts a new session id.
"""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from bot.console import audit
from bot.console.accounts import (
    MIN_PASSWORD_CHARS,
    AccountError,
    LoginOutcome,
    authenticate,
    check_password_strength,
    password_matches,
    set_password,
)
from bot.console.auth import (
    ANON_CSRF_COOKIE,
    COOKIE,
    CSRF_FIELD,
    Console,
    anonymous_form_ok,
    client_ip,
    console,
    safe_next,
    secure_cookies,
    session_of,
    viewer_form,
    viewer_page,
)
from bot.console.render import LANG_COOKIE, LANGUAGES, page, say
from bot.console.sessions import (
    ABSOLUTE_TIMEOUT,
    LoggedIn,
    open_session,
    revoke_all,
    revoke_session,
)
from bot.db.models import Account

router = APIRouter(include_in_schema=False)
LANG_COOKIE_AGE = 365 * 24 * 3600


def _login_form(
    request: Request, ctx: Console, *, error: str = "", email: str = "", status: int = 200
) -> Response:
    return page(
        request,
        "login.html",
        None,
        status_code=status,
        error=error,
        email=email,
        next=safe_next(request.query_params.get("next")),
        simulator_open=ctx.config.simulator_only,
    )


@router.get("/login", response_class=HTMLResponse)
async def login_page(request: Request, ctx: Console = Depends(console)) -> Response:
    if await session_of(request, ctx) is not None:
        return RedirectResponse("/today", status_code=303)
    return _login_form(request, ctx)


@router.post("/login")
async def login(
    request: Request,
    email: Annotated[str, Form(max_length=254)],
    password: Annotated[str, Form(max_length=1000)],
    csrf_token: Annotated[str, Form(alias=CSRF_FIELD)] = "",
    next_path: Annotated[str, Form(alias="next")] = "/today",
    ctx: Console = Depends(console),
) -> Response:
    if not anonymous_form_ok(request, csrf_token):
        raise HTTPException(status_code=403, detail="ogiltig CSRF-token / invalid CSRF token")
    now = ctx.now()
    ip = client_ip(request)
    async with ctx.db.transaction() as session:
        result = await authenticate(session, email, password, now)
        account = result.account
        action = "login" if result.outcome is LoginOutcome.OK else f"login.{result.outcome}"
        audit.record(session, account=account, action=action, now=now, ip=ip)
        if result.outcome is LoginOutcome.OK and account is not None:
            await revoke_session(session, request.cookies.get(COOKIE), now)
            cookie_value = await open_session(session, account, ip, now)
    if result.outcome is LoginOutcome.LOCKED:
        error = say(
            request, "För många försök. Kontot är låst en kort stund; försök igen om 15 minuter."
        )
        return _login_form(request, ctx, error=error, email=email, status=429)
    if result.outcome is not LoginOutcome.OK:
        error = say(request, "Fel e-postadress eller lösenord.")
        return _login_form(request, ctx, error=error, email=email, status=401)
    response = RedirectResponse(safe_next(next_path), status_code=303)
    response.set_cookie(
        COOKIE,
        cookie_value,
        max_age=int(ABSOLUTE_TIMEOUT.total_seconds()),
        httponly=True,
        samesite="strict",
        secure=secure_cookies(request),
    )
    response.delete_cookie(ANON_CSRF_COOKIE)
    return response


def new_password_problem(request: Request, new: str, repeat: str) -> str:
    """Why a new password cannot be used (in the reader's language), or ""."""
    if new != repeat:
        return say(request, "De två nya lösenorden är inte lika.")
    try:
        check_password_strength(new)
    except AccountError:
        return say(request, "Lösenordet måste ha minst {n} tecken.", n=MIN_PASSWORD_CHARS)
    return ""


@router.post("/language")
async def choose_language(
    request: Request,
    lang: Annotated[str, Form(max_length=5)],
    csrf_token: Annotated[str, Form(alias=CSRF_FIELD)] = "",
    next_path: Annotated[str, Form(alias="next", max_length=2000)] = "/today",
    ctx: Console = Depends(console),
) -> Response:
    """Svenska or English for this browser: a cookie, so it also works logged
    out. A POST with the form's token like every other form, though all it
    changes is a preference."""
    logged = await session_of(request, ctx)
    if logged is not None:
        ok = secrets.compare_digest(csrf_token.encode(), logged.csrf_token.encode())
    else:
        ok = anonymous_form_ok(request, csrf_token)
    if not ok:
        raise HTTPException(status_code=403, detail="ogiltig CSRF-token / invalid CSRF token")
    if lang not in LANGUAGES:
        raise HTTPException(status_code=400, detail="språk: sv eller en / language: sv or en")
    response = RedirectResponse(safe_next(next_path), status_code=303)
    response.set_cookie(
        LANG_COOKIE,
        lang,
        max_age=LANG_COOKIE_AGE,
        httponly=True,
        samesite="strict",
        secure=secure_cookies(request),
    )
    return response


@router.post("/logout")
async def logout(
    request: Request,
    user: LoggedIn = Depends(viewer_form),
    ctx: Console = Depends(console),
) -> Response:
    now = ctx.now()
    async with ctx.db.transaction() as session:
        await revoke_session(session, request.cookies.get(COOKIE), now)
        audit.record(session, account=user.account, action="logout", now=now, ip=client_ip(request))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(COOKIE)
    return response


@router.get("/password", response_class=HTMLResponse)
async def password_page(request: Request, user: LoggedIn = Depends(viewer_page)) -> Response:
    return page(request, "password.html", user, error="")


@router.post("/password")
async def change_password(
    request: Request,
    current: Annotated[str, Form(max_length=1000)],
    new: Annotated[str, Form(max_length=1000)],
    repeat: Annotated[str, Form(max_length=1000)],
    user: LoggedIn = Depends(viewer_form),
    ctx: Console = Depends(console),
) -> Response:
    now = ctx.now()
    error = ""
    async with ctx.db.transaction() as session:
        account = await session.get(Account, user.account.id)
        assert account is not None
        if not password_matches(account, current):
            error = say(request, "Det nuvarande lösenordet stämmer inte.")
        else:
            error = new_password_problem(request, new, repeat)
        if not error:
            set_password(account, new, now)
        if not error:
            await revoke_all(session, account.id, now, keep=user.session_id)
            audit.record(
                session, account=account, action="password.changed", now=now, ip=client_ip(request)
            )
    if error:
        return page(request, "password.html", user, error=error, status_code=400)
    return RedirectResponse("/today?ok=password", status_code=303)
