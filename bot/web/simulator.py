"""The built-in simulator: chat as a demo senior or volunteer in the browser.

With no Telegram or Twilio configured the simulator *is* the channel. A
message typed on the page becomes an `InboundMessage` on channel "simulator"
and goes through `bot.turns.inbound.receive` exactly like a webhook's; replies are
outbox rows that the dispatcher "sends" (`runtime.simulator_send`), and the
page shows them by polling the messages table. Nothing here decides what to
answer: the page only types and reads.

A person is reached in the simulator at their phone number on its own
channel (`bot.channels.simulator`). The lists of people show numbers
masked, so a demo on a projector leaks no one's number; an alert to a
volunteer carries the senior's number, as it does on a real phone.

Who may use it: with no real channel configured, anyone (it is the channel,
on the embedded demo). With Telegram or Twilio configured it would let anyone
speak as any senior, so it is then served only to a logged-in admin or
coordinator, and on the practice copy (`bot.web.practice`): made-up people
in their own database, with no sender that reaches a phone. Every message
typed there needs the session's CSRF token and is audited (never its text).
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Literal

from fastapi import APIRouter, Request, Response
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel, ConfigDict
from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.channels.simulator import owner_simulator_address, simulator_inbound
from bot.channels.types import Channel
from bot.console import audit
from bot.console.accounts import AccountRole
from bot.console.auth import client_ip, console, has_role, session_of
from bot.console.sessions import LoggedIn
from bot.core.logs import log_event
from bot.core.phone import mask_phone
from bot.db.models import Address, Message, Senior, Volunteer
from bot.db.outbox import decode_buttons
from bot.db.outbox_status import MessageStatus
from bot.turns.inbound import receive
from bot.web.api_types import ApiText, Cursor, DbId, PathId
from bot.web.runtime import Runtime

log = logging.getLogger("hejsan.simulator")
router = APIRouter(prefix="/simulator", tags=["simulator"])

MAX_TEXT_CHARS = 2_000
HISTORY_LIMIT = 300
LIST_LIMIT = 200  # people listed per role: the simulator is for trying, not for a register
# Messages touched this recently are sent again on every poll (the page drops
# ids it has): a transaction that took a lower id but committed after a higher
# one is still shown.
OVERLAP = timedelta(seconds=30)
VISIBLE_OUT = (MessageStatus.SENT, MessageStatus.DELIVERED, MessageStatus.FAILED)
PENDING_OUT = (MessageStatus.QUEUED, MessageStatus.SENDING)

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=HERE / "templates")
STATIC_FILES = {
    "simulator.css": "text/css; charset=utf-8",
    "simulator.js": "text/javascript; charset=utf-8",
}

Role = Literal["senior", "volunteer"]


class SendRequest(BaseModel):
    """One message typed (or a button tapped) on the page, as `role` number `id`."""

    model_config = ConfigDict(extra="forbid")

    role: Role
    id: DbId
    text: ApiText


@dataclass(frozen=True)
class Person:
    role: Role
    id: int
    name: str
    short_name: str
    phone_hint: str
    lang: str

    def as_json(self) -> dict[str, Any]:
        return {
            "role": self.role,
            "id": self.id,
            "name": self.short_name,
            "phone": self.phone_hint,
            "lang": self.lang,
        }


CSRF_HEADER = "x-csrf-token"


@dataclass(frozen=True)
class Access:
    """The runtime this visitor uses the simulator on; `practice_by` is the
    logged-in person when it is the practice copy (real channels configured)."""

    runtime: Runtime
    practice_by: LoggedIn | None = None


async def _access(request: Request) -> Access | None:
    """None (answer 404) unless this visitor may use the simulator."""
    runtime: Runtime = request.app.state.runtime
    if runtime.config.simulator_only:
        return Access(runtime)
    logged = await session_of(request, console(request))
    if logged is None or not has_role(logged.account, AccountRole.COORDINATOR):
        return None
    return Access(await request.app.state.practice.runtime(), logged)


async def _audit(request: Request, access: Access, action: str, **details: Any) -> None:
    """On the practice copy: a row in the real audit log (who, when; never text)."""
    if access.practice_by is None:
        return
    main: Runtime = request.app.state.runtime
    async with main.database.transaction() as session:
        audit.record(
            session,
            account=access.practice_by.account,
            action=action,
            now=main.shell.now(),
            ip=client_ip(request),
            **details,
        )


def _error(status: int, reason: str) -> JSONResponse:
    return JSONResponse({"error": reason}, status_code=status)


NOT_ENABLED = "simulatorn är av: riktiga kanaler är konfigurerade / simulator is off"


def short_name(name: str) -> str:
    """First name and the initial of the last: "Anna Lindqvist" -> "Anna L."."""
    parts = name.split()
    if len(parts) < 2:
        return name
    return f"{parts[0]} {parts[-1][0]}."


def _owner_column(role: Role) -> Any:
    return Address.senior_id if role == "senior" else Address.volunteer_id


async def _people(session: AsyncSession) -> list[Person]:
    """Seniors and active volunteers (the first LIST_LIMIT of each), numbers masked."""
    seniors = list(
        await session.scalars(select(Senior).order_by(Senior.name, Senior.id).limit(LIST_LIMIT))
    )
    volunteers = list(
        await session.scalars(
            select(Volunteer)
            .where(Volunteer.active.is_(True))
            .order_by(Volunteer.name, Volunteer.id)
            .limit(LIST_LIMIT)
        )
    )
    phones: dict[tuple[str, int], str] = {}
    rows = await session.execute(
        select(Address.senior_id, Address.volunteer_id, Address.value).where(
            Address.channel == Channel.SMS.value,
            or_(
                Address.senior_id.in_([s.id for s in seniors]),
                Address.volunteer_id.in_([v.id for v in volunteers]),
            ),
        )
    )
    for senior_id, volunteer_id, value in rows:
        if senior_id is not None:
            phones[("senior", senior_id)] = value
        elif volunteer_id is not None:
            phones[("volunteer", volunteer_id)] = value
    people = [
        Person(
            "senior",
            senior.id,
            senior.name,
            short_name(senior.name),
            mask_phone(phones.get(("senior", senior.id))),
            senior.lang,
        )
        for senior in seniors
    ]
    people += [
        Person(
            "volunteer",
            volunteer.id,
            volunteer.name,
            short_name(volunteer.name),
            mask_phone(phones.get(("volunteer", volunteer.id))),
            volunteer.lang,
        )
        for volunteer in volunteers
    ]
    return people


async def _person(session: AsyncSession, role: str, person_id: int) -> Person | None:
    if role == "senior":
        senior = await session.get(Senior, person_id)
        if senior is None:
            return None
        return Person("senior", senior.id, senior.name, short_name(senior.name), "", senior.lang)
    if role == "volunteer":
        volunteer = await session.get(Volunteer, person_id)
        if volunteer is None:
            return None
        return Person(
            "volunteer",
            volunteer.id,
            volunteer.name,
            short_name(volunteer.name),
            "",
            volunteer.lang,
        )
    return None


async def _ensure_address(session: AsyncSession, person: Person) -> str | None:
    """The person's simulator address value (their E.164 number), created if new."""
    is_senior = person.role == "senior"
    return await owner_simulator_address(
        session,
        senior_id=person.id if is_senior else None,
        volunteer_id=None if is_senior else person.id,
    )


def _clock_text(at: datetime, now: datetime, runtime: Runtime) -> str:
    local = at.astimezone(runtime.shell.tz)
    today = now.astimezone(runtime.shell.tz).date()
    if local.date() == today:
        return local.strftime("%H:%M")
    return f"{local.day}/{local.month} {local.strftime('%H:%M')}"


def _due_text(at: datetime, now: datetime, runtime: Runtime) -> str:
    """When a waiting message goes out, as a person says it: "i morgon kl. 08:00"."""
    local = at.astimezone(runtime.shell.tz)
    days = (local.date() - now.astimezone(runtime.shell.tz).date()).days
    clock = local.strftime("%H:%M")
    if days <= 0:
        return f"kl. {clock}"
    if days == 1:
        return f"i morgon kl. {clock}"
    return f"{local.day}/{local.month} kl. {clock}"


def _message_json(message: Message, now: datetime, runtime: Runtime) -> dict[str, Any]:
    shown_at = message.sent_at or message.created_at
    return {
        "id": message.id,
        "direction": message.direction,
        "text": message.body,
        "buttons": [
            {"label": label, "value": value} for label, value in decode_buttons(message.buttons)
        ],
        "kind": message.kind,
        "status": message.status,
        "at": shown_at.astimezone(UTC).isoformat(),
        "time": _clock_text(shown_at, now, runtime),
    }


# --- pages ---------------------------------------------------------------


@router.get("", response_class=HTMLResponse, include_in_schema=False)
async def page(request: Request) -> Response:
    """The simulator page, with the people to pick listed in the HTML."""
    access = await _access(request)
    if access is None:
        return HTMLResponse(f"<p>{NOT_ENABLED}</p>", status_code=404)
    runtime = access.runtime
    async with runtime.database.reading() as session:
        people = await _people(session)
    await _audit(request, access, "simulator.opened")
    response = templates.TemplateResponse(
        request,
        "simulator.html",
        {
            "service_name": runtime.config.service.name,
            "seniors": [p for p in people if p.role == "senior"],
            "volunteers": [p for p in people if p.role == "volunteer"],
            "practice": access.practice_by is not None,
            "csrf_token": access.practice_by.csrf_token if access.practice_by else "",
        },
    )
    response.headers["Content-Security-Policy"] = (
        "default-src 'self'; style-src 'self'; script-src 'self'; "
        "img-src 'self' data:; frame-ancestors 'none'"
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@router.get("/static/{name}", include_in_schema=False)
async def static_file(name: str, request: Request) -> Response:
    """The page's own CSS and JS: a fixed list, served from the package."""
    if await _access(request) is None:
        return _error(404, NOT_ENABLED)
    media_type = STATIC_FILES.get(name)
    if media_type is None:
        return _error(404, "no such file")
    return FileResponse(
        HERE / "static" / name, media_type=media_type, headers={"Cache-Control": "no-cache"}
    )


async def root_redirect(request: Request) -> Response:
    """`/` opens the simulator when it is the channel (add with `app.add_api_route`)."""
    if not request.app.state.runtime.config.simulator_only:
        return _error(404, "not found")
    return RedirectResponse("/simulator", status_code=307)


# --- JSON API ------------------------------------------------------------


@router.get("/api/people")
async def people(request: Request) -> Response:
    """Seniors and volunteers to chat as: id, role, short name, masked number."""
    access = await _access(request)
    if access is None:
        return _error(404, NOT_ENABLED)
    async with access.runtime.database.reading() as session:
        found = await _people(session)
    return JSONResponse({"people": [p.as_json() for p in found]})


@router.get("/api/conversation/{role}/{person_id}")
async def conversation(
    request: Request, role: str, person_id: PathId, after: Cursor = 0
) -> Response:
    """Messages in and out on the person's simulator address, oldest first.

    `after` is the `cursor` of the previous answer. The cursor never passes a
    message still waiting in the outbox (a reply deferred by quiet hours
    appears when it is sent); `pending` says what is waiting and until when.
    Recently changed messages may come again: the page keeps each id once.
    """
    access = await _access(request)
    if access is None or role not in ("senior", "volunteer"):
        return _error(404, NOT_ENABLED if access is None else "role must be senior or volunteer")
    runtime = access.runtime
    now = runtime.shell.now()
    async with runtime.database.reading() as session:
        person = await _person(session, role, person_id)
        if person is None:
            return _error(404, "no such person")
        addresses = select(Address.id).where(
            Address.channel == Channel.SIMULATOR.value, _owner_column(person.role) == person.id
        )
        mine = Message.address_id.in_(addresses.scalar_subquery())
        shown = or_(Message.direction == "in", Message.status.in_(VISIBLE_OUT))
        query = select(Message).where(mine, shown)
        if after > 0:
            query = query.where(
                or_(Message.id > after, Message.updated_at >= now - OVERLAP)
            ).order_by(Message.id)
            messages = list(await session.scalars(query.limit(HISTORY_LIMIT)))
        else:
            newest = query.order_by(Message.id.desc()).limit(HISTORY_LIMIT)
            messages = list(await session.scalars(newest))[::-1]
        pending = list(
            await session.scalars(
                select(Message)
                .where(mine, Message.direction == "out", Message.status.in_(PENDING_OUT))
                .order_by(Message.id)
            )
        )
    cursor = max([after, *(m.id for m in messages)])
    if pending:
        cursor = min(cursor, pending[0].id - 1)
    return JSONResponse(
        {
            "person": person.as_json(),
            "messages": [_message_json(m, now, runtime) for m in messages],
            "pending": [
                {
                    "id": m.id,
                    "due": (m.next_attempt_at or now).astimezone(UTC).isoformat(),
                    "due_text": _due_text(m.next_attempt_at or now, now, runtime),
                    "due_now": (m.next_attempt_at or now) <= now + timedelta(seconds=5),
                }
                for m in pending
            ],
            "cursor": cursor,
        }
    )


@router.post("/api/send")
async def send(request: Request, body: SendRequest) -> Response:
    """Type a message as this person: it enters through the same inbound path as SMS.
    On the practice copy the session's CSRF token must come in `X-CSRF-Token`."""
    access = await _access(request)
    if access is None:
        return _error(404, NOT_ENABLED)
    if access.practice_by is not None and not secrets.compare_digest(
        request.headers.get(CSRF_HEADER, "").encode(), access.practice_by.csrf_token.encode()
    ):
        return _error(403, "ogiltig CSRF-token / invalid CSRF token")
    runtime = access.runtime
    if len(body.text) > MAX_TEXT_CHARS:
        return _error(400, f"texten är för lång / text too long (max {MAX_TEXT_CHARS} tecken)")
    value: str | None = None
    for attempt in range(2):  # a second tab may create the same address at once
        try:
            async with runtime.database.transaction() as session:
                person = await _person(session, body.role, body.id)
                if person is None:
                    return _error(404, "no such person")
                value = await _ensure_address(session, person)
            break
        except IntegrityError:
            if attempt:
                raise
    if value is None:
        return _error(409, "personen har inget telefonnummer / person has no phone number")
    inbound = simulator_inbound(value, body.text, runtime.shell.now())
    result = await receive(runtime.database, runtime.shell, inbound)
    log_event(log, "simulator.sent", role=body.role, outcome=result.outcome.value)
    await _audit(request, access, "simulator.sent", role=body.role, practice=True)
    return JSONResponse(
        {"message_id": result.message_id, "outcome": result.outcome.value, "queued": result.queued}
    )
