"""Send 10,000 queued SMS through a rate-limited fake Twilio and report the rate.

    .venv/bin/python bench/bench_dispatch.py [--messages 10000] [--rate 200]

The fake provider answers 429 beyond `--rate` messages a second (token
bucket, 0.1 s of burst). The dispatcher is configured with the same rate.
Prints the achieved rate as a share of the allowed rate (target >= 95%) and
how many 429s the provider had to send (target 0). Real twilio client code,
real HTTP on 127.0.0.1 to the fake in a process of its own (the provider is
another machine), a fresh SQLite file.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import sys
import tempfile
import time
from datetime import UTC, datetime
from multiprocessing.connection import Connection
from pathlib import Path

from sqlalchemy import func, insert, select

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.core.config import load_config
from bot.db.database import Database
from bot.db.models import Address, Message, Senior
from bot.web.runtime import build_runtime
from tests.fakes.twilio_api import FakeTwilioApi

NOW = datetime.now(UTC)


async def queue_messages(database: Database, count: int) -> None:
    async with database.transaction() as session:
        ids = list(
            await session.scalars(
                insert(Senior).returning(Senior.id),
                [
                    {
                        "name": f"S {i}",
                        "lang": "sv",
                        "tags": [],
                        "paused": False,
                        "created_at": NOW,
                        "updated_at": NOW,
                    }
                    for i in range(count)
                ],
            )
        )
        address_ids = list(
            await session.scalars(
                insert(Address).returning(Address.id),
                [
                    {
                        "channel": "sms",
                        "value": f"+4670{i:07d}",
                        "senior_id": senior_id,
                        "created_at": NOW,
                    }
                    for i, senior_id in enumerate(ids)
                ],
            )
        )
        connection = await session.connection()
        await connection.execute(
            insert(Message.__table__),
            [
                {
                    "direction": "out",
                    "channel": "sms",
                    "address_id": address_id,
                    "senior_id": senior_id,
                    "body": "Hej! Hur mår du idag?",
                    "buttons": [],
                    "kind": "proactive",
                    "status": "queued",
                    "attempts": 0,
                    "next_attempt_at": NOW,
                    "created_at": NOW,
                    "updated_at": NOW,
                }
                for address_id, senior_id in zip(address_ids, ids, strict=True)
            ],
        )


def _serve_fake(rate: float, pipe: Connection) -> None:
    """The fake Twilio in a process of its own, as the real one is another
    machine: its HTTP threads do not compete with the dispatcher for the GIL."""
    with FakeTwilioApi() as fake:
        fake.limit_rate(rate)
        pipe.send((fake.url, fake.account_sid, fake.auth_token))
        pipe.recv()  # told the run is over
        pipe.send(([call.at for call in fake.messages], fake.rejected_for_rate))


async def measure(count: int, rate: float) -> None:
    ours, theirs = multiprocessing.Pipe()
    provider = multiprocessing.get_context("fork").Process(
        target=_serve_fake, args=(rate, theirs), daemon=True
    )
    provider.start()
    fake_url, account_sid, auth_token = ours.recv()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        database = Database(url)
        await database.migrate()
        await queue_messages(database, count)
        config = load_config(
            None,
            {
                "HEJSAN_DATABASE_URL": url,
                "HEJSAN_TWILIO_ACCOUNT_SID": account_sid,
                "HEJSAN_TWILIO_AUTH_TOKEN": auth_token,
                "HEJSAN_TWILIO_FROM_NUMBER": "+46766860000",
                "HEJSAN_TWILIO_API_BASE_URL": fake_url,
                "HEJSAN_TWILIO_RATE_PER_SECOND": str(rate),
            },
        )
        runtime = build_runtime(config, database)
        await runtime.start(dispatch=False)
        started = time.perf_counter()
        await runtime.dispatcher.drain()
        elapsed = time.perf_counter() - started
        async with database.sessions() as session:
            sent = await session.scalar(
                select(func.count()).select_from(Message).where(Message.status == "sent")
            )
        ours.send("done")
        arrivals, rejected = ours.recv()
        provider.join(timeout=10)
        arrivals.sort()
        window = arrivals[-1] - arrivals[0] if len(arrivals) > 1 else float("nan")
        achieved = (len(arrivals) - 1) / window if window else float("nan")
        print(
            f"{sent} of {count} sent in {elapsed:.1f} s; provider saw {len(arrivals)} requests; "
            f"achieved {achieved:.1f}/s of {rate:.0f}/s allowed = {achieved / rate:.1%}; "
            f"429 answers: {rejected}"
        )
        await runtime.stop()
        await database.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--rate", type=float, default=200.0)
    args = parser.parse_args()
    asyncio.run(measure(args.messages, args.rate))


if __name__ == "__main__":
    main()
