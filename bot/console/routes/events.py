"""Träffar / Events: list, create (one or a series), attendees, printable list, exports."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from bot.console import audit
from bot.console.auth import (
    Console,
    client_ip,
    console,
    coordinator_form,
    coordinator_page,
    viewer_page,
)
from bot.console.exports import CSV_MEDIA_TYPE, XLSX_MEDIA_TYPE, download_name
from bot.console.forms import errors_of
from bot.console.queries.events import EventPeople, event_people, event_rows
from bot.console.render import page
from bot.console.sessions import LoggedIn
from bot.core.errors import NotFoundError
from bot.core.table_files import csv_bytes, xlsx_bytes
from bot.db.models import Event
from bot.events.gatherings import EventError, NewEvent, add_events

router = APIRouter(include_in_schema=False)

ATTENDEE_HEADER = ("Namn", "Svar", "Gäster", "Platser")
ANSWER_WORDS = {"yes": "Kommer", "no": "Kommer inte", "maybe": "Kanske", "waitlist": "Väntelista"}


@router.get("/events", response_class=HTMLResponse)
async def events_page(
    request: Request, user: LoggedIn = Depends(viewer_page), ctx: Console = Depends(console)
) -> Response:
    async with ctx.db.reading() as session:
        rows = await event_rows(session, ctx.now())
    return page(request, "events.html", user, rows=rows, tz=ctx.shell.tz, error="", form={})


@router.post("/events")
async def create_event(
    request: Request,
    title: Annotated[str, Form(min_length=1, max_length=200)],
    venue: Annotated[str, Form(min_length=1, max_length=200)],
    day: Annotated[str, Form(max_length=10)],
    at: Annotated[str, Form(max_length=5)],
    capacity: Annotated[str, Form(max_length=6)] = "",
    price: Annotated[str, Form(max_length=100)] = "",
    audience_tag: Annotated[str, Form(max_length=100)] = "",
    every_weeks: Annotated[str, Form(max_length=2)] = "",
    count: Annotated[str, Form(max_length=2)] = "",
    user: LoggedIn = Depends(coordinator_form),
    ctx: Console = Depends(console),
) -> Response:
    form = dict(await request.form())
    try:
        starts = datetime.combine(
            date.fromisoformat(day), time.fromisoformat(at), tzinfo=ctx.shell.tz
        )
        new = NewEvent(
            title=title.strip(),
            venue=venue.strip(),
            starts_at=starts,
            capacity=int(capacity) if capacity.strip() else None,
            price=price.strip() or None,
            audience_tag=audience_tag.strip() or None,
        )
        weeks = int(every_weeks) if every_weeks.strip() else None
        how_many = int(count) if count.strip() else None
        async with ctx.db.transaction() as session:
            events = await add_events(session, ctx.shell, new, every_weeks=weeks, count=how_many)
            for event in events:
                audit.record(
                    session,
                    account=user.account,
                    action="event.created",
                    now=ctx.now(),
                    ip=client_ip(request),
                    subject_type="event",
                    subject_id=event.id,
                )
    except (EventError, ValueError) as exc:
        async with ctx.db.reading() as session:
            rows = await event_rows(session, ctx.now())
        message = _refusal(exc)
        return page(
            request,
            "events.html",
            user,
            status_code=400,
            rows=rows,
            tz=ctx.shell.tz,
            error=message,
            form=form,
        )
    return RedirectResponse(f"/events/{events[0].id}?ok=created", status_code=303)


def _refusal(exc: Exception) -> str:
    """Why a new event was refused, in the page's words (never the CLI's flags)."""
    if isinstance(exc, EventError):
        return next(iter(errors_of(exc).values()))
    return "Kontrollera datum, tid och antal."


async def _people(ctx: Console, event_id: int) -> EventPeople:
    try:
        async with ctx.db.reading() as session:
            return await event_people(session, event_id)
    except NotFoundError:
        raise HTTPException(status_code=404, detail="ingen sådan träff / no such event") from None


@router.get("/events/{event_id}", response_class=HTMLResponse)
async def event_page(
    request: Request,
    event_id: int,
    user: LoggedIn = Depends(viewer_page),
    ctx: Console = Depends(console),
) -> Response:
    return await render_event(request, user, ctx, event_id)


def event_values(event: Event, tz: ZoneInfo) -> dict[str, str]:
    """The edit form's fields as the event stands."""
    local = event.starts_at.astimezone(tz)
    return {
        "title": event.title,
        "venue": event.venue,
        "day": local.date().isoformat(),
        "at": local.strftime("%H:%M"),
        "capacity": "" if event.capacity is None else str(event.capacity),
        "price": event.price or "",
    }


async def render_event(
    request: Request,
    user: LoggedIn,
    ctx: Console,
    event_id: int,
    *,
    status_code: int = 200,
    errors: dict[str, str] | None = None,
    form: dict[str, str] | None = None,
) -> Response:
    """One event's page; after a refused change, with what was typed and why."""
    people = await _people(ctx, event_id)
    return page(
        request,
        "event.html",
        user,
        status_code=status_code,
        p=people,
        tz=ctx.shell.tz,
        answers=ANSWER_WORDS,
        values={**event_values(people.event, ctx.shell.tz), **(form or {})},
        errors=errors or {},
    )


@router.get("/events/{event_id}/print", response_class=HTMLResponse)
async def event_print(
    request: Request,
    event_id: int,
    user: LoggedIn = Depends(coordinator_page),
    ctx: Console = Depends(console),
) -> Response:
    people = await _people(ctx, event_id)
    await _audit_export(request, user, ctx, event_id, "print")
    return page(request, "event_print.html", user, p=people, tz=ctx.shell.tz)


def _attendee_rows(people: EventPeople) -> list[tuple[str, str, int, int]]:
    rows = []
    for group in (people.coming, people.waiting):
        for person in group:
            guests = int(person["guests"])
            seats = 1 + guests if person["answer"] == "yes" else 0
            rows.append((person["name"], ANSWER_WORDS[person["answer"]], guests, seats))
    return rows


async def _audit_export(
    request: Request, user: LoggedIn, ctx: Console, event_id: int, kind: str
) -> None:
    async with ctx.db.transaction() as session:
        audit.record(
            session,
            account=user.account,
            action="event.exported",
            now=ctx.now(),
            ip=client_ip(request),
            subject_type="event",
            subject_id=event_id,
            format=kind,
        )


@router.get("/events/{event_id}/attendees.csv")
async def attendees_csv(
    request: Request,
    event_id: int,
    user: LoggedIn = Depends(coordinator_page),
    ctx: Console = Depends(console),
) -> Response:
    people = await _people(ctx, event_id)
    await _audit_export(request, user, ctx, event_id, "csv")
    name = download_name(f"{people.event.title}-{people.event.starts_at:%Y-%m-%d}", "csv")
    return Response(
        csv_bytes(ATTENDEE_HEADER, _attendee_rows(people)),
        media_type=CSV_MEDIA_TYPE,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get("/events/{event_id}/attendees.xlsx")
async def attendees_xlsx(
    request: Request,
    event_id: int,
    user: LoggedIn = Depends(coordinator_page),
    ctx: Console = Depends(console),
) -> Response:
    people = await _people(ctx, event_id)
    await _audit_export(request, user, ctx, event_id, "xlsx")
    name = download_name(f"{people.event.title}-{people.event.starts_at:%Y-%m-%d}", "xlsx")
    return Response(
        xlsx_bytes(ATTENDEE_HEADER, _attendee_rows(people), title="Deltagare"),
        media_type=XLSX_MEDIA_TYPE,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
