"""Idag / Today: the landing page."""

from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from bot.console.auth import Console, console, viewer_page
from bot.console.queries.today import today
from bot.console.render import page
from bot.console.sessions import LoggedIn

router = APIRouter(include_in_schema=False)


@router.get("/")
async def root() -> Response:
    return RedirectResponse("/today", status_code=303)


@router.get("/today", response_class=HTMLResponse)
async def today_page(
    request: Request, user: LoggedIn = Depends(viewer_page), ctx: Console = Depends(console)
) -> Response:
    window = timedelta(hours=ctx.config.checkin.reply_window_hours)
    async with ctx.db.reading() as session:
        data = await today(session, ctx.shell.tz, ctx.now(), window)
    return page(request, "today.html", user, today=data, tz=ctx.shell.tz)
