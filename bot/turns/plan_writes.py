"""Writing a planned batch of seniors in a few set-based statements.

A campaign occurrence gives many seniors the same outcome: the engine's answer
depends on first name, language and open question, not on the person. So a
batch goes to the database as two small sets, joined there: one row per senior
(senior, address, channel, outcome number) and one row per distinct outcome
(texts, state, timers). Python never builds 100,000 message rows; the database
builds them in C. PostgreSQL gets the sets as arrays (`unnest`), SQLite as one
JSON text each (`json_each`). The rows are the same as a one-senior turn
writes; the campaign tests run this path on both databases.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.db.outbox_status import MessageStatus


@dataclass(frozen=True)
class Recordset:
    """A set of rows passed as parameters and read as a table named `alias`."""

    alias: str
    columns: tuple[tuple[str, str], ...]  # (name, PostgreSQL type)

    def source(self, dialect: str) -> str:
        if dialect == "postgresql":
            typed = ", ".join(f"{name} {kind}" for name, kind in self.columns)
            return f"json_to_recordset(CAST(:{self.alias} AS json)) AS {self.alias}({typed})"
        picks = ", ".join(
            f"json_extract(value, '$[{i}]') AS {name}" for i, (name, _) in enumerate(self.columns)
        )
        return f"(SELECT {picks} FROM json_each(:{self.alias})) AS {self.alias}"

    def params(self, dialect: str, rows: Sequence[tuple[Any, ...]]) -> dict[str, Any]:
        """One JSON text: drivers pass a string at C speed, and the database
        parses it in C (PostgreSQL wants objects, SQLite reads arrays)."""
        payload: Sequence[Any] = rows
        if dialect == "postgresql":
            names = [name for name, _ in self.columns]
            payload = [dict(zip(names, row, strict=True)) for row in rows]
        return {self.alias: json.dumps(payload, separators=(",", ":"), default=str)}


SENIORS = Recordset(
    "r", (("s", "int"), ("a", "int"), ("c", "text"), ("g", "int"), ("d", "timestamptz"))
)
MESSAGES = Recordset(
    "m",
    (
        ("g", "int"),
        ("n", "int"),
        ("body", "text"),
        ("buttons", "text"),
        ("kind", "text"),
        ("template", "text"),
        ("due", "timestamptz"),
    ),
)
STATES = Recordset("st", (("g", "int"), ("state", "text")))
TIMERS = Recordset("t", (("g", "int"), ("kind", "text"), ("due", "timestamptz")))
ASKED = Recordset("k", (("s", "int"),))
CANCELLED = Recordset("x", (("s", "int"), ("kind", "text")))


@dataclass
class BatchRows:
    """One batch, as the two kinds of set (see the module docstring)."""

    # senior, address, channel, outcome, when its proactive texts go (paced)
    seniors: list[tuple[int, int, str, int, datetime]]
    messages: list[tuple[int, int, str, str, str, str | None, datetime]]
    states: list[tuple[int, str]]  # outcome, state as JSON text
    timers: list[tuple[int, str, datetime]]  # outcome, kind, due
    cancelled: list[tuple[int, str]]  # (senior, kind) of timers to drop first
    asked: list[int]  # seniors whose check-in question this is

    def texting(self) -> set[int]:
        """The seniors who get a text."""
        groups = {message[0] for message in self.messages}
        return {senior[0] for senior in self.seniors if senior[3] in groups}


def _sql(dialect: str) -> dict[str, str]:
    time = "timestamptz" if dialect == "postgresql" else "text"
    json_type = "json" if dialect == "postgresql" else "text"
    r, m, st, t, k, x = (
        rows.source(dialect) for rows in (SENIORS, MESSAGES, STATES, TIMERS, ASKED, CANCELLED)
    )
    # SQLite needs a WHERE before ON CONFLICT in INSERT ... SELECT ... JOIN.
    return {
        "messages": (
            "INSERT INTO messages (direction, channel, address_id, senior_id, body, buttons, "
            "kind, template, idempotency_key, status, attempts, next_attempt_at, created_at, "
            f"updated_at) SELECT 'out', r.c, r.a, r.s, m.body, CAST(m.buttons AS {json_type}), "
            "m.kind, m.template, CAST(:prefix AS text) || r.s || ':' || m.n, "
            f"'{MessageStatus.QUEUED}', 0, "
            f"CAST(CASE WHEN m.kind = 'proactive' THEN r.d ELSE m.due END AS {time}), "
            f"CAST(:now AS {time}), CAST(:now AS {time}) "
            f"FROM {r} JOIN {m} ON m.g = r.g WHERE true "
            "ON CONFLICT (idempotency_key) DO NOTHING RETURNING senior_id"
        ),
        "states": (
            "INSERT INTO conversation_states (senior_id, state, updated_at) "
            f"SELECT r.s, CAST(st.state AS {json_type}), CAST(:now AS {time}) "
            f"FROM {r} JOIN {st} ON st.g = r.g WHERE true "
            "ON CONFLICT (senior_id) DO UPDATE SET state = excluded.state, "
            "updated_at = excluded.updated_at"
        ),
        "cancelled": (
            "DELETE FROM timers WHERE (subject, kind) IN "
            f"(SELECT 'senior:' || x.s, x.kind FROM {x})"
        ),
        "timers": (
            "INSERT INTO timers (subject, kind, due_at, payload, created_at) "
            f"SELECT 'senior:' || r.s, t.kind, CAST(t.due AS {time}), "
            f"CAST('{{}}' AS {json_type}), CAST(:now AS {time}) "
            f"FROM {r} JOIN {t} ON t.g = r.g WHERE true "
            "ON CONFLICT (subject, kind) DO UPDATE SET due_at = excluded.due_at"
        ),
        "asked": (
            "INSERT INTO checkin_results (senior_id, campaign, occurrence, asked_at) "
            f"SELECT k.s, CAST(:campaign AS text), CAST(:occurrence AS text), "
            f"CAST(:now AS {time}) FROM {k} WHERE true "
            "ON CONFLICT (senior_id, campaign, occurrence) DO NOTHING"
        ),
    }


_STATEMENTS = {dialect: _sql(dialect) for dialect in ("postgresql", "sqlite")}


def db_time(dialect: str, moment: datetime) -> Any:
    """A moment as the driver stores it: aware UTC for PostgreSQL, SQLAlchemy's
    text format for SQLite (so these rows read back like ORM-written ones)."""
    utc = moment.astimezone(UTC)
    return utc if dialect == "postgresql" else utc.strftime("%Y-%m-%d %H:%M:%S.%f")


async def write_batch(
    connection: AsyncConnection,
    rows: BatchRows,
    *,
    prefix: str,
    campaign: str,
    occurrence: str,
    now: datetime,
) -> set[int]:
    """Queue the messages and store the states, timers and asked check-ins.

    Returns the seniors whose texts this call queued. A senior whose texts
    another run of the same occurrence queued first (their keys exist) is
    left alone: their conversation is that run's to write, and not counted."""
    dialect = connection.dialect.name
    sql = _STATEMENTS[dialect]
    at = db_time(dialect, now)

    def times(items: Sequence[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
        return [(*item[:-1], db_time(dialect, item[-1])) for item in items]

    queued: set[int] = set()
    if rows.seniors and rows.messages:
        result = await connection.execute(
            text(sql["messages"]),
            {**SENIORS.params(dialect, times(rows.seniors))}
            | {**MESSAGES.params(dialect, times(rows.messages)), "prefix": prefix, "now": at},
        )
        queued = {int(senior_id) for (senior_id,) in result}
    rows = _without_others(rows, queued)
    seniors = SENIORS.params(dialect, times(rows.seniors))
    if rows.seniors and rows.states:
        await connection.execute(
            text(sql["states"]), {**seniors, **STATES.params(dialect, rows.states), "now": at}
        )
    if rows.cancelled:
        await connection.execute(text(sql["cancelled"]), CANCELLED.params(dialect, rows.cancelled))
    if rows.seniors and rows.timers:
        await connection.execute(
            text(sql["timers"]),
            {**seniors, **TIMERS.params(dialect, times(rows.timers)), "now": at},
        )
    if rows.asked:
        await connection.execute(
            text(sql["asked"]),
            {
                **ASKED.params(dialect, [(s,) for s in rows.asked]),
                "campaign": campaign,
                "occurrence": occurrence,
                "now": at,
            },
        )
    return queued


def _without_others(rows: BatchRows, queued: set[int]) -> BatchRows:
    """`rows` minus the seniors with texts planned that this run did not queue."""
    others = rows.texting() - queued
    if not others:
        return rows
    return replace(
        rows,
        seniors=[s for s in rows.seniors if s[0] not in others],
        cancelled=[c for c in rows.cancelled if c[0] not in others],
        asked=[s for s in rows.asked if s not in others],
    )
