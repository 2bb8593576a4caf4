"""From an urgent SMS to the first volunteer alert at the provider: how long?

    .venv/bin/python bench/bench_urgent_alert.py [--messages 200] [--concurrency 1]
        [--sms-rate 30] [--database-url URL]

Each of `--messages` seniors texts "hjälp jag har ramlat" through the signed
Twilio webhook of the real app (httpx ASGITransport), with the runtime and its
outbox dispatcher running live. The clock stops when the fake Twilio server
(tests/fakes/twilio_api.py) receives the first alert naming that senior.
Prints p50 / p99 / max (target: p99 <= 1 s), on a fresh SQLite file unless a
PostgreSQL URL of an empty database is given.

`--concurrency` seniors write at the same moment (1 = one after the other);
`--sms-rate` is `[twilio] rate_per_second` (each urgent SMS queues two alerts
and one reply to the senior, alerts first).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from bot.core.config import load_config  # noqa: E402
from bot.db.database import Database  # noqa: E402
from bot.people.directory import Role, clean_person, upsert_people  # noqa: E402
from bot.web.app import create_app  # noqa: E402
from bot.web.runtime import build_runtime  # noqa: E402
from tests.fakes._server import RawRequest, RawResponse  # noqa: E402
from tests.fakes.twilio_api import FakeTwilioApi, inbound_form, signed_webhook  # noqa: E402

PUBLIC_URL = "https://hejsan.example.org"
VOLUNTEERS = 10


class TimedTwilio(FakeTwilioApi):
    """The fake Twilio, noting when each message create arrived."""

    def __init__(self) -> None:
        super().__init__()
        self.arrivals: list[tuple[float, str, str]] = []  # (time, to, body)

    def handle(self, request: RawRequest) -> RawResponse:
        at = time.perf_counter()
        response = super().handle(request)
        form = dict(request.form_pairs())
        self.arrivals.append((at, form.get("To", ""), form.get("Body", "")))
        return response


def senior_phone(n: int) -> str:
    return f"+46702{n:06d}"


def volunteer_phone(n: int) -> str:
    return f"+46703{n:06d}"


async def seed(database: Database, seniors: int) -> None:
    async with database.transaction() as session:
        await upsert_people(
            session,
            Role.SENIOR,
            [clean_person(name=f"Senior{n} Test", phone=senior_phone(n)) for n in range(seniors)],
        )
        await upsert_people(
            session,
            Role.VOLUNTEER,
            [
                clean_person(
                    name=f"Volunteer{n} Test", phone=volunteer_phone(n), max_open_cases=10_000
                )
                for n in range(VOLUNTEERS)
            ],
        )


async def first_alert(twilio: TimedTwilio, phone: str, sent_at: float, within: float) -> float:
    """Seconds from `sent_at` to the first alert naming `phone`."""
    volunteers = {volunteer_phone(n) for n in range(VOLUNTEERS)}
    deadline = time.perf_counter() + within
    while time.perf_counter() < deadline:
        for at, to, body in list(twilio.arrivals):
            if to in volunteers and phone in body:
                return at - sent_at
        await asyncio.sleep(0.001)
    raise TimeoutError(f"no alert for {phone} within {within} s")


async def run(messages: int, concurrency: int, sms_rate: float, database_url: str | None) -> None:
    with tempfile.TemporaryDirectory() as tmp, TimedTwilio() as twilio:
        url = database_url or f"sqlite:///{Path(tmp) / 'bench.db'}"
        env = {
            "HEJSAN_DATABASE_URL": url,
            "HEJSAN_SERVICE_PUBLIC_URL": PUBLIC_URL,
            "HEJSAN_TWILIO_ACCOUNT_SID": twilio.account_sid,
            "HEJSAN_TWILIO_AUTH_TOKEN": twilio.auth_token,
            "HEJSAN_TWILIO_FROM_NUMBER": "+46766860000",
            "HEJSAN_TWILIO_API_BASE_URL": twilio.url,
            "HEJSAN_TWILIO_RATE_PER_SECOND": str(sms_rate),
            "HEJSAN_LOGGING_LEVEL": "WARNING",
        }
        config = load_config(None, env)
        database = Database(url)
        await database.migrate()
        await seed(database, messages)
        runtime = build_runtime(config, database)
        app = create_app(config, runtime=runtime)
        await runtime.start()
        latencies: list[float] = []
        transport = httpx.ASGITransport(app=app)
        try:
            async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:

                async def one(n: int) -> None:
                    phone = senior_phone(n)
                    form = inbound_form(from_=phone, body="hjälp jag har ramlat")
                    data, headers = signed_webhook(
                        config.twilio.auth_token, f"{PUBLIC_URL}/webhooks/twilio/sms", form
                    )
                    sent_at = time.perf_counter()
                    response = await client.post("/webhooks/twilio/sms", data=data, headers=headers)
                    response.raise_for_status()
                    latencies.append(await first_alert(twilio, phone, sent_at, within=30))

                started = time.perf_counter()
                for start in range(0, messages, concurrency):
                    batch = range(start, min(start + concurrency, messages))
                    await asyncio.gather(*(one(n) for n in batch))
                elapsed = time.perf_counter() - started
        finally:
            await runtime.stop()
            await database.close()

    latencies.sort()
    p50 = statistics.median(latencies)
    p99 = latencies[min(len(latencies) - 1, round(0.99 * (len(latencies) - 1)))]
    backend = url.split(":", 1)[0]
    print(
        f"urgent SMS -> first volunteer alert at the provider ({backend},"
        f" {messages} messages, concurrency {concurrency}, sms rate {sms_rate}/s)"
    )
    print(
        f"  p50 {p50 * 1000:.1f} ms   p99 {p99 * 1000:.1f} ms   max {latencies[-1] * 1000:.1f} ms"
    )
    print(f"  total {elapsed:.1f} s; target p99 <= 1000 ms: {'met' if p99 <= 1 else 'NOT met'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--messages", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=1)
    parser.add_argument("--sms-rate", type=float, default=30.0)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    asyncio.run(run(args.messages, max(args.concurrency, 1), args.sms_rate, args.database_url))


if __name__ == "__main__":
    main()
