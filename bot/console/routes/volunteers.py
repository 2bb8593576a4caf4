"""Volontärer / Volunteers: the list with availability and their cases, one volunteer's page,
and what a coordinator changes: add, edit, pause/resume, remove (same services as the CLI)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.ext.asyncio import AsyncSession

from bot.console.accounts import AccountRole
from bot.console.auth import (
    Console,
    console,
    coordinator_form,
    has_role,
    viewer_page,
)
from bot.console.forms import FormError, day_start, errors_of
from bot.console.people_actions import changes_from_form, current_values
from bot.console.queries.volunteers import volunteer_rows
from bot.console.render import page
from bot.console.routes.change_support import Change, add_from_form, apply_change, typed
from bot.console.routes.seniors import LANGUAGES
from bot.console.sessions import LoggedIn
from bot.core.errors import HejsanError, NotFoundError
from bot.core.phone import mask_phone
from bot.people.changes import (
    edit_person,
    get_person,
    pause_person,
    remove_person,
    resume_person,
)
from bot.people.directory import Role

router = APIRouter(include_in_schema=False)
ROLE = Role.VOLUNTEER


async def _list(
    request: Request,
    user: LoggedIn,
    ctx: Console,
    *,
    status_code: int = 200,
    errors: dict[str, str] | None = None,
    form: dict[str, str] | None = None,
) -> Response:
    async with ctx.db.reading() as session:
        rows = await volunteer_rows(session, ctx.shell.tz, ctx.now())
    return page(
        request,
        "volunteers.html",
        user,
        status_code=status_code,
        rows=rows,
        tz=ctx.shell.tz,
        langs=LANGUAGES,
        values=form or {},
        errors=errors or {},
    )


@router.get("/volunteers", response_class=HTMLResponse)
async def volunteers_page(
    request: Request, user: LoggedIn = Depends(viewer_page), ctx: Console = Depends(console)
) -> Response:
    return await _list(request, user, ctx)


async def render_volunteer(
    request: Request,
    user: LoggedIn,
    ctx: Console,
    volunteer_id: int,
    *,
    status_code: int = 200,
    errors: dict[str, str] | None = None,
    form: dict[str, str] | None = None,
    confirm_remove: bool = False,
) -> Response:
    """One volunteer; after a refused change, with what was typed and why."""
    try:
        async with ctx.db.reading() as session:
            volunteer = await get_person(session, ROLE, volunteer_id)
    except NotFoundError:
        raise HTTPException(status_code=404, detail="ingen sådan volontär") from None
    return page(
        request,
        "volunteer.html",
        user,
        status_code=status_code,
        v=volunteer,
        reveal=has_role(user.account, AccountRole.COORDINATOR),
        mask=mask_phone,
        tz=ctx.shell.tz,
        langs=LANGUAGES,
        values={**current_values(volunteer), **(form or {})},
        errors=errors or {},
        confirm_remove=confirm_remove and volunteer.removed_at is None,
    )


@router.get("/volunteers/{volunteer_id}", response_class=HTMLResponse)
async def volunteer_page(
    request: Request,
    volunteer_id: int,
    remove: Annotated[bool, Query(description="show the removal confirmation")] = False,
    user: LoggedIn = Depends(viewer_page),
    ctx: Console = Depends(console),
) -> Response:
    return await render_volunteer(request, user, ctx, volunteer_id, confirm_remove=remove)


def _back(volunteer_id: int, notice: str) -> Response:
    return RedirectResponse(f"/volunteers/{volunteer_id}?ok={notice}", status_code=303)


async def _done(
    request: Request,
    user: LoggedIn,
    ctx: Console,
    volunteer_id: int,
    verb: str,
    change: Change,
    notice: str,
    **details: Any,
) -> Response:
    """Apply the change; on success back to the page, else the page with the refusal."""
    refused = await apply_change(request, user, ctx, ROLE, volunteer_id, verb, change, **details)
    if refused is None:
        return _back(volunteer_id, notice)
    form = typed(await request.form())
    return await render_volunteer(
        request, user, ctx, volunteer_id, status_code=400, errors=errors_of(refused), form=form
    )


@router.post("/volunteers")
async def add_volunteer(
    request: Request, user: LoggedIn = Depends(coordinator_form), ctx: Console = Depends(console)
) -> Response:
    form = typed(await request.form())
    try:
        added = await add_from_form(request, user, ctx, ROLE, form)
    except HejsanError as exc:
        return await _list(request, user, ctx, status_code=400, errors=errors_of(exc), form=form)
    return _back(added.person_id, "person_added" if added.created else "person_saved")


@router.post("/volunteers/{volunteer_id}/edit")
async def edit_volunteer(
    request: Request,
    volunteer_id: int,
    user: LoggedIn = Depends(coordinator_form),
    ctx: Console = Depends(console),
) -> Response:
    form = typed(await request.form())
    fields: list[str] = []

    async def change(session: AsyncSession, actor: str) -> None:
        person = await get_person(session, ROLE, volunteer_id)
        changes = changes_from_form(ROLE, person, form)
        fields.extend(k for k, v in vars(changes).items() if v is not None)
        await edit_person(
            session,
            ROLE,
            volunteer_id,
            changes,
            actor=actor,
            now=ctx.now(),
            default_lang=ctx.config.service.default_lang,
        )

    return await _done(
        request, user, ctx, volunteer_id, "edited", change, "person_saved", fields=fields
    )


@router.post("/volunteers/{volunteer_id}/pause")
async def pause_volunteer(
    request: Request,
    volunteer_id: int,
    until: Annotated[str, Form(max_length=10)] = "",
    user: LoggedIn = Depends(coordinator_form),
    ctx: Console = Depends(console),
) -> Response:
    """No alerts to them until the day given (or until resumed)."""
    try:
        moment = day_start(until, "until", ctx.shell.tz)
    except FormError as exc:
        form = typed(await request.form())
        return await render_volunteer(
            request, user, ctx, volunteer_id, status_code=400, errors=errors_of(exc), form=form
        )

    async def change(session: AsyncSession, actor: str) -> None:
        await pause_person(session, ROLE, volunteer_id, until=moment, actor=actor, now=ctx.now())

    shown = moment.isoformat() if moment else None
    return await _done(
        request, user, ctx, volunteer_id, "paused", change, "person_paused", until=shown
    )


@router.post("/volunteers/{volunteer_id}/resume")
async def resume_volunteer(
    request: Request,
    volunteer_id: int,
    user: LoggedIn = Depends(coordinator_form),
    ctx: Console = Depends(console),
) -> Response:
    async def change(session: AsyncSession, actor: str) -> None:
        await resume_person(session, ROLE, volunteer_id, actor=actor, now=ctx.now())

    return await _done(request, user, ctx, volunteer_id, "resumed", change, "person_resumed")


@router.post("/volunteers/{volunteer_id}/remove")
async def remove_volunteer(
    request: Request,
    volunteer_id: int,
    confirm: Annotated[str, Form(max_length=10)] = "",
    user: LoggedIn = Depends(coordinator_form),
    ctx: Console = Depends(console),
) -> Response:
    """Only with the confirmation step's `confirm=yes`."""
    if confirm != "yes":
        errors = errors_of(FormError("confirm"))
        return await render_volunteer(
            request, user, ctx, volunteer_id, status_code=400, errors=errors, confirm_remove=True
        )

    async def change(session: AsyncSession, actor: str) -> None:
        await remove_person(session, ROLE, volunteer_id, actor=actor, now=ctx.now())

    return await _done(request, user, ctx, volunteer_id, "removed", change, "person_removed")
