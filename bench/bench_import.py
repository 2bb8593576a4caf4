"""How long importing a coordinator's list of 10,000 seniors takes.

    .venv/bin/python bench/bench_import.py [--rows 10000] [--database-url URL]

Prints the time of a first import (all new), a re-import (nothing changes),
and the rows per second, on a fresh SQLite file unless a URL is given.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from pathlib import Path

from bot.db.database import Database
from bot.people.csv_import import import_people
from bot.people.directory import Role


def make_csv(rows: int) -> bytes:
    lines = ["Namn;Telefon;Språk;Taggar"]
    for i in range(rows):
        lines.append(f"Person {i};070-{i // 10000 % 10}{i % 10000:04d}{i // 10000 % 10}0;sv;tyresö")
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


async def measure(url: str, rows: int) -> None:
    data = make_csv(rows)
    database = Database(url)
    await database.migrate()
    try:
        for label in ("first import", "re-import"):
            start = time.perf_counter()
            async with database.transaction() as session:
                report = await import_people(session, Role.SENIOR, data)
            seconds = time.perf_counter() - start
            print(
                f"{label:<13} {rows} rows in {seconds:.2f} s ({rows / seconds:,.0f} rows/s): "
                f"{report.created} new, {report.unchanged} unchanged, {len(report.errors)} errors"
            )
    finally:
        await database.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{Path(tmp) / 'bench.db'}"
        asyncio.run(measure(url, args.rows))


if __name__ == "__main__":
    main()
