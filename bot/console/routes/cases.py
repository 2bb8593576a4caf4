"""Ärenden / Cases: the list, one case's timeline, and what a coordinator does to it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.ext.asyncio import AsyncSession

from bot.console import audit
from bot.console.auth import Console, client_ip, console, coordinator_form, viewer_page
from bot.console.queries.cases import (
    CaseFilters,
    active_volunteers,
    filtered_cases,
    nobody_reached,
    timeline,
)
from bot.console.render import page
from bot.console.sessions import LoggedIn
from bot.db.models import Escalation, Senior, Volunteer
from bot.escalations import coordinator as case_actions
from bot.escalations.cases import CLOSED
from bot.escalations.commands import resolve
from bot.turns.claims import claim_case

router = APIRouter(include_in_schema=False)

REASONS = {
    "urgent": "Akut",
    "contact": "Vill bli kontaktad",
    "no_reply": "Svarar inte",
    "no_answer": "Inget svar på trygghetskollen",
    "low_mood": "Nedstämd",
    "ride": "Behöver skjuts",
    "company": "Behöver sällskap",
}


@router.get("/cases", response_class=HTMLResponse)
async def cases_page(
    request: Request,
    status: Annotated[str, Query(max_length=20)] = "open",
    urgency: Annotated[str, Query(max_length=20)] = "",
    reason: Annotated[str, Query(max_length=30)] = "",
    volunteer: Annotated[str, Query(max_length=12)] = "",
    area: Annotated[str, Query(max_length=100)] = "",
    user: LoggedIn = Depends(viewer_page),
    ctx: Console = Depends(console),
) -> Response:
    filters = CaseFilters(
        status, urgency, reason, int(volunteer) if volunteer.isdigit() else None, area
    )
    async with ctx.db.reading() as session:
        cases = await filtered_cases(session, ctx.shell.tz, filters)
        volunteers = await active_volunteers(session)
    return page(
        request,
        "cases.html",
        user,
        cases=cases,
        filters=filters,
        volunteers=volunteers,
        reasons=REASONS,
    )


async def _case_or_404(session: AsyncSession, case_id: int) -> Escalation:
    case = await session.get(Escalation, case_id)
    if case is None:
        raise HTTPException(status_code=404, detail="inget sådant ärende / no such case")
    return case


@router.get("/cases/{case_id}", response_class=HTMLResponse)
async def case_page(
    request: Request,
    case_id: int,
    user: LoggedIn = Depends(viewer_page),
    ctx: Console = Depends(console),
) -> Response:
    async with ctx.db.reading() as session:
        case = await _case_or_404(session, case_id)
        senior = await session.get(Senior, case.senior_id)
        events = await timeline(session, case)
        volunteers = await active_volunteers(session)
        claimer = await session.get(Volunteer, case.claimed_by_id) if case.claimed_by_id else None
        stuck = await nobody_reached(session, [case.id])
    return page(
        request,
        "case.html",
        user,
        case=case,
        senior=senior,
        timeline=events,
        volunteers=volunteers,
        claimer=claimer,
        nobody_reached=case.id in stuck,
        reasons=REASONS,
        tz=ctx.shell.tz,
    )


def _back(case_id: int, notice: str) -> Response:
    return RedirectResponse(f"/cases/{case_id}?ok={notice}", status_code=303)


@router.post("/cases/{case_id}/assign")
async def assign_case(
    request: Request,
    case_id: int,
    volunteer_id: Annotated[int, Form()],
    user: LoggedIn = Depends(coordinator_form),
    ctx: Console = Depends(console),
) -> Response:
    actor = f"account:{user.account.id}"
    async with ctx.db.transaction() as session:
        case = await _case_or_404(session, case_id)
        volunteer = await session.get(Volunteer, volunteer_id)
        if volunteer is None:
            raise HTTPException(status_code=404, detail="ingen sådan volontär / no such volunteer")
        outcome = await claim_case(
            session, ctx.shell, case_id, volunteer, actor=actor, require_alert=False
        )
        if outcome.result == "claimed":
            audit.record_case(
                session,
                account=user.account,
                action="case.assigned",
                now=ctx.now(),
                ip=client_ip(request),
                case_id=case_id,
                senior_id=case.senior_id,
                volunteer_id=volunteer_id,
            )
    if outcome.result == "claimed":
        ctx.shell.on_outbox()
        return _back(case_id, "assigned")
    return _back(case_id, "not_changed")


@router.post("/cases/{case_id}/note")
async def note_case(
    request: Request,
    case_id: int,
    note: Annotated[str, Form(min_length=1, max_length=2000)],
    user: LoggedIn = Depends(coordinator_form),
    ctx: Console = Depends(console),
) -> Response:
    async with ctx.db.transaction() as session:
        case = await _case_or_404(session, case_id)
        case_actions.add_note(
            session, case, note, actor=f"account:{user.account.id}", now=ctx.now()
        )
        audit.record_case(
            session,
            account=user.account,
            action="case.noted",
            now=ctx.now(),
            ip=client_ip(request),
            case_id=case_id,
            senior_id=case.senior_id,
        )
    return _back(case_id, "noted")


@router.post("/cases/{case_id}/resolve")
async def resolve_case(
    request: Request,
    case_id: int,
    note: Annotated[str, Form(max_length=2000)] = "",
    user: LoggedIn = Depends(coordinator_form),
    ctx: Console = Depends(console),
) -> Response:
    async with ctx.db.transaction() as session:
        case = await _case_or_404(session, case_id)
        outcome = await resolve(
            session,
            ctx.shell,
            case_id,
            volunteer=None,
            note=note.strip() or None,
            actor=f"account:{user.account.id}",
        )
        if outcome.result == "resolved":
            audit.record_case(
                session,
                account=user.account,
                action="case.resolved",
                now=ctx.now(),
                ip=client_ip(request),
                case_id=case_id,
                senior_id=case.senior_id,
            )
    return _back(case_id, "resolved" if outcome.result == "resolved" else "not_changed")


@router.post("/cases/{case_id}/reopen")
async def reopen_case(
    request: Request,
    case_id: int,
    user: LoggedIn = Depends(coordinator_form),
    ctx: Console = Depends(console),
) -> Response:
    async with ctx.db.transaction() as session:
        case = await _case_or_404(session, case_id)
        was_closed = case.status in CLOSED
        await case_actions.reopen(session, ctx.shell, case, actor=f"account:{user.account.id}")
        if was_closed:
            audit.record_case(
                session,
                account=user.account,
                action="case.reopened",
                now=ctx.now(),
                ip=client_ip(request),
                case_id=case_id,
                senior_id=case.senior_id,
            )
    if was_closed:
        ctx.shell.on_outbox()
    return _back(case_id, "reopened" if was_closed else "not_changed")
