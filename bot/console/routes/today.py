"""Idag / Today: the landing page."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from bot.console.auth import Console, console, viewer_page
from bot.console.queries.today import today
from bot.console.render import page
from bot.console.sessions import LoggedIn

router = APIRouter(include_in_schema=False)


@router.get("/")
async def root() -> Response:
    return RedirectResponse("/today", status_code=303)


# Rows per list on the page; "show all" lifts it (a municipality may ask 10,000).
SHOWN = 200


@router.get("/today", response_class=HTMLResponse)
async def today_page(
    request: Request,
    show_all: Annotated[bool, Query(alias="all")] = False,
    user: LoggedIn = Depends(viewer_page),
    ctx: Console = Depends(console),
) -> Response:
    window = timedelta(hours=ctx.config.checkin.reply_window_hours)
    shown = None if show_all else SHOWN
    async with ctx.db.reading() as session:
        data = await today(session, ctx.shell.tz, ctx.now(), window, shown=shown)
    return page(request, "today.html", user, today=data, tz=ctx.shell.tz, shown=shown)
