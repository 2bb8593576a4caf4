"""What the people forms share: run one change with its audit row, keep what was typed."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import HTTPException, Request
from sqlalchemy.ext.asyncio import AsyncSession

from bot.console import audit
from bot.console.auth import CSRF_FIELD, Console, client_ip
from bot.console.people_actions import Added, add_person_audited
from bot.console.sessions import LoggedIn
from bot.core.errors import HejsanError, NotFoundError
from bot.people.directory import Role

Change = Callable[[AsyncSession, str], Awaitable[object]]


def typed(form: Any) -> dict[str, str]:
    """What was typed, to show again (never the CSRF token)."""
    return {k: v for k, v in form.items() if isinstance(v, str) and k != CSRF_FIELD}


async def apply_change(
    request: Request,
    user: LoggedIn,
    ctx: Console,
    role: Role,
    person_id: int,
    verb: str,
    change: Change,
    **details: Any,
) -> HejsanError | None:
    """Run one change (given the acting account) and its audit row in one
    transaction; return the service's refusal, if any. An unknown id is a 404."""
    try:
        async with ctx.db.transaction() as session:
            await change(session, f"account:{user.account.id}")
            audit.record(
                session,
                account=user.account,
                action=f"{role.value}.{verb}",
                now=ctx.now(),
                ip=client_ip(request),
                senior_id=person_id if role is Role.SENIOR else None,
                subject_type=role.value,
                subject_id=person_id,
                **details,
            )
    except NotFoundError:
        raise HTTPException(status_code=404, detail="finns inte / not found") from None
    except HejsanError as exc:
        return exc
    return None


async def add_from_form(
    request: Request, user: LoggedIn, ctx: Console, role: Role, form: dict[str, str]
) -> Added:
    """A person added (or updated by number) from a page's form, audited;
    raises HejsanError for the page to show next to the fields."""
    async with ctx.db.transaction() as session:
        return await add_person_audited(
            session,
            role,
            form,
            account=user.account,
            now=ctx.now(),
            ip=client_ip(request),
            default_lang=ctx.config.service.default_lang,
        )
