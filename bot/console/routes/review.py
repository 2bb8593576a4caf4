"""Att läsa / To read: replies a person should read, and what to do with each."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from bot.console import audit
from bot.console.auth import Console, client_ip, console, coordinator_form, coordinator_page
from bot.console.queries.review import REASON_TEXT, review_items
from bot.console.render import page
from bot.console.sessions import LoggedIn
from bot.turns import handled_replies as review_actions
from bot.turns.handled_replies import HandledHow, NoSuchReply, ReviewError

router = APIRouter(include_in_schema=False)


@router.get("/review", response_class=HTMLResponse)
async def review_page(
    request: Request, user: LoggedIn = Depends(coordinator_page), ctx: Console = Depends(console)
) -> Response:
    async with ctx.db.reading() as session:
        items = await review_items(session, ctx.now())
    async with ctx.db.transaction() as session:
        audit.record(
            session,
            account=user.account,
            action="review.viewed",
            now=ctx.now(),
            ip=client_ip(request),
            senior_ids=sorted({i.senior_id for i in items}),
        )
    return page(request, "review.html", user, items=items, reasons=REASON_TEXT, tz=ctx.shell.tz)


async def _act(
    request: Request, user: LoggedIn, ctx: Console, message_id: int, action: str, text: str = ""
) -> Response:
    try:
        async with ctx.db.transaction() as session:
            if action == "answered":
                message = await review_actions.answer(
                    session, ctx.shell, message_id, text, account_id=user.account.id
                )
                senior_id = message.senior_id
            elif action == "case":
                case = await review_actions.open_case(
                    session, ctx.shell, message_id, account_id=user.account.id
                )
                senior_id = case.senior_id
            else:
                await review_actions.mark_handled(
                    session,
                    message_id,
                    account_id=user.account.id,
                    how=HandledHow.HANDLED,
                    now=ctx.now(),
                )
                senior_id = None
            audit.record(
                session,
                account=user.account,
                action=f"review.{action}",
                now=ctx.now(),
                ip=client_ip(request),
                senior_id=senior_id,
                subject_type="message",
                subject_id=message_id,
            )
    except NoSuchReply as exc:
        raise HTTPException(status_code=404, detail=str(exc)) from None
    except ReviewError as exc:  # a blank answer, one already sent, an address gone
        raise HTTPException(status_code=409, detail=str(exc)) from None
    if action != "handled":
        ctx.shell.on_outbox()
    return RedirectResponse(f"/review?ok={action}", status_code=303)


@router.post("/review/{message_id}/handled")
async def handled(
    request: Request,
    message_id: int,
    user: LoggedIn = Depends(coordinator_form),
    ctx: Console = Depends(console),
) -> Response:
    return await _act(request, user, ctx, message_id, "handled")


@router.post("/review/{message_id}/answer")
async def answer(
    request: Request,
    message_id: int,
    text: Annotated[str, Form(min_length=1, max_length=1000)],
    user: LoggedIn = Depends(coordinator_form),
    ctx: Console = Depends(console),
) -> Response:
    return await _act(request, user, ctx, message_id, "answered", text)


@router.post("/review/{message_id}/case")
async def case(
    request: Request,
    message_id: int,
    user: LoggedIn = Depends(coordinator_form),
    ctx: Console = Depends(console),
) -> Response:
    return await _act(request, user, ctx, message_id, "case")
