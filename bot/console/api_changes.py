"""The JSON API's writes for people and events: what the pages' forms do, for scripts.

`/api/seniors/...` and `/api/volunteers/...` share one set of handlers (the
path's list name picks the role); opting out is for seniors only. Each
call needs a coordinator's (or admin's) token, goes through the same services
as the pages and the CLI, and writes one audit row (`via: api`). A refused
change is 422, `detail` holding the service's `message` and the `field`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date, datetime, time
from enum import StrEnum
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request
from pydantic import BaseModel, Field
from sqlalchemy.ext.asyncio import AsyncSession

from bot.console import audit
from bot.console.auth import Console, client_ip, console, coordinator_api
from bot.console.people_actions import add_person_audited
from bot.core.errors import HejsanError, NotFoundError
from bot.db.models import Account
from bot.events.changes import EventChanges
from bot.people.changes import (
    PersonChanges,
    edit_person,
    get_person,
    pause_person,
    remove_person,
    resume_person,
    set_opted_out,
)
from bot.people.directory import Role, person_json
from bot.turns.event_news import NewsReport, cancel_event, change_event

router = APIRouter(prefix="/api", tags=["console"])

Coordinator = Annotated[Account, Depends(coordinator_api)]
Ctx = Annotated[Console, Depends(console)]
Change = Callable[[AsyncSession, str], Awaitable[Any]]


class People(StrEnum):
    SENIORS = "seniors"
    VOLUNTEERS = "volunteers"

    @property
    def role(self) -> Role:
        return Role.SENIOR if self is People.SENIORS else Role.VOLUNTEER


class NewPerson(BaseModel):
    name: str = Field(max_length=200)
    phone: str = Field(max_length=40)
    telegram: str | None = Field(default=None, max_length=40)
    lang: str | None = Field(default=None, max_length=20)
    tags: list[str] = Field(default_factory=list, max_length=50)
    area: str | None = Field(default=None, max_length=100, description="seniors")
    org: str | None = Field(default=None, max_length=200, description="volunteers")


class PersonEdit(BaseModel):
    """Only the fields given change; `telegram: ""` removes the chat."""

    name: str | None = Field(default=None, max_length=200)
    phone: str | None = Field(default=None, max_length=40)
    telegram: str | None = Field(default=None, max_length=40)
    lang: str | None = Field(default=None, max_length=20)
    tags: list[str] | None = Field(default=None, max_length=50)
    area: str | None = Field(default=None, max_length=100, description="seniors")
    notes: str | None = Field(default=None, max_length=2000, description="seniors")
    org: str | None = Field(default=None, max_length=200, description="volunteers")
    availability: str | None = Field(default=None, max_length=200, description="volunteers")
    max_open_cases: int | None = Field(default=None, ge=0, description="volunteers")


class PauseBody(BaseModel):
    until: date | None = Field(default=None, description="resume on this day; null: until resumed")


class EventEdit(BaseModel):
    starts_at: datetime | None = Field(default=None, description="ISO time; local when no zone")
    venue: str | None = Field(default=None, max_length=200)
    capacity: int | None = Field(default=None, ge=1)
    price: str | None = Field(default=None, max_length=100)
    title: str | None = Field(default=None, max_length=200)


class CancelBody(BaseModel):
    rest_of_series: bool = False


def people_of(request: Request) -> People:
    """Which list the path names: /api/seniors/... or /api/volunteers/..."""
    return People(request.url.path.split("/")[2])


def _refused(exc: HejsanError) -> HTTPException:
    """422 with the service's words and the field at fault."""
    detail = {"message": str(exc), "field": getattr(exc, "field", None)}
    return HTTPException(status_code=422, detail=detail)


async def _person_change(
    request: Request,
    account: Account,
    ctx: Console,
    people: People,
    person_id: int,
    verb: str,
    change: Change,
    **details: Any,
) -> dict[str, Any]:
    """One change and its audit row in one transaction; the person as JSON after it."""
    try:
        async with ctx.db.transaction() as session:
            await change(session, f"account:{account.id}")
            person = await get_person(session, people.role, person_id)
            audit.record(
                session,
                account=account,
                action=f"{people.role.value}.{verb}",
                now=ctx.now(),
                ip=client_ip(request),
                senior_id=person_id if people is People.SENIORS else None,
                subject_type=people.role.value,
                subject_id=person_id,
                via="api",
                **details,
            )
            return person_json(person)
    except NotFoundError:
        raise HTTPException(status_code=404, detail=f"no such {people.role.value}") from None
    except HejsanError as exc:
        raise _refused(exc) from None


@router.post("/seniors", status_code=201)
@router.post("/volunteers", status_code=201)
async def add(
    people: Annotated[People, Depends(people_of)],
    body: NewPerson,
    account: Coordinator,
    ctx: Ctx,
    request: Request,
) -> dict[str, Any]:
    """Add a person, or update the one with this phone number (`created: false`)."""
    values = {**body.model_dump(), "tags": ",".join(body.tags)}
    try:
        async with ctx.db.transaction() as session:
            added = await add_person_audited(
                session,
                people.role,
                values,
                account=account,
                now=ctx.now(),
                ip=client_ip(request),
                default_lang=ctx.config.service.default_lang,
                via="api",
            )
    except HejsanError as exc:
        raise _refused(exc) from None
    return {"id": added.person_id, "created": added.created, "warnings": list(added.warnings)}


@router.patch("/seniors/{person_id}")
@router.patch("/volunteers/{person_id}")
async def edit(
    people: Annotated[People, Depends(people_of)],
    person_id: int,
    body: PersonEdit,
    account: Coordinator,
    ctx: Ctx,
    request: Request,
) -> dict[str, Any]:
    given = body.model_dump(exclude_none=True)
    if "tags" in given:
        given["tags"] = tuple(given["tags"])
    changes = PersonChanges(**given)

    async def change(session: AsyncSession, actor: str) -> None:
        await edit_person(
            session,
            people.role,
            person_id,
            changes,
            actor=actor,
            now=ctx.now(),
            default_lang=ctx.config.service.default_lang,
        )

    return await _person_change(
        request, account, ctx, people, person_id, "edited", change, fields=sorted(given)
    )


@router.post("/seniors/{person_id}/pause")
@router.post("/volunteers/{person_id}/pause")
async def pause(
    people: Annotated[People, Depends(people_of)],
    person_id: int,
    body: PauseBody,
    account: Coordinator,
    ctx: Ctx,
    request: Request,
) -> dict[str, Any]:
    """Hejsan starts nothing with them until the day given (answers and safety go on)."""
    until = datetime.combine(body.until, time(0, 0), tzinfo=ctx.shell.tz) if body.until else None

    async def change(session: AsyncSession, actor: str) -> None:
        await pause_person(session, people.role, person_id, until=until, actor=actor, now=ctx.now())

    shown = until.isoformat() if until else None
    return await _person_change(
        request, account, ctx, people, person_id, "paused", change, until=shown
    )


@router.post("/seniors/{person_id}/resume")
@router.post("/volunteers/{person_id}/resume")
async def resume(
    people: Annotated[People, Depends(people_of)],
    person_id: int,
    account: Coordinator,
    ctx: Ctx,
    request: Request,
) -> dict[str, Any]:
    async def change(session: AsyncSession, actor: str) -> None:
        await resume_person(session, people.role, person_id, actor=actor, now=ctx.now())

    return await _person_change(request, account, ctx, people, person_id, "resumed", change)


@router.post("/seniors/{person_id}/remove")
@router.post("/volunteers/{person_id}/remove")
async def remove(
    people: Annotated[People, Depends(people_of)],
    person_id: int,
    account: Coordinator,
    ctx: Ctx,
    request: Request,
) -> dict[str, Any]:
    """No more messages from now; the personal data is erased after the retention time."""

    async def change(session: AsyncSession, actor: str) -> None:
        await remove_person(session, people.role, person_id, actor=actor, now=ctx.now())

    return await _person_change(request, account, ctx, people, person_id, "removed", change)


@router.post("/seniors/{senior_id}/opt-out")
async def opt_out(
    senior_id: int, account: Coordinator, ctx: Ctx, request: Request
) -> dict[str, Any]:
    """On the senior's behalf, as if they wrote STOPP; recorded as this account's doing."""

    async def change(session: AsyncSession, actor: str) -> None:
        await set_opted_out(session, senior_id, True, actor=actor, now=ctx.now())

    return await _person_change(
        request, account, ctx, People.SENIORS, senior_id, "opted_out", change
    )


@router.post("/seniors/{senior_id}/opt-in")
async def opt_in(
    senior_id: int, account: Coordinator, ctx: Ctx, request: Request
) -> dict[str, Any]:
    async def change(session: AsyncSession, actor: str) -> None:
        await set_opted_out(session, senior_id, False, actor=actor, now=ctx.now())

    return await _person_change(
        request, account, ctx, People.SENIORS, senior_id, "opted_in", change
    )


async def _audit_event(
    request: Request, account: Account, ctx: Console, event_id: int, verb: str, report: NewsReport
) -> dict[str, Any]:
    async with ctx.db.transaction() as session:
        audit.record(
            session,
            account=account,
            action=f"event.{verb}",
            now=ctx.now(),
            ip=client_ip(request),
            subject_type="event",
            subject_id=event_id,
            events=[e.id for e in report.events],
            told=report.told,
            via="api",
        )
    if report.told:
        ctx.shell.on_outbox()
    return {"events": [e.id for e in report.events], "told": report.told}


@router.patch("/events/{event_id}")
async def edit_event(
    event_id: int, body: EventEdit, account: Coordinator, ctx: Ctx, request: Request
) -> dict[str, Any]:
    """Change time, place, seats, price or title; a new time or place is told to those coming."""
    starts = body.starts_at
    if starts is not None and starts.tzinfo is None:
        starts = starts.replace(tzinfo=ctx.shell.tz)
    changes = EventChanges(
        starts_at=starts,
        venue=body.venue,
        capacity=body.capacity,
        price=body.price,
        title=body.title,
    )
    try:
        report = await change_event(
            ctx.db, ctx.shell, event_id, changes, actor=f"account:{account.id}"
        )
    except NotFoundError:
        raise HTTPException(status_code=404, detail="no such event") from None
    except HejsanError as exc:
        raise _refused(exc) from None
    return await _audit_event(request, account, ctx, event_id, "edited", report)


@router.post("/events/{event_id}/cancel")
async def cancel(
    event_id: int, body: CancelBody, account: Coordinator, ctx: Ctx, request: Request
) -> dict[str, Any]:
    """Cancel the event (or it and the rest of its series); those coming are told."""
    try:
        report = await cancel_event(
            ctx.db,
            ctx.shell,
            event_id,
            rest_of_series=body.rest_of_series,
            actor=f"account:{account.id}",
        )
    except NotFoundError:
        raise HTTPException(status_code=404, detail="no such event") from None
    return await _audit_event(request, account, ctx, event_id, "cancelled", report)
