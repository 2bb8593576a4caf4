"""Kampanjer / Campaigns: list, edit while the service runs, pause, preview, send now."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import func, select

from bot.campaigns.definitions import (
    WEEKDAYS,
    CampaignEditError,
    add_campaign,
    plain_schedule,
    schedule_from_fields,
    set_paused,
    stored_campaigns,
    to_config,
    update_campaign,
)
from bot.campaigns.preview import preview_campaign
from bot.campaigns.send_now import send_now
from bot.console import audit
from bot.console.auth import Console, client_ip, console, coordinator_form, viewer_page
from bot.console.render import in_lang, page, reader_lang
from bot.console.sessions import LoggedIn
from bot.core.config import MAX_REPLY_WINDOW_HOURS
from bot.db.models import CampaignDefinition, CampaignRun
from conversations.sms_cost import sms_cost
from scheduler.schedules import next_occurrence
from scheduler.week_rhythm import MAX_EVERY_WEEKS

router = APIRouter(include_in_schema=False)

DAY_NAMES = dict(zip(WEEKDAYS, ("mån", "tis", "ons", "tors", "fre", "lör", "sön"), strict=True))
KINDS = {"checkin": "Incheckning", "invitation": "Inbjudan", "message": "Meddelande"}
LANGS = ("sv", "en")


def _next_fire(request: Request, name: str) -> datetime | None:
    service = getattr(request.app.state.runtime, "campaigns", None)
    return service.next_fire(name) if service is not None else None


def every_weeks_label(every: int) -> str:
    """ "varje vecka", "varannan vecka", "var 3:e vecka" (Swedish, the catalogue's key)."""
    return {1: "varje vecka", 2: "varannan vecka"}.get(every, "var {n}:e vecka")


EVERY_WEEKS = [(n, every_weeks_label(n)) for n in range(1, MAX_EVERY_WEEKS + 1)]


def describe(schedule: str, lang: str = "sv") -> str:
    """A schedule as a coordinator says it: "mån, tors kl. 10:00, varannan vecka"."""
    plain = plain_schedule(schedule)
    if plain is None:
        return f"cron: {schedule}"
    if len(plain.days) == 7:
        days = in_lang(lang, "alla dagar")
    else:
        days = ", ".join(in_lang(lang, DAY_NAMES[d]) for d in plain.days)
    text = in_lang(lang, "{days} kl. {time}", days=days, time=plain.time)
    if plain.every_weeks > 1:
        text += ", " + in_lang(lang, every_weeks_label(plain.every_weeks), n=plain.every_weeks)
    return text


def _every_weeks(value: str) -> int:
    if not value.strip().isdigit() or not 1 <= int(value) <= MAX_EVERY_WEEKS:
        raise CampaignEditError(f"var N:e vecka: N är 1 till {MAX_EVERY_WEEKS} / every N weeks")
    return int(value)


def _reply_window(value: str) -> float | None:
    """Hours as typed ("1,5" is 1.5); empty means the service's default."""
    text = value.strip().replace(",", ".")
    if not text:
        return None
    try:
        hours = float(text)
    except ValueError:
        hours = 0.0
    if not 0 < hours <= MAX_REPLY_WINDOW_HOURS:  # also refuses "nan" and "inf"
        n = MAX_REPLY_WINDOW_HOURS
        raise CampaignEditError(
            f"svarstid: antal timmar, över 0 och högst {n}"
            f" / reply window: hours, above 0, at most {n}"
        )
    return hours


def _anchor(ctx: Console, every: int, current: str | None = None) -> date:
    """The week the rhythm counts from: kept when N is unchanged (saving must
    not shift a fortnightly check-in by a week), else this week."""
    plain = plain_schedule(current) if current else None
    if plain is not None and plain.every_weeks == every and plain.anchor is not None:
        return plain.anchor
    return ctx.now().astimezone(ctx.shell.tz).date()


async def _list_rows(request: Request, ctx: Console) -> list[dict[str, Any]]:
    now = ctx.now()
    async with ctx.db.reading() as session:
        stored = await stored_campaigns(session)
        last = dict(
            (
                await session.execute(
                    select(CampaignRun.campaign, func.max(CampaignRun.scheduled_for)).group_by(
                        CampaignRun.campaign
                    )
                )
            ).all()
        )
    return [
        {
            "row": row,
            "paused": paused,
            "when": describe(row.schedule, reader_lang(request)),
            "next": next_occurrence(row.schedule, ctx.shell.tz, now),
            "scheduled": _next_fire(request, row.name),
            "last": last.get(row.name),
        }
        for row, paused in stored
    ]


async def _list_page(
    request: Request, user: LoggedIn, ctx: Console, *, error: str = "", status_code: int = 200
) -> Response:
    return page(
        request,
        "campaigns.html",
        user,
        status_code=status_code,
        rows=await _list_rows(request, ctx),
        kinds=KINDS,
        tz=ctx.shell.tz,
        weekdays=[(d, DAY_NAMES[d]) for d in WEEKDAYS],
        every_weeks=EVERY_WEEKS,
        langs=LANGS,
        error=error,
    )


@router.get("/campaigns", response_class=HTMLResponse)
async def campaigns_page(
    request: Request, user: LoggedIn = Depends(viewer_page), ctx: Console = Depends(console)
) -> Response:
    return await _list_page(request, user, ctx)


@router.post("/campaigns")
async def create_campaign(
    request: Request,
    name: Annotated[str, Form(min_length=1, max_length=100)],
    kind: Annotated[str, Form(max_length=20)],
    days: Annotated[list[str] | None, Form()] = None,
    at: Annotated[str, Form(max_length=5)] = "",
    every_weeks: Annotated[str, Form(max_length=3)] = "1",
    text_sv: Annotated[str, Form(max_length=1600)] = "",
    text_en: Annotated[str, Form(max_length=1600)] = "",
    audience_tags: Annotated[str, Form(max_length=500)] = "",
    user: LoggedIn = Depends(coordinator_form),
    ctx: Console = Depends(console),
) -> Response:
    clean = name.strip()
    try:
        every = _every_weeks(every_weeks)
        fields = {
            "name": clean,
            "kind": kind,
            "schedule": schedule_from_fields(days or [], at, every, _anchor(ctx, every)),
            "text": {"sv": text_sv, "en": text_en},
            "audience_tags": _words(audience_tags),
        }
        async with ctx.db.transaction() as session:
            await add_campaign(session, fields, ctx.now())
            audit.record(
                session,
                account=user.account,
                action="campaign.created",
                now=ctx.now(),
                ip=client_ip(request),
                subject_type="campaign",
                campaign=clean,
            )
    except CampaignEditError as exc:
        return await _list_page(request, user, ctx, error=str(exc), status_code=400)
    return RedirectResponse(f"/campaigns/{quote(clean, safe='')}?ok=created", status_code=303)


async def _campaign_or_404(ctx: Console, name: str) -> tuple[CampaignDefinition, bool]:
    async with ctx.db.reading() as session:
        for row, paused in await stored_campaigns(session):
            if row.name == name:
                return row, paused
    raise HTTPException(status_code=404, detail="ingen sådan kampanj / no such campaign")


def _editor(
    request: Request,
    user: LoggedIn,
    ctx: Console,
    row: CampaignDefinition,
    paused: bool,
    *,
    error: str = "",
    preview: dict[str, Any] | None = None,
    status_code: int = 200,
) -> Response:
    return page(
        request,
        "campaign.html",
        user,
        status_code=status_code,
        c=row,
        paused=paused,
        plain=plain_schedule(row.schedule),
        when=describe(row.schedule, reader_lang(request)),
        next=next_occurrence(row.schedule, ctx.shell.tz, ctx.now()),
        scheduled=_next_fire(request, row.name),
        weekdays=[(d, DAY_NAMES[d]) for d in WEEKDAYS],
        every_weeks=EVERY_WEEKS,
        kinds=KINDS,
        langs=LANGS,
        costs={lang: sms_cost(text) for lang, text in row.text.items() if text},
        error=error,
        preview=preview,
        tz=ctx.shell.tz,
    )


@router.get("/campaigns/{name}", response_class=HTMLResponse)
async def campaign_page(
    request: Request,
    name: str,
    user: LoggedIn = Depends(viewer_page),
    ctx: Console = Depends(console),
) -> Response:
    row, paused = await _campaign_or_404(ctx, name)
    return _editor(request, user, ctx, row, paused)


def _words(text: str) -> list[str]:
    return [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]


@router.post("/campaigns/{name}")
async def save_campaign(
    request: Request,
    name: str,
    days: Annotated[list[str] | None, Form()] = None,
    at: Annotated[str, Form(max_length=5)] = "",
    every_weeks: Annotated[str, Form(max_length=3)] = "1",
    cron: Annotated[str, Form(max_length=100)] = "",
    text_sv: Annotated[str, Form(max_length=1600)] = "",
    text_en: Annotated[str, Form(max_length=1600)] = "",
    audience_tags: Annotated[str, Form(max_length=500)] = "",
    audience_langs: Annotated[list[str] | None, Form()] = None,
    reply_window_hours: Annotated[str, Form(max_length=10)] = "",
    user: LoggedIn = Depends(coordinator_form),
    ctx: Console = Depends(console),
) -> Response:
    row, paused = await _campaign_or_404(ctx, name)
    try:
        if cron.strip() and cron.strip() != row.schedule:
            schedule = cron.strip()
        else:
            every = _every_weeks(every_weeks)
            anchor = _anchor(ctx, every, row.schedule)
            schedule = schedule_from_fields(days or [], at, every, anchor)
        window = _reply_window(reply_window_hours)
        changes = {
            "schedule": schedule,
            "text": {"sv": text_sv, "en": text_en},
            "audience_tags": _words(audience_tags),
            "audience_langs": [lang for lang in (audience_langs or []) if lang in LANGS],
            "reply_window_hours": window,
        }
        async with ctx.db.transaction() as session:
            await update_campaign(session, name, changes, ctx.now())
            audit.record(
                session,
                account=user.account,
                action="campaign.edited",
                now=ctx.now(),
                ip=client_ip(request),
                subject_type="campaign",
                campaign=name,
            )
    except (CampaignEditError, ValueError) as exc:
        return _editor(request, user, ctx, row, paused, error=str(exc), status_code=400)
    return RedirectResponse(f"/campaigns/{name}?ok=saved", status_code=303)


async def _pause(request: Request, name: str, user: LoggedIn, ctx: Console, paused: bool) -> None:
    await _campaign_or_404(ctx, name)
    async with ctx.db.transaction() as session:
        await set_paused(session, name, paused, ctx.now())
        audit.record(
            session,
            account=user.account,
            action="campaign.paused" if paused else "campaign.resumed",
            now=ctx.now(),
            ip=client_ip(request),
            subject_type="campaign",
            campaign=name,
        )


@router.post("/campaigns/{name}/pause")
async def pause_campaign(
    request: Request,
    name: str,
    user: LoggedIn = Depends(coordinator_form),
    ctx: Console = Depends(console),
) -> Response:
    await _pause(request, name, user, ctx, True)
    return RedirectResponse(f"/campaigns/{name}?ok=paused", status_code=303)


@router.post("/campaigns/{name}/resume")
async def resume_campaign(
    request: Request,
    name: str,
    user: LoggedIn = Depends(coordinator_form),
    ctx: Console = Depends(console),
) -> Response:
    await _pause(request, name, user, ctx, False)
    return RedirectResponse(f"/campaigns/{name}?ok=resumed", status_code=303)


@router.post("/campaigns/{name}/preview", response_class=HTMLResponse)
async def preview(
    request: Request,
    name: str,
    user: LoggedIn = Depends(coordinator_form),
    ctx: Console = Depends(console),
) -> Response:
    row, paused = await _campaign_or_404(ctx, name)
    result = await preview_campaign(ctx.db, ctx.shell, to_config(row, paused))
    return _editor(request, user, ctx, row, paused, preview=result)


@router.post("/campaigns/{name}/send")
async def send(
    request: Request,
    name: str,
    user: LoggedIn = Depends(coordinator_form),
    ctx: Console = Depends(console),
) -> Response:
    row, paused = await _campaign_or_404(ctx, name)
    report = await send_now(ctx.db, ctx.shell, to_config(row, paused))
    async with ctx.db.transaction() as session:
        audit.record(
            session,
            account=user.account,
            action="campaign.sent_now",
            now=ctx.now(),
            ip=client_ip(request),
            subject_type="campaign",
            campaign=name,
            planned=report.planned,
        )
    ctx.shell.on_outbox()
    notice = "already" if report.already_ran else ("paused_skip" if paused else "sent")
    return RedirectResponse(f"/campaigns/{name}?ok={notice}", status_code=303)
