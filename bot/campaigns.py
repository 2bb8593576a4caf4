"""Planning one campaign occurrence: who hears what, exactly once.

An occurrence becomes outbox rows whose idempotency key is (campaign,
occurrence, person) under a unique constraint, and a `campaign_runs` row. A
double fire, a restart in the middle or `run --now` twice never sends anyone
the same message twice: people already planned are skipped, the rest are
planned, and the run is marked finished.

The engine decides each senior's message (`step`); this module steps a batch
of seniors in memory and writes the batch in a few bulk statements, because a
municipality's list can be 100,000 people.
"""

from __future__ import annotations

import functools
import itertools
import json
import logging
import string
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, NamedTuple

from sqlalchemy import delete, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import CampaignConfig
from bot.db.database import Database
from bot.db.engine import insert_for
from bot.db.models import (
    Address,
    CampaignRun,
    CampaignState,
    Message,
    Senior,
    Timer,
)
from bot.db.models import (
    ConversationState as StateRow,
)
from bot.logs import log_event
from bot.outbox import QUEUED
from bot.people import first_name
from bot.shell import Shell
from bot.turns import run_turn, senior_subject, state_for
from conversations import actions as a
from conversations.engine import step
from conversations.events import CheckInPrompt, Event, MessagePrompt
from conversations.state import ConversationState
from scheduler.schedules import occurrence_key

log = logging.getLogger("hejsan.campaigns")

BATCH = 2000
# Actions a prompt may produce that we write in bulk; anything else goes
# through the ordinary one-senior turn (rare, and always correct).
_BULK_ACTIONS = (a.SendMessage, a.StartTimer, a.CancelTimer)


class SeniorRow(NamedTuple):
    """The columns planning needs, without the cost of ORM objects."""

    id: int
    name: str
    lang: str
    tags: list[str]
    area: str | None
    opted_out_at: datetime | None
    paused: bool


class Stepped(NamedTuple):
    state: ConversationState
    actions: tuple[a.Action, ...]
    state_json: dict[str, Any]


class AddressRow(NamedTuple):
    id: int
    channel: str


SENIOR_COLUMNS = (
    Senior.id,
    Senior.name,
    Senior.lang,
    Senior.tags,
    Senior.area,
    Senior.opted_out_at,
    Senior.paused,
)


@dataclass
class PlanReport:
    campaign: str
    occurrence: str
    planned: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    already_ran: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "campaign": self.campaign,
            "occurrence": self.occurrence,
            "planned": self.planned,
            "skipped": dict(self.skipped),
            "already_ran": self.already_ran,
        }


def in_audience(senior: SeniorRow | Senior, campaign: CampaignConfig) -> bool:
    """Tags (or organisations, matched against tags and area) and languages."""
    wanted = {t.lower() for t in campaign.audience_tags + campaign.audience_orgs}
    if wanted:
        have = set(senior.tags) | ({senior.area.lower()} if senior.area else set())
        if not wanted & have:
            return False
    return not (campaign.audience_langs and senior.lang not in campaign.audience_langs)


class _Blank(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def personal(text: str, senior: SeniorRow | Senior) -> str:
    """Fill {name} in a coordinator's text; leave any other braces as written."""
    try:
        return string.Formatter().vformat(text, (), _Blank(name=first_name(senior.name)))
    except (ValueError, IndexError):
        return text


def campaign_event(
    campaign: CampaignConfig, occurrence: str, senior: SeniorRow | Senior, default_lang: str
) -> Event | None:
    text = campaign.text.get(senior.lang) or campaign.text.get(default_lang)
    if campaign.kind == "checkin":
        window = (
            timedelta(hours=campaign.reply_window_hours) if campaign.reply_window_hours else None
        )
        return CheckInPrompt(
            campaign=campaign.name,
            occurrence=occurrence,
            text_override=personal(text, senior) if text else None,
            reply_window=window,
        )
    if campaign.kind == "message":
        return MessagePrompt(personal(text, senior)) if text else None
    return None  # invitations are planned per event (bot.lunches)


async def is_paused(session: AsyncSession, campaign: CampaignConfig) -> bool:
    state = await session.get(CampaignState, campaign.name)
    return state.paused if state is not None else campaign.paused


async def _start_run(
    database: Database, name: str, occurrence: str, scheduled: datetime, now: datetime
) -> str:
    """Record the occurrence: "fresh" (new), "resumed" (a run that stopped
    half-way: some people may be planned already) or "done"."""
    async with database.transaction() as session:
        insert = insert_for(session)
        created = await session.scalar(
            insert(CampaignRun)
            .values(
                campaign=name,
                occurrence=occurrence,
                scheduled_for=scheduled,
                started_at=now,
                planned=0,
                skipped={},
            )
            .on_conflict_do_nothing(index_elements=["campaign", "occurrence"])
            .returning(CampaignRun.id)
        )
        if created is not None:
            return "fresh"
        run = await session.scalar(
            select(CampaignRun).where(
                CampaignRun.campaign == name, CampaignRun.occurrence == occurrence
            )
        )
        return "resumed" if run is not None and run.finished_at is None else "done"


async def _finish_run(database: Database, report: PlanReport, now: datetime) -> None:
    async with database.transaction() as session:
        await session.execute(
            update(CampaignRun)
            .where(
                CampaignRun.campaign == report.campaign,
                CampaignRun.occurrence == report.occurrence,
            )
            .values(finished_at=now, planned=report.planned, skipped=dict(report.skipped))
        )


async def ensure_simulator_addresses(database: Database) -> None:
    """The simulator reaches each person at their phone number on its own
    channel; give every senior and volunteer that address before planning."""
    async with database.transaction() as session:
        await session.execute(
            text(
                "INSERT INTO addresses (channel, value, senior_id, volunteer_id, created_at) "
                "SELECT 'simulator', value, senior_id, volunteer_id, created_at FROM addresses "
                "WHERE channel = 'sms' AND (senior_id IS NOT NULL OR volunteer_id IS NOT NULL) "
                "ON CONFLICT (channel, value) DO NOTHING"
            )
        )


async def audience_ids(database: Database, keep: Callable[[SeniorRow], bool]) -> list[int]:
    """Ids of the seniors `keep` accepts, in id order (cheap rows, no ORM objects)."""
    async with database.reading() as session:
        rows = await session.execute(select(*SENIOR_COLUMNS).order_by(Senior.id))
        return [senior.id for senior in (SeniorRow(*row) for row in rows) if keep(senior)]


async def plan(
    database: Database,
    shell: Shell,
    *,
    name: str,
    occurrence: str,
    scheduled: datetime,
    senior_ids: list[int] | None,
    make_event: Callable[[SeniorRow], Event | None],
    record_checkin: bool = False,
    keep: Callable[[SeniorRow], bool] | None = None,
) -> PlanReport:
    """Step every senior in `senior_ids` (None: every senior `keep` accepts,
    read batch by batch) through their prompt and queue the result."""
    now = shell.now()
    report = PlanReport(name, occurrence)
    started = await _start_run(database, name, occurrence, scheduled, now)
    if started == "done":
        report.already_ran = True
        return report
    if shell.config.simulator_only:
        await ensure_simulator_addresses(database)
    key_prefix = f"campaign:{name}:{occurrence}:"
    not_before = shell.quiet_hours.next_allowed(now, shell.tz)
    # `step` is pure: seniors in the same state (first name, language, open
    # question) get the same answer, so each distinct (state, event) is stepped once.
    memo: dict[Any, Stepped] = {}
    after = 0
    for start in itertools.count(0, BATCH):
        if senior_ids is not None and start >= len(senior_ids):
            break
        async with database.transaction() as session:
            if senior_ids is not None:
                query = select(*SENIOR_COLUMNS).where(
                    Senior.id.in_(senior_ids[start : start + BATCH])
                )
            else:
                query = (
                    select(*SENIOR_COLUMNS)
                    .where(Senior.id > after)
                    .order_by(Senior.id)
                    .limit(BATCH)
                )
            rows = [SeniorRow(*row) for row in await session.execute(query)]
            if senior_ids is None and not rows:
                break
            after = max((row.id for row in rows), default=after)
            await _plan_batch(
                session,
                shell,
                [row for row in rows if keep is None or keep(row)],
                make_event,
                key_prefix,
                not_before,
                now,
                report,
                record_checkin=record_checkin,
                name=name,
                occurrence=occurrence,
                memo=memo,
                resumed=started == "resumed",
            )
    await _finish_run(database, report, shell.now())
    if report.planned:
        shell.on_outbox()
    log_event(log, "campaign.planned", **report.as_dict())
    return report


async def batch_inputs(
    session: AsyncSession, senior_ids: list[int]
) -> tuple[dict[int, dict[str, Any]], dict[int, list[AddressRow]]]:
    """Stored conversation states and usable addresses of a batch of seniors."""
    state_rows = await session.execute(
        select(StateRow.senior_id, StateRow.state).where(StateRow.senior_id.in_(senior_ids))
    )
    states: dict[int, dict[str, Any]] = {row.senior_id: row.state for row in state_rows}
    addresses: dict[int, list[AddressRow]] = {}
    for row in await session.execute(
        select(Address.id, Address.channel, Address.senior_id).where(
            Address.senior_id.in_(senior_ids), Address.unusable_at.is_(None)
        )
    ):
        addresses.setdefault(row.senior_id, []).append(AddressRow(row.id, row.channel))
    return states, addresses


def skip_reason(senior: SeniorRow, address: AddressRow | None, event: Event | None) -> str | None:
    """Why this senior hears nothing from this occurrence, counted in reports."""
    if senior.opted_out_at is not None:
        return "opted_out"
    if senior.paused:
        return "paused"
    if address is None:
        return "unreachable"
    if event is None:
        return "no_text"
    return None


async def _plan_batch(
    session: AsyncSession,
    shell: Shell,
    seniors: list[SeniorRow],
    make_event: Callable[[SeniorRow], Event | None],
    key_prefix: str,
    not_before: datetime,
    now: datetime,
    report: PlanReport,
    *,
    record_checkin: bool,
    name: str,
    occurrence: str,
    memo: dict[Any, Stepped],
    resumed: bool,
) -> None:
    chunk = [senior.id for senior in seniors]
    states, addresses = await batch_inputs(session, chunk)
    done: set[int | None] = set()
    if resumed:  # only a run that stopped half-way can have planned someone already
        first_keys = [f"{key_prefix}{senior_id}:0" for senior_id in chunk]
        done = set(
            await session.scalars(
                select(Message.senior_id).where(Message.idempotency_key.in_(first_keys))
            )
        )
    settings = shell.settings
    messages: list[dict[str, Any]] = []
    new_states: list[dict[str, Any]] = []
    timers: list[dict[str, Any]] = []
    cancelled: list[tuple[str, str]] = []
    checkins: list[dict[str, Any]] = []
    for senior in seniors:
        if senior.id in done:
            report.skipped["already_planned"] += 1
            continue
        address = shell.pick_address(addresses.get(senior.id, []))
        event = make_event(senior)
        reason = skip_reason(senior, address, event)
        if reason is not None or address is None or event is None:
            report.skipped[reason or "no_text"] += 1
            continue
        stored = states.get(senior.id)
        # A senior with no stored conversation starts from name and language alone.
        key: Any = (first_name(senior.name), senior.lang, event) if stored is None else None
        stepped = memo.get(key) if key is not None else None
        if stepped is None:
            state = state_for(stored, senior)
            key = key if key is not None else (state, event)
            stepped = memo.get(key)
        if stepped is None:
            new_state, actions = step(state, event, now, settings)
            stepped = memo[key] = Stepped(new_state, actions, new_state.to_json())
        new_state, actions = stepped.state, stepped.actions
        if not all(isinstance(action, _BULK_ACTIONS) for action in actions):
            orm_senior = await session.get(Senior, senior.id)
            if isinstance(orm_senior, Senior):
                key = f"{key_prefix}{senior.id}"
                await run_turn(session, shell, orm_senior, event, idempotency_key=key)
                report.planned += 1
            continue
        sends = 0
        for action in actions:
            if isinstance(action, a.SendMessage):
                messages.append(
                    _message_row(
                        action,
                        address,
                        senior,
                        f"{key_prefix}{senior.id}:{sends}",
                        not_before if action.kind == "proactive" else now,
                        now,
                    )
                )
                sends += 1
            elif isinstance(action, a.StartTimer):
                timers.append(
                    {
                        "subject": senior_subject(senior.id),
                        "kind": action.kind,
                        "due_at": action.due_at,
                        "payload": {},
                        "created_at": now,
                    }
                )
            elif isinstance(action, a.CancelTimer):
                cancelled.append((senior_subject(senior.id), action.kind))
        new_states.append({"senior_id": senior.id, "state": stepped.state_json, "updated_at": now})
        if record_checkin and sends:
            checkins.append(
                {
                    "senior_id": senior.id,
                    "campaign": name,
                    "occurrence": occurrence,
                    "asked_at": now,
                }
            )
        report.planned += 1 if sends else 0
        if not sends:
            report.skipped["silent"] += 1
    await _write(session, messages, new_states, timers, cancelled, checkins)


@functools.lru_cache(maxsize=64)
def _stored_buttons(buttons: tuple[tuple[str, str], ...]) -> list[str]:
    """Buttons as stored; one shared (never mutated) list per distinct set."""
    return [f"{label}\x1f{value}" for label, value in buttons]


def _message_row(
    action: a.SendMessage,
    address: AddressRow,
    senior: SeniorRow,
    key: str,
    due: datetime,
    now: datetime,
) -> dict[str, Any]:
    return {
        "direction": "out",
        "channel": address.channel,
        "address_id": address.id,
        "senior_id": senior.id,
        "volunteer_id": None,
        "body": action.text,
        "buttons": _stored_buttons(action.buttons),
        "kind": action.kind,
        "template": action.template,
        "idempotency_key": key,
        "status": QUEUED,
        "attempts": 0,
        "next_attempt_at": due,
        "created_at": now,
        "updated_at": now,
    }


async def _write(
    session: AsyncSession,
    messages: list[dict[str, Any]],
    states: list[dict[str, Any]],
    timers: list[dict[str, Any]],
    cancelled: list[tuple[str, str]],
    checkins: list[dict[str, Any]],
) -> None:
    """Write one batch through the driver's executemany.

    SQLAlchemy processes every datetime and JSON value of every row (on SQLite
    about 5 us each, on PostgreSQL its executemany path is slower still):
    seconds for 100,000 seniors. Here shared values are formatted once and the
    driver gets plain tuples. Same rows as the ORM would write; the campaign
    tests run this path on both databases.
    """
    connection = await session.connection()
    postgres = connection.dialect.name == "postgresql"
    times: dict[datetime, Any] = {}
    encoded: dict[int, str] = {}

    def when(moment: datetime) -> Any:
        if moment not in times:
            utc = moment.astimezone(UTC)
            times[moment] = utc if postgres else utc.strftime("%Y-%m-%d %H:%M:%S.%f")
        return times[moment]

    def as_json(value: Any) -> str:
        key = id(value)  # rows share the memoised objects; all stay alive meanwhile
        if key not in encoded:
            encoded[key] = json.dumps(value)
        return encoded[key]

    async def many(sql: str, rows: list[tuple[Any, ...]]) -> None:
        if not rows:
            return
        if postgres:
            # One statement per table: every column as one array, unnested.
            columns = [list(column) for column in zip(*rows, strict=True)]
            await connection.exec_driver_sql(_UNNEST[sql], tuple(columns))
        else:
            await connection.exec_driver_sql(sql, rows)

    await many(
        _INSERT_MESSAGE,
        [
            (
                m["channel"],
                m["address_id"],
                m["senior_id"],
                m["body"],
                as_json(m["buttons"]),
                m["kind"],
                m["template"],
                m["idempotency_key"],
                m["status"],
                when(m["next_attempt_at"]),
                when(m["created_at"]),
                when(m["updated_at"]),
            )
            for m in messages
        ],
    )
    await many(
        _UPSERT_STATE,
        [(r["senior_id"], as_json(r["state"]), when(r["updated_at"])) for r in states],
    )
    for subject, kind in cancelled:
        await connection.execute(delete(Timer).where(Timer.subject == subject, Timer.kind == kind))
    await many(
        _UPSERT_TIMER,
        [(t["subject"], t["kind"], when(t["due_at"]), when(t["created_at"])) for t in timers],
    )
    await many(
        _INSERT_CHECKIN,
        [(c["senior_id"], c["campaign"], c["occurrence"], when(c["asked_at"])) for c in checkins],
    )


_INSERT_MESSAGE = (
    "INSERT INTO messages (direction, channel, address_id, senior_id, body, buttons, kind, "
    "template, idempotency_key, status, attempts, next_attempt_at, created_at, updated_at) "
    "VALUES ('out', ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?) "
    "ON CONFLICT (idempotency_key) DO NOTHING"
)
_UPSERT_STATE = (
    "INSERT INTO conversation_states (senior_id, state, updated_at) VALUES (?, ?, ?) "
    "ON CONFLICT (senior_id) DO UPDATE SET state = excluded.state, "
    "updated_at = excluded.updated_at"
)
_UPSERT_TIMER = (
    "INSERT INTO timers (subject, kind, due_at, payload, created_at) VALUES (?, ?, ?, '{}', ?) "
    "ON CONFLICT (subject, kind) DO UPDATE SET due_at = excluded.due_at"
)
_INSERT_CHECKIN = (
    "INSERT INTO checkin_results (senior_id, campaign, occurrence, asked_at) "
    "VALUES (?, ?, ?, ?) ON CONFLICT (senior_id, campaign, occurrence) DO NOTHING"
)

# PostgreSQL: the same statements fed by arrays, one round trip per table.
_UNNEST = {
    _INSERT_MESSAGE: (
        "INSERT INTO messages (direction, channel, address_id, senior_id, body, buttons, kind, "
        "template, idempotency_key, status, attempts, next_attempt_at, created_at, updated_at) "
        "SELECT 'out', c, a, s, b, bt::json, k, t, i, st, 0, n, cr, u FROM unnest("
        "$1::text[], $2::int[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[], "
        "$8::text[], $9::text[], $10::timestamptz[], $11::timestamptz[], $12::timestamptz[]) "
        "AS x(c, a, s, b, bt, k, t, i, st, n, cr, u) "
        "ON CONFLICT (idempotency_key) DO NOTHING"
    ),
    _UPSERT_STATE: (
        "INSERT INTO conversation_states (senior_id, state, updated_at) "
        "SELECT s, j::json, u FROM unnest($1::int[], $2::text[], $3::timestamptz[]) AS x(s, j, u) "
        "ON CONFLICT (senior_id) DO UPDATE SET state = excluded.state, "
        "updated_at = excluded.updated_at"
    ),
    _UPSERT_TIMER: (
        "INSERT INTO timers (subject, kind, due_at, payload, created_at) "
        "SELECT s, k, d, '{}'::json, c FROM unnest($1::text[], $2::text[], $3::timestamptz[], "
        "$4::timestamptz[]) AS x(s, k, d, c) "
        "ON CONFLICT (subject, kind) DO UPDATE SET due_at = excluded.due_at"
    ),
    _INSERT_CHECKIN: (
        "INSERT INTO checkin_results (senior_id, campaign, occurrence, asked_at) "
        "SELECT s, c, o, a FROM unnest($1::int[], $2::text[], $3::text[], $4::timestamptz[]) "
        "AS x(s, c, o, a) ON CONFLICT (senior_id, campaign, occurrence) DO NOTHING"
    ),
}


async def run_campaign(
    database: Database, shell: Shell, campaign: CampaignConfig, scheduled: datetime
) -> PlanReport:
    """Plan `campaign`'s occurrence at `scheduled` (UTC) for its whole audience."""
    occurrence = occurrence_key(scheduled, shell.tz)
    async with database.reading() as session:
        paused = await is_paused(session, campaign)
    if paused:
        report = PlanReport(campaign.name, occurrence)
        report.skipped["campaign_paused"] += 1
        return report
    lang = shell.config.service.default_lang
    return await plan(
        database,
        shell,
        name=campaign.name,
        occurrence=occurrence,
        scheduled=scheduled,
        senior_ids=None,
        keep=lambda senior: in_audience(senior, campaign),
        make_event=lambda senior: campaign_event(campaign, occurrence, senior, lang),
        record_checkin=campaign.kind == "checkin",
    )
