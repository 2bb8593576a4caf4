"""Plan one check-in occurrence for 100,000 seniors (outbox rows committed).

    .venv/bin/python bench/bench_campaign.py [--seniors 100000] [--database-url URL]

Prints the planning time and the peak memory of the process (targets: <= 10 s
and <= 300 MB), on a fresh SQLite file unless a PostgreSQL URL is given
(the database must be empty; it is migrated first).
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, insert, select

from bot.campaigns.occurrences import run_campaign
from bot.core.config import CampaignConfig, Config, load_config
from bot.core.shell import build_shell
from bot.db.database import Database
from bot.db.models import Address, Message, Senior
from bot.turns.planning import PlanReport

NOW = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)  # Thursday 10:00 in Stockholm
# Common first names of Swedes over 65: a real list repeats names a lot, and
# the planner steps each distinct (state, event) once.
FIRST_NAMES = [
    "Anna",
    "Maria",
    "Margareta",
    "Elisabeth",
    "Eva",
    "Birgitta",
    "Kristina",
    "Karin",
    "Elisabet",
    "Marie",
    "Ingrid",
    "Christina",
    "Linnea",
    "Sofia",
    "Kerstin",
    "Lena",
    "Helena",
    "Inger",
    "Ulla",
    "Gunilla",
    "Barbro",
    "Britt",
    "Gun",
    "Marianne",
    "Berit",
    "Ingegerd",
    "Ann",
    "Ulla-Britt",
    "Siv",
    "Solveig",
    "Astrid",
    "Elsa",
    "Gunnel",
    "Lars",
    "Karl",
    "Erik",
    "Anders",
    "Per",
    "Johan",
    "Nils",
    "Jan",
    "Gunnar",
    "Sven",
    "Bengt",
    "Olof",
    "Lennart",
    "Bo",
    "Leif",
    "Rolf",
    "Göran",
    "Hans",
    "Åke",
    "Stig",
    "Bertil",
    "Kjell",
    "Ingvar",
    "Rune",
    "Arne",
    "Sten",
    "Gösta",
    "Ove",
    "Kent",
    "Roland",
    "Tore",
    "Yngve",
    "Folke",
    "Evert",
    "Allan",
    "Ragnar",
]
SURNAMES = [
    "Andersson",
    "Johansson",
    "Karlsson",
    "Nilsson",
    "Eriksson",
    "Larsson",
    "Olsson",
    "Persson",
    "Svensson",
]


async def seed(database: Database, count: int) -> None:
    async with database.transaction() as session:
        for start in range(0, count, 10_000):
            rows = [
                {
                    "name": f"Senior {i}",
                    "lang": "sv",
                    "tags": ["tyreso"],
                    "paused": False,
                    "created_at": NOW,
                    "updated_at": NOW,
                }
                for i in range(start, min(start + 10_000, count))
            ]
            ids = list(await session.scalars(insert(Senior).returning(Senior.id), rows))
            await session.execute(
                insert(Address),
                [
                    {
                        "channel": "sms",
                        "value": f"+4670{senior_id:07d}",
                        "senior_id": senior_id,
                        "created_at": NOW,
                    }
                    for senior_id in ids
                ],
            )


async def timed_run(
    database: Database, config: Config, campaign: CampaignConfig, at: datetime
) -> tuple[PlanReport, float, int, float]:
    """Plan `campaign` at `at`: report, seconds, outbox rows, peak memory (MB)."""
    shell = build_shell(config, clock=lambda: at)
    start = time.perf_counter()
    report = await run_campaign(database, shell, campaign, at)
    seconds = time.perf_counter() - start
    async with database.sessions() as session:
        queued = await session.scalar(select(func.count()).select_from(Message)) or 0
    return report, seconds, queued, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def measure(url: str, count: int) -> None:
    database = Database(url)
    await database.migrate()
    config = load_config(
        None,
        {
            "HEJSAN_TWILIO_ACCOUNT_SID": "AC" + "0" * 32,
            "HEJSAN_TWILIO_AUTH_TOKEN": "x",
            "HEJSAN_DATABASE_URL": url,
        },
    )
    campaign = CampaignConfig(name="morgonkoll", kind="checkin", schedule="0 10 * * mon,thu")
    await seed(database, count)
    report, seconds, queued, peak_mb = await timed_run(database, config, campaign, NOW)
    print(
        f"{database.engine.dialect.name}: planned {report.planned} of {count} seniors in "
        f"{seconds:.2f} s ({count / seconds:,.0f}/s); outbox rows committed: {queued}; "
        f"peak memory {peak_mb:.0f} MB"
    )
    second, seconds, _, _ = await timed_run(database, config, campaign, NOW)
    print(f"second run of the same occurrence: already_ran={second.already_ran}, {seconds:.3f} s")
    # The steady state: every senior now has a stored conversation (the
    # Thursday question still open), and Monday's occurrence follows.
    monday = NOW + timedelta(days=4)
    report, seconds, queued, peak_mb = await timed_run(database, config, campaign, monday)
    print(
        f"next occurrence, every senior with a stored conversation: planned {report.planned} "
        f"in {seconds:.2f} s ({count / seconds:,.0f}/s); outbox rows committed: {queued}; "
        f"peak memory {peak_mb:.0f} MB"
    )
    await database.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seniors", type=int, default=100_000)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{Path(tmp) / 'bench.db'}"
        asyncio.run(measure(url, args.seniors))


if __name__ == "__main__":
    main()
