"""Träffar: edit an event (time, place, seats, price) or cancel it, or the rest of its series.

The forms call the same functions as `hejsan events edit|cancel`
(bot/turns/event_news.py): the change, then one message to each senior who
said yes when the time or place moved or the event is off. Coordinator or
admin only, CSRF-checked, one audit row per change.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from bot.console import audit
from bot.console.auth import CSRF_FIELD, Console, client_ip, console, coordinator_form
from bot.console.forms import FormError, errors_of, local_moment, optional_int
from bot.console.routes.events import event_values, render_event
from bot.console.sessions import LoggedIn
from bot.core.errors import HejsanError, NotFoundError
from bot.db.models import Account
from bot.events.changes import EventChanges, get_event
from bot.turns.event_news import NewsReport, cancel_event, change_event

router = APIRouter(include_in_schema=False)


async def changes_from_form(ctx: Console, event_id: int, form: dict[str, str]) -> EventChanges:
    """Only the fields the coordinator changed (so the audit row names them)."""
    try:
        async with ctx.db.reading() as session:
            event = await get_event(session, event_id)
    except NotFoundError:
        raise HTTPException(status_code=404, detail="ingen sådan träff / no such event") from None
    before = event_values(event, ctx.shell.tz)
    changed = {k: form[k].strip() for k in before if k in form and form[k].strip() != before[k]}
    starts_at = None
    if "day" in changed or "at" in changed:
        starts_at = local_moment(form.get("day", ""), form.get("at", ""), ctx.shell.tz)
    return EventChanges(
        starts_at=starts_at,
        venue=changed.get("venue"),
        capacity=optional_int(changed.get("capacity", ""), "capacity"),
        price=changed.get("price"),
        title=changed.get("title"),
        unlimited=changed.get("capacity") == "",  # the field emptied: no limit
    )


async def record_event_change(
    request: Request,
    account: Account,
    ctx: Console,
    event_id: int,
    action: str,
    report: NewsReport,
) -> None:
    """The console's audit row for a change the event services made and told."""
    async with ctx.db.transaction() as session:
        audit.record(
            session,
            account=account,
            action=action,
            now=ctx.now(),
            ip=client_ip(request),
            subject_type="event",
            subject_id=event_id,
            events=[e.id for e in report.events],
            told=report.told,
        )
    if report.told:
        ctx.shell.on_outbox()


def _typed(form: Any) -> dict[str, str]:
    return {k: v for k, v in form.items() if isinstance(v, str) and k != CSRF_FIELD}


@router.post("/events/{event_id}/edit")
async def edit_event_page(
    request: Request,
    event_id: int,
    user: LoggedIn = Depends(coordinator_form),
    ctx: Console = Depends(console),
) -> Response:
    form = _typed(await request.form())
    actor = f"account:{user.account.id}"
    try:
        changes = await changes_from_form(ctx, event_id, form)
        report = await change_event(ctx.db, ctx.shell, event_id, changes, actor=actor)
    except HejsanError as exc:
        errors = errors_of(exc)
        return await render_event(
            request, user, ctx, event_id, status_code=400, errors=errors, form=form
        )
    await record_event_change(request, user.account, ctx, event_id, "event.edited", report)
    return RedirectResponse(f"/events/{event_id}?ok=event_saved", status_code=303)


@router.post("/events/{event_id}/cancel")
async def cancel_event_page(
    request: Request,
    event_id: int,
    scope: Annotated[str, Form(max_length=10)] = "one",
    confirm: Annotated[str, Form(max_length=10)] = "",
    user: LoggedIn = Depends(coordinator_form),
    ctx: Console = Depends(console),
) -> Response:
    """Only with the box ticked; `scope=rest` cancels this and the later ones of its series."""
    if confirm != "yes":
        errors = errors_of(FormError("confirm"))
        return await render_event(request, user, ctx, event_id, status_code=400, errors=errors)
    actor = f"account:{user.account.id}"
    try:
        report = await cancel_event(
            ctx.db, ctx.shell, event_id, rest_of_series=scope == "rest", actor=actor
        )
    except NotFoundError:
        raise HTTPException(status_code=404, detail="ingen sådan träff / no such event") from None
    await record_event_change(request, user.account, ctx, event_id, "event.cancelled", report)
    return RedirectResponse(f"/events/{event_id}?ok=event_cancelled", status_code=303)
