"""Seniorer: add, edit, pause/resume, opt out/in on their behalf, remove.

Every form posts plain HTML (CSRF-checked, coordinator or admin only) and
calls the same services as `hejsan seniors ...`; each change is one audit row
with the account and IP. A refused change shows the page again with what was
typed and a Swedish line next to the field.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.ext.asyncio import AsyncSession

from bot.console.auth import Console, console, coordinator_form
from bot.console.forms import FormError, day_start, errors_of
from bot.console.people_actions import changes_from_form
from bot.console.queries.seniors import search_seniors
from bot.console.render import page
from bot.console.routes.change_support import Change, add_from_form, apply_change, typed
from bot.console.routes.seniors import LANGUAGES, render_senior
from bot.console.sessions import LoggedIn
from bot.core.errors import HejsanError
from bot.core.phone import mask_phone
from bot.people.changes import (
    edit_person,
    get_person,
    pause_person,
    remove_person,
    resume_person,
    set_opted_out,
)
from bot.people.directory import Role

router = APIRouter(include_in_schema=False)


def _back(senior_id: int, notice: str) -> Response:
    return RedirectResponse(f"/seniors/{senior_id}?ok={notice}", status_code=303)


async def _apply(
    request: Request,
    user: LoggedIn,
    ctx: Console,
    senior_id: int,
    verb: str,
    change: Change,
    **details: Any,
) -> HejsanError | None:
    return await apply_change(request, user, ctx, Role.SENIOR, senior_id, verb, change, **details)


async def _refused(
    request: Request, user: LoggedIn, ctx: Console, senior_id: int, exc: HejsanError
) -> Response:
    form = typed(await request.form())
    return await render_senior(
        request, user, ctx, senior_id, status_code=400, errors=errors_of(exc), form=form
    )


@router.post("/seniors")
async def add_senior(
    request: Request, user: LoggedIn = Depends(coordinator_form), ctx: Console = Depends(console)
) -> Response:
    form = typed(await request.form())
    try:
        added = await add_from_form(request, user, ctx, Role.SENIOR, form)
    except HejsanError as exc:
        async with ctx.db.reading() as session:
            rows = await search_seniors(session, "")
        return page(
            request,
            "seniors.html",
            user,
            status_code=400,
            rows=rows,
            q="",
            reveal=True,
            mask=mask_phone,
            tz=ctx.shell.tz,
            langs=LANGUAGES,
            values=form,
            errors=errors_of(exc),
        )
    return _back(added.person_id, "person_added" if added.created else "person_saved")


@router.post("/seniors/{senior_id}/edit")
async def edit_senior(
    request: Request,
    senior_id: int,
    user: LoggedIn = Depends(coordinator_form),
    ctx: Console = Depends(console),
) -> Response:
    form = await request.form()
    fields: list[str] = []

    async def change(session: AsyncSession, actor: str) -> None:
        person = await get_person(session, Role.SENIOR, senior_id)
        changes = changes_from_form(Role.SENIOR, person, typed(form))
        fields.extend(k for k, v in vars(changes).items() if v is not None)
        await edit_person(
            session,
            Role.SENIOR,
            senior_id,
            changes,
            actor=actor,
            now=ctx.now(),
            default_lang=ctx.config.service.default_lang,
        )

    refused = await _apply(request, user, ctx, senior_id, "edited", change, fields=fields)
    if refused is not None:
        return await _refused(request, user, ctx, senior_id, refused)
    return _back(senior_id, "person_saved")


@router.post("/seniors/{senior_id}/pause")
async def pause_senior(
    request: Request,
    senior_id: int,
    until: Annotated[str, Form(max_length=10)] = "",
    user: LoggedIn = Depends(coordinator_form),
    ctx: Console = Depends(console),
) -> Response:
    try:
        moment = day_start(until, "until", ctx.shell.tz)
    except FormError as exc:
        return await _refused(request, user, ctx, senior_id, exc)

    async def change(session: AsyncSession, actor: str) -> None:
        await pause_person(
            session, Role.SENIOR, senior_id, until=moment, actor=actor, now=ctx.now()
        )

    until_text = moment.isoformat() if moment else None
    refused = await _apply(request, user, ctx, senior_id, "paused", change, until=until_text)
    if refused is not None:
        return await _refused(request, user, ctx, senior_id, refused)
    return _back(senior_id, "person_paused")


@router.post("/seniors/{senior_id}/resume")
async def resume_senior(
    request: Request,
    senior_id: int,
    user: LoggedIn = Depends(coordinator_form),
    ctx: Console = Depends(console),
) -> Response:
    async def change(session: AsyncSession, actor: str) -> None:
        await resume_person(session, Role.SENIOR, senior_id, actor=actor, now=ctx.now())

    refused = await _apply(request, user, ctx, senior_id, "resumed", change)
    if refused is not None:
        return await _refused(request, user, ctx, senior_id, refused)
    return _back(senior_id, "person_resumed")


async def _opt(
    request: Request, user: LoggedIn, ctx: Console, senior_id: int, opted_out: bool
) -> Response:
    async def change(session: AsyncSession, actor: str) -> None:
        await set_opted_out(session, senior_id, opted_out, actor=actor, now=ctx.now())

    action = "opted_out" if opted_out else "opted_in"
    refused = await _apply(request, user, ctx, senior_id, action, change)
    if refused is not None:
        return await _refused(request, user, ctx, senior_id, refused)
    return _back(senior_id, "opted_out" if opted_out else "opted_in")


@router.post("/seniors/{senior_id}/opt-out")
async def opt_out_senior(
    request: Request,
    senior_id: int,
    user: LoggedIn = Depends(coordinator_form),
    ctx: Console = Depends(console),
) -> Response:
    """On the senior's behalf, as if they wrote STOPP; recorded as the coordinator's."""
    return await _opt(request, user, ctx, senior_id, True)


@router.post("/seniors/{senior_id}/opt-in")
async def opt_in_senior(
    request: Request,
    senior_id: int,
    user: LoggedIn = Depends(coordinator_form),
    ctx: Console = Depends(console),
) -> Response:
    return await _opt(request, user, ctx, senior_id, False)


@router.post("/seniors/{senior_id}/remove")
async def remove_senior(
    request: Request,
    senior_id: int,
    confirm: Annotated[str, Form(max_length=10)] = "",
    user: LoggedIn = Depends(coordinator_form),
    ctx: Console = Depends(console),
) -> Response:
    """Only with the confirmation step's `confirm=yes`; without it, the step is shown."""
    if confirm != "yes":
        return await render_senior(
            request,
            user,
            ctx,
            senior_id,
            status_code=400,
            errors=errors_of(FormError("confirm")),
            confirm_remove=True,
        )

    async def change(session: AsyncSession, actor: str) -> None:
        await remove_person(session, Role.SENIOR, senior_id, actor=actor, now=ctx.now())

    refused = await _apply(request, user, ctx, senior_id, "removed", change)
    if refused is not None:
        return await _refused(request, user, ctx, senior_id, refused)
    return _back(senior_id, "person_removed")
