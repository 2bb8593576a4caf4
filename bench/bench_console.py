"""Console pages with real numbers: 10,000 seniors and 1,000,000 messages.

    .venv/bin/python bench/bench_console.py [--seniors 10000] [--messages 1000000]
        [--repeat 20]

Builds a migrated SQLite database with 10,000 seniors, 1,000,000 messages
(half inbound, each with its reading), twelve weeks of weekday check-ins per
senior and a few hundred cases, then renders the Today page and a senior's
page through the real ASGI app (logged in as a coordinator) and prints the
median and p95 time per page. The target is under 300 ms for both.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.console.accounts import AccountRole, add_account, find_account  # noqa: E402
from bot.console.auth import COOKIE  # noqa: E402
from bot.console.sessions import open_session  # noqa: E402
from bot.core.config import load_config  # noqa: E402
from bot.db.database import Database  # noqa: E402
from bot.db.migrate import upgrade  # noqa: E402
from bot.web.app import create_app  # noqa: E402
from bot.web.runtime import build_runtime  # noqa: E402

MOODS = ("good", "ok", "bad", None)
TEXTS = ("bra tack", "Inte så bra idag", "1", "sådär", "Katten har fått ungar", "ring mig")


def _iso(moment: datetime) -> str:
    return moment.isoformat(sep=" ")


def fill(path: Path, seniors: int, messages: int, now: datetime) -> None:
    """Bulk rows straight into SQLite: the schema is the migrated one."""
    rng = random.Random(7)
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=WAL")
    created = _iso(now - timedelta(days=90))
    db.executemany(
        "INSERT INTO seniors (id, name, lang, tags, area, paused, created_at, updated_at) "
        "VALUES (?, ?, 'sv', ?, ?, 0, ?, ?)",
        (
            (
                i,
                f"Senior {i:05d} Svensson",
                json.dumps(["tyreso"]),
                f"Område {i % 20}",
                created,
                created,
            )
            for i in range(1, seniors + 1)
        ),
    )
    db.executemany(
        "INSERT INTO addresses (id, channel, value, senior_id, created_at) "
        "VALUES (?, 'sms', ?, ?, ?)",
        ((i, f"+4670{i:07d}", i, created) for i in range(1, seniors + 1)),
    )
    per_senior = max(messages // seniors, 1)
    span = timedelta(days=84) / per_senior

    def message_rows() -> object:
        ident = 0
        for senior in range(1, seniors + 1):
            for k in range(per_senior):
                ident += 1
                at = _iso(now - timedelta(days=84) + span * k)
                direction = "in" if k % 2 else "out"
                status = "received" if direction == "in" else "delivered"
                yield (ident, direction, senior, senior, rng.choice(TEXTS), status, at, at)

    db.executemany(
        "INSERT INTO messages (id, direction, channel, address_id, senior_id, body, buttons, "
        "kind, status, attempts, created_at, updated_at) "
        "VALUES (?, ?, 'sms', ?, ?, ?, '[]', 'reply', ?, 0, ?, ?)",
        message_rows(),
    )
    db.execute(
        "INSERT INTO readings (message_id, context, mood, contact, urgent, stop, details, "
        "created_at) SELECT id, 'checkin', CASE id % 4 WHEN 0 THEN 'good' WHEN 1 THEN 'ok' "
        "WHEN 2 THEN 'bad' END, 0, 0, 0, '{}', created_at FROM messages WHERE direction = 'in'"
    )

    def checkin_rows() -> object:
        for senior in range(1, seniors + 1):
            for day in range(84, -1, -1):
                moment = now - timedelta(days=day)
                if moment.weekday() >= 5:
                    continue
                asked = moment.replace(hour=9, minute=0, second=0, microsecond=0)
                mood = rng.choice(MOODS)
                answered = _iso(asked + timedelta(minutes=30)) if mood else None
                yield (
                    senior,
                    "incheckning",
                    asked.strftime("%Y-%m-%dT%H:%M"),
                    _iso(asked),
                    answered,
                    mood,
                )

    db.executemany(
        "INSERT INTO checkin_results (senior_id, campaign, occurrence, asked_at, answered_at, "
        "mood) VALUES (?, ?, ?, ?, ?, ?)",
        checkin_rows(),
    )
    db.executemany(
        "INSERT INTO escalations (senior_id, reason, urgency, quote, status, level, created_at, "
        "updated_at) VALUES (?, 'contact', ?, '', ?, 0, ?, ?)",
        (
            (
                rng.randint(1, seniors),
                rng.choice(("normal", "urgent")),
                rng.choice(("alerted", "claimed", "resolved")),
                created,
                created,
            )
            for _ in range(300)
        ),
    )
    db.commit()
    db.execute("ANALYZE")
    db.close()


async def measure(url: str, repeat: int, senior: int) -> dict[str, list[float]]:
    config = load_config(None, {"HEJSAN_DATABASE_URL": url})
    database = Database(url)
    runtime = build_runtime(config, database)
    app = create_app(config, database, runtime=runtime)
    now = runtime.shell.now()
    async with database.transaction() as session:
        account = await find_account(session, "bench@example.se") or await add_account(
            session,
            email="bench@example.se",
            name="Bench",
            role=AccountRole.COORDINATOR,
            password="bench-bench-bench",
            now=now,
        )
        cookie = await open_session(session, account, "127.0.0.1", now)
    times: dict[str, list[float]] = {"/today": [], f"/seniors/{senior}": []}
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://bench", cookies={COOKIE: cookie}
    ) as client:
        for path in times:
            assert (await client.get(path)).status_code == 200  # warm up
            for _ in range(repeat):
                started = time.perf_counter()
                response = await client.get(path)
                times[path].append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, response.status_code
    await database.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seniors", type=int, default=10_000)
    parser.add_argument("--messages", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--keep", type=Path, help="Build the database here once and reuse it.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = args.keep or Path(folder) / "bench.db"
        url = f"sqlite:///{path}"
        if not path.exists():
            upgrade(url)
            started = time.perf_counter()
            fill(path, args.seniors, args.messages, datetime.now(UTC))
            print(
                f"filled {args.seniors} seniors, {args.messages} messages "
                f"in {time.perf_counter() - started:.1f} s"
            )
        upgrade(url)
        times = asyncio.run(measure(url, args.repeat, args.seniors // 2))
    for path, values in times.items():
        ordered = sorted(values)
        p95 = ordered[int(0.95 * (len(ordered) - 1))]
        print(f"{path:<16} median {statistics.median(values):6.1f} ms   p95 {p95:6.1f} ms")


if __name__ == "__main__":
    main()
