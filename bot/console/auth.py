"""Who is asking: FastAPI dependencies for pages (cookie) and the API (bearer token).

Every route declares the least role it needs; the check runs on the server for
pages, form posts and API calls alike. Pages send an anonymous visitor to the
login page; the API answers 401. Every POST carries the session's CSRF token
in a form field, compared in constant time; a missing or wrong one is a 403
before anything is read or changed.
"""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote

from fastapi import Depends, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from bot.console.accounts import AccountRole
from bot.console.sessions import LoggedIn, current_session, touch
from bot.console.tokens import account_for_token
from bot.core.config import Config
from bot.core.shell import Shell
from bot.db.database import Database
from bot.db.models import Account

COOKIE = "hejsan_session"
CSRF_FIELD = "csrf_token"
# Forms shown before login (log in, set a password, choose a language) carry a
# double-submit token, as there is no session yet: the same random value in
# this cookie and in the form field.
ANON_CSRF_COOKIE = "hejsan_login_csrf"
_RANK = {AccountRole.VIEWER: 0, AccountRole.COORDINATOR: 1, AccountRole.ADMIN: 2}


class LoginRequired(Exception):
    """An anonymous (or expired) visitor asked for a page: send them to log in."""

    def __init__(self, next_path: str) -> None:
        self.next_path = next_path


def login_redirect(_request: Request, exc: Exception) -> Response:
    assert isinstance(exc, LoginRequired)
    return RedirectResponse(f"/login?next={quote(exc.next_path, safe='/')}", status_code=303)


@dataclass(frozen=True)
class Console:
    """What a console route needs from the running service."""

    config: Config
    db: Database
    shell: Shell

    def now(self) -> datetime:
        return self.shell.now()


def console(request: Request) -> Console:
    runtime = request.app.state.runtime
    return Console(request.app.state.config, runtime.database, runtime.shell)


def safe_next(target: str | None) -> str:
    """Only a path on this site: never an open redirect to another."""
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return "/today"


def secure_cookies(request: Request) -> bool:
    """Cookies get the Secure flag when the service is reached over HTTPS."""
    config: Config = request.app.state.config
    return config.service.public_url.startswith("https://")


def anonymous_token(request: Request) -> str:
    """The double-submit token for a logged-out form: the cookie's, or a new one."""
    kept = request.cookies.get(ANON_CSRF_COOKIE, "")
    return kept if len(kept) >= 32 else secrets.token_urlsafe(32)


def anonymous_form_ok(request: Request, sent: str) -> bool:
    """A logged-out form's token matches its cookie (compared in constant time)."""
    cookie = request.cookies.get(ANON_CSRF_COOKIE, "")
    return bool(cookie) and secrets.compare_digest(cookie.encode(), sent.encode())


def client_ip(request: Request) -> str | None:
    return request.client.host if request.client else None


def has_role(account: Account, least: AccountRole) -> bool:
    return _RANK[AccountRole(account.role)] >= _RANK[least]


async def session_of(request: Request, ctx: Console) -> LoggedIn | None:
    """The request's live session, if any (touching it when due)."""
    now = ctx.now()
    async with ctx.db.reading() as session:
        logged = await current_session(session, request.cookies.get(COOKIE), now)
    if logged is not None and logged.needs_touch:
        async with ctx.db.transaction() as session:
            await touch(session, logged.session_id, now)
    return logged


def page_role(least: AccountRole) -> Callable[..., Awaitable[LoggedIn]]:
    """A dependency: the logged-in person, with at least `least` role, for a page."""

    async def dependency(request: Request, ctx: Console = Depends(console)) -> LoggedIn:
        logged = await session_of(request, ctx)
        if logged is None:
            if request.method != "GET":
                raise HTTPException(status_code=401, detail="inte inloggad / not logged in")
            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            raise LoginRequired(target)
        if not has_role(logged.account, least):
            raise HTTPException(status_code=403, detail="behörighet saknas / not allowed")
        return logged

    return dependency


def form_role(least: AccountRole) -> Callable[..., Awaitable[LoggedIn]]:
    """`page_role` plus the CSRF check, for every form post."""
    check_role = page_role(least)

    async def dependency(request: Request, ctx: Console = Depends(console)) -> LoggedIn:
        logged = await check_role(request, ctx)
        form = await request.form()
        sent = form.get(CSRF_FIELD)
        if not isinstance(sent, str) or not secrets.compare_digest(sent, logged.csrf_token):
            await form.close()  # an uploaded file is not kept for a refused form
            raise HTTPException(status_code=403, detail="ogiltig CSRF-token / invalid CSRF token")
        return logged

    return dependency


def api_role(least: AccountRole) -> Callable[..., Awaitable[Account]]:
    """A dependency for `/api/`: a valid `Authorization: Bearer` token of `least` role."""

    async def dependency(request: Request, ctx: Console = Depends(console)) -> Account:
        header = request.headers.get("authorization", "")
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise HTTPException(
                status_code=401, detail="token saknas / token missing", headers=_BEARER
            )
        async with ctx.db.transaction() as session:
            account = await account_for_token(session, token.strip(), ctx.now())
        if account is None:
            raise HTTPException(
                status_code=401, detail="ogiltig token / invalid token", headers=_BEARER
            )
        if not has_role(account, least):
            raise HTTPException(status_code=403, detail="behörighet saknas / not allowed")
        return account

    return dependency


_BEARER = {"WWW-Authenticate": "Bearer"}

viewer_page = page_role(AccountRole.VIEWER)
coordinator_page = page_role(AccountRole.COORDINATOR)
admin_page = page_role(AccountRole.ADMIN)
coordinator_form = form_role(AccountRole.COORDINATOR)
admin_form = form_role(AccountRole.ADMIN)
viewer_form = form_role(AccountRole.VIEWER)
viewer_api = api_role(AccountRole.VIEWER)
coordinator_api = api_role(AccountRole.COORDINATOR)
