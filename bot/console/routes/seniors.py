"""Seniorer / Seniors: search, and one senior's page (audited)."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from bot.console import audit
from bot.console.accounts import AccountRole
from bot.console.auth import Console, client_ip, console, has_role, viewer_page
from bot.console.charts import MOOD_WORD, SUMMARY, mood_chart_svg, summary
from bot.console.people_actions import current_values
from bot.console.queries.cases import nobody_reached
from bot.console.queries.seniors import (
    cases_of,
    channels_of,
    checkin_history,
    conversation,
    lunches_of,
    search_seniors,
    weeks_of,
)
from bot.console.render import page, say
from bot.console.sessions import LoggedIn
from bot.core.phone import mask_phone
from bot.db.models import Senior

router = APIRouter(include_in_schema=False)

# The languages a coordinator can choose for a person, as the form lists them.
LANGUAGES = (("sv", "svenska"), ("en", "engelska"), ("fi", "finska"))


@router.get("/seniors", response_class=HTMLResponse)
async def seniors_page(
    request: Request,
    q: Annotated[str, Query(max_length=200)] = "",
    user: LoggedIn = Depends(viewer_page),
    ctx: Console = Depends(console),
) -> Response:
    reveal = has_role(user.account, AccountRole.COORDINATOR)
    async with ctx.db.reading() as session:
        rows = await search_seniors(session, q, by_phone=reveal)
    return page(
        request,
        "seniors.html",
        user,
        rows=rows,
        q=q,
        reveal=reveal,
        mask=mask_phone,
        tz=ctx.shell.tz,
        langs=LANGUAGES,
        values={},
        errors={},
    )


@router.get("/seniors/{senior_id}", response_class=HTMLResponse)
async def senior_page(
    request: Request,
    senior_id: int,
    remove: Annotated[bool, Query(description="show the removal confirmation")] = False,
    user: LoggedIn = Depends(viewer_page),
    ctx: Console = Depends(console),
) -> Response:
    """Profile for everyone; the conversation only for coordinators (and audited)."""
    return await render_senior(request, user, ctx, senior_id, confirm_remove=remove)


async def _audit_view(
    request: Request, user: LoggedIn, ctx: Console, senior_id: int, reveal: bool
) -> None:
    async with ctx.db.transaction() as session:
        audit.record(
            session,
            account=user.account,
            action="conversation.viewed" if reveal else "profile.viewed",
            now=ctx.now(),
            ip=client_ip(request),
            senior_id=senior_id,
        )


async def render_senior(
    request: Request,
    user: LoggedIn,
    ctx: Console,
    senior_id: int,
    *,
    status_code: int = 200,
    errors: dict[str, str] | None = None,
    form: dict[str, str] | None = None,
    confirm_remove: bool = False,
) -> Response:
    """The senior's page; after a refused change, with what was typed and why."""
    now = ctx.now()
    tz = ctx.shell.tz
    reveal = has_role(user.account, AccountRole.COORDINATOR)
    window = timedelta(hours=ctx.config.checkin.reply_window_hours)
    async with ctx.db.reading() as session:
        senior = await session.scalar(
            select(Senior).options(selectinload(Senior.addresses)).where(Senior.id == senior_id)
        )
        if senior is None:
            raise HTTPException(status_code=404, detail="ingen sådan senior / no such senior")
        channels = await channels_of(session, senior)
        history = await checkin_history(session, senior_id, now, window)
        messages = await conversation(session, senior_id) if reveal else []
        cases = await cases_of(session, senior_id)
        stuck = await nobody_reached(session, [c.id for c in cases])
        lunches = await lunches_of(session, senior_id)
    await _audit_view(request, user, ctx, senior_id, reveal)
    weeks = weeks_of(history, tz, now)
    return page(
        request,
        "senior.html",
        user,
        status_code=status_code,
        senior=senior,
        channels=channels,
        history=history,
        messages=messages,
        cases=cases,
        stuck=stuck,
        lunches=lunches,
        chart=mood_chart_svg(
            weeks, "mood-title", {mood: say(request, word) for mood, word in MOOD_WORD.items()}
        ),
        chart_summary=summary(weeks, say(request, SUMMARY)),
        weeks=weeks,
        reveal=reveal,
        mask=mask_phone,
        tz=tz,
        values={**current_values(senior), **(form or {})},
        errors=errors or {},
        confirm_remove=confirm_remove and senior.removed_at is None,
        langs=LANGUAGES,
    )
