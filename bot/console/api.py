"""The JSON API under /api/: the console's data and operations for scripts.

Every call needs `Authorization: Bearer <token>` (`hejsan tokens create EMAIL`)
and is role-checked like the pages: a viewer reads lists and reports but no
message text; reading a senior's messages is audited. The schema is at
/openapi.json.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from pydantic import BaseModel, Field

from bot.console import audit
from bot.console.accounts import AccountRole
from bot.console.auth import Console, client_ip, console, coordinator_api, has_role, viewer_api
from bot.console.queries.cases import CaseFilters, filtered_cases
from bot.console.queries.checkins import checkins_on
from bot.console.queries.report import month_report
from bot.console.queries.review import REASON_TEXT, review_items
from bot.console.queries.seniors import conversation, search_seniors
from bot.core.errors import NotFoundError
from bot.core.phone import mask_phone
from bot.db.models import Account, Senior, Volunteer
from bot.escalations.commands import resolve
from bot.events.gatherings import attendees, head_count
from bot.turns import handled_replies as review_actions
from bot.turns.claims import claim_case
from bot.turns.handled_replies import HandledHow, ReviewError

router = APIRouter(prefix="/api", tags=["console"])
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
DATE_HELP = "YYYY-MM-DD, default today"
STATUS_HELP = "open (every case not closed), or one status"

Viewer = Annotated[Account, Depends(viewer_api)]
Coordinator = Annotated[Account, Depends(coordinator_api)]
Ctx = Annotated[Console, Depends(console)]


class CheckIn(BaseModel):
    senior_id: int
    senior: str
    campaign: str
    asked_at: datetime
    answered_at: datetime | None
    mood: str | None = Field(description="good | ok | bad, or null")
    status: str = Field(description="answered | waiting | missed")


class SeniorOut(BaseModel):
    id: int
    name: str
    phone: str | None
    tags: list[str]
    area: str | None
    lang: str
    opted_out: bool
    paused: bool
    paused_until: datetime | None = None
    removed: bool = False


class MessageOut(BaseModel):
    id: int
    direction: str = Field(description="in | out")
    channel: str
    body: str
    status: str
    created_at: datetime


class ReviewOut(BaseModel):
    message_id: int
    senior_id: int
    senior: str
    received_at: datetime
    body: str
    reason: str
    reason_text: str
    case_id: int | None


class Attendee(BaseModel):
    senior_id: int
    name: str
    answer: str = Field(description="yes | no | maybe | waitlist")
    guests: int


class Attendees(BaseModel):
    event_id: int
    title: str
    starts_at: datetime
    capacity: int | None
    seats_taken: int
    people: list[Attendee]


class CaseResult(BaseModel):
    id: int
    result: str = Field(description="what happened, e.g. claimed, resolved, taken, closed")


class AssignBody(BaseModel):
    volunteer_id: int


class ResolveBody(BaseModel):
    note: str | None = Field(default=None, max_length=2000)


class AnswerBody(BaseModel):
    text: str = Field(min_length=1, max_length=1000)


@router.get("/checkins", response_model=list[CheckIn])
async def get_checkins(
    account: Viewer,
    ctx: Ctx,
    day: Annotated[
        date | None, Query(alias="date", description="YYYY-MM-DD, default today")
    ] = None,
) -> list[CheckIn]:
    """Per senior asked that day: asked, answered, mood, status."""
    now = ctx.now()
    wanted = day or now.astimezone(ctx.shell.tz).date()
    window = timedelta(hours=ctx.config.checkin.reply_window_hours)
    async with ctx.db.reading() as session:
        rows = await checkins_on(session, wanted, ctx.shell.tz, now, window)
    return [CheckIn(**{**row.__dict__, "status": row.status.value}) for row in rows]


@router.get("/cases")
async def get_cases(
    account: Viewer,
    ctx: Ctx,
    status: Annotated[
        str, Query(max_length=20, description="open (not closed), or one status")
    ] = "",
) -> list[dict[str, Any]]:
    """Cases, newest first; `status=open` for every case not yet closed."""
    async with ctx.db.reading() as session:
        cases = await filtered_cases(session, ctx.shell.tz, CaseFilters(status=status))
    if account.role == "viewer":
        cases = [{k: v for k, v in c.items() if k != "quote"} for c in cases]
    return cases


@router.get("/review", response_model=list[ReviewOut])
async def get_review(account: Coordinator, ctx: Ctx, request: Request) -> list[ReviewOut]:
    """Replies waiting for a person to read, oldest first, with the reason."""
    async with ctx.db.reading() as session:
        items = await review_items(session, ctx.now())
    async with ctx.db.transaction() as session:
        audit.record(
            session, account=account, action="review.viewed", now=ctx.now(), ip=client_ip(request)
        )
    return [
        ReviewOut(
            **{
                **item.__dict__,
                "reason": item.reason.value,
                "reason_text": REASON_TEXT[item.reason],
            }
        )
        for item in items
    ]


@router.get("/seniors", response_model=list[SeniorOut])
async def get_seniors(
    account: Viewer,
    ctx: Ctx,
    q: Annotated[str, Query(max_length=200, description="name, phone, tag or area")] = "",
    limit: Annotated[int, Query(ge=1, le=10_000)] = 100,
) -> list[SeniorOut]:
    """A viewer gets numbers masked and cannot search by digits (which would
    rebuild a number one digit at a time), as on the pages."""
    sees_numbers = has_role(account, AccountRole.COORDINATOR)
    async with ctx.db.reading() as session:
        rows = await search_seniors(session, q, limit=limit, by_phone=sees_numbers)
    found = [SeniorOut(**row.__dict__) for row in rows]
    if not sees_numbers:
        for senior in found:
            senior.phone = mask_phone(senior.phone) if senior.phone else None
    return found


@router.get("/seniors/{senior_id}/messages", response_model=list[MessageOut])
async def get_messages(
    senior_id: int, account: Coordinator, ctx: Ctx, request: Request
) -> list[MessageOut]:
    """Every message in and out (the newest 300), oldest first. Audited."""
    async with ctx.db.reading() as session:
        if await session.get(Senior, senior_id) is None:
            raise HTTPException(status_code=404, detail="no such senior")
        messages = await conversation(session, senior_id)
    async with ctx.db.transaction() as session:
        audit.record(
            session,
            account=account,
            action="conversation.viewed",
            now=ctx.now(),
            ip=client_ip(request),
            senior_id=senior_id,
            via="api",
        )
    return [
        MessageOut(
            id=m.id,
            direction=m.direction,
            channel=m.channel,
            body=m.body,
            status=m.status,
            created_at=m.created_at,
        )
        for m in messages
    ]


@router.get("/events/{event_id}/attendees", response_model=Attendees)
async def get_attendees(event_id: int, account: Viewer, ctx: Ctx) -> Attendees:
    try:
        async with ctx.db.reading() as session:
            event, people = await attendees(session, event_id)
    except NotFoundError:
        raise HTTPException(status_code=404, detail="no such event") from None
    return Attendees(
        event_id=event.id,
        title=event.title,
        starts_at=event.starts_at,
        capacity=event.capacity,
        seats_taken=head_count(people),
        people=[Attendee(**p) for p in people],
    )


@router.get("/report")
async def get_report(
    account: Viewer,
    ctx: Ctx,
    month: Annotated[str, Query(description="YYYY-MM, default this month")] = "",
    area: Annotated[str, Query(max_length=100)] = "",
) -> dict[str, Any]:
    if month and not _MONTH.match(month):
        raise HTTPException(status_code=400, detail="month as YYYY-MM")
    first = (
        date.fromisoformat(f"{month}-01")
        if month
        else ctx.now().astimezone(ctx.shell.tz).date().replace(day=1)
    )
    async with ctx.db.reading() as session:
        report = await month_report(
            session,
            first,
            ctx.shell.tz,
            area=area,
            price_per_segment=ctx.config.twilio.price_per_segment,
            currency=ctx.config.twilio.currency,
        )
    return {**report.__dict__, "answered_percent": report.answered_percent}


@router.post("/cases/{case_id}/assign", response_model=CaseResult)
async def assign_case(
    case_id: int, body: AssignBody, account: Coordinator, ctx: Ctx, request: Request
) -> CaseResult:
    """Give the case to a volunteer (they and the senior are told)."""
    async with ctx.db.transaction() as session:
        volunteer = await session.get(Volunteer, body.volunteer_id)
        if volunteer is None:
            raise HTTPException(status_code=404, detail="no such volunteer")
        outcome = await claim_case(
            session,
            ctx.shell,
            case_id,
            volunteer,
            actor=f"account:{account.id}",
            require_alert=False,
        )
        if outcome.result == "unknown":
            raise HTTPException(status_code=404, detail="no such case")
        audit.record_case(
            session,
            account=account,
            action="case.assigned",
            now=ctx.now(),
            ip=client_ip(request),
            case_id=case_id,
            senior_id=outcome.escalation.senior_id if outcome.escalation else None,
            result=outcome.result,
        )
    ctx.shell.on_outbox()
    return CaseResult(id=case_id, result=outcome.result)


@router.post("/cases/{case_id}/resolve", response_model=CaseResult)
async def resolve_case(
    case_id: int, body: ResolveBody, account: Coordinator, ctx: Ctx, request: Request
) -> CaseResult:
    async with ctx.db.transaction() as session:
        outcome = await resolve(
            session,
            ctx.shell,
            case_id,
            volunteer=None,
            note=body.note,
            actor=f"account:{account.id}",
        )
        if outcome.result == "unknown":
            raise HTTPException(status_code=404, detail="no such case")
        audit.record_case(
            session,
            account=account,
            action="case.resolved",
            now=ctx.now(),
            ip=client_ip(request),
            case_id=case_id,
            senior_id=outcome.escalation.senior_id if outcome.escalation else None,
            result=outcome.result,
        )
    return CaseResult(id=case_id, result=outcome.result)


@router.post("/review/{message_id}/handled")
async def review_handled(
    message_id: int, account: Coordinator, ctx: Ctx, request: Request
) -> dict[str, bool]:
    try:
        async with ctx.db.transaction() as session:
            changed = await review_actions.mark_handled(
                session, message_id, account_id=account.id, how=HandledHow.HANDLED, now=ctx.now()
            )
            audit.record(
                session,
                account=account,
                action="review.handled",
                now=ctx.now(),
                ip=client_ip(request),
                subject_type="message",
                subject_id=message_id,
            )
    except ReviewError as exc:
        raise HTTPException(status_code=404, detail=str(exc)) from None
    return {"handled": changed}


@router.post("/review/{message_id}/answer")
async def review_answer(
    message_id: int, body: AnswerBody, account: Coordinator, ctx: Ctx, request: Request
) -> dict[str, int]:
    """Answer the senior in your own words, on the channel they wrote from."""
    try:
        async with ctx.db.transaction() as session:
            queued = await review_actions.answer(
                session, ctx.shell, message_id, body.text, account_id=account.id
            )
            audit.record(
                session,
                account=account,
                action="review.answered",
                now=ctx.now(),
                ip=client_ip(request),
                senior_id=queued.senior_id,
                subject_type="message",
                subject_id=message_id,
            )
    except ReviewError as exc:
        raise HTTPException(status_code=409, detail=str(exc)) from None
    ctx.shell.on_outbox()
    return {"message_id": queued.id}
