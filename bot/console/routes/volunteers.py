"""Volontärer / Volunteers: the list with availability and their cases."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from bot.console.auth import Console, console, viewer_page
from bot.console.queries.volunteers import volunteer_rows
from bot.console.render import page
from bot.console.sessions import LoggedIn

router = APIRouter(include_in_schema=False)


@router.get("/volunteers", response_class=HTMLResponse)
async def volunteers_page(
    request: Request, user: LoggedIn = Depends(viewer_page), ctx: Console = Depends(console)
) -> Response:
    async with ctx.db.reading() as session:
        rows = await volunteer_rows(session, ctx.shell.tz, ctx.now())
    return page(request, "volunteers.html", user, rows=rows)
