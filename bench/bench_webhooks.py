"""Inbound SMS webhooks per second, end to end, next to a bare FastAPI endpoint.

    .venv/bin/python bench/bench_webhooks.py [--requests 2000] [--concurrency 16]
        [--database-url postgresql://...] [--profile service.prof]

Starts the real service (`hejsan serve`, SQLite, Twilio pointed at a fake
provider in this process) and a bare FastAPI app that only parses the form and
returns TwiML, both as separate uvicorn processes on 127.0.0.1, then posts
signed inbound-SMS webhooks from 1,000 seniors at each. A service response
means the message, the reading, the state and the reply are committed.
Each inbound SMS is followed by the two delivery callbacks Twilio sends for
our replies ("sent", "delivered"), so the rate is inbound messages per second
with callbacks flowing. Prints requests/s and p50/p99 latency (of the inbound
requests) for both and their ratio.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.db.database import Database  # noqa: E402
from bot.people.directory import Role, clean_person, upsert_people  # noqa: E402
from tests.fakes.twilio_api import (  # noqa: E402
    FakeTwilioApi,
    inbound_form,
    signed_webhook,
    status_form,
)

PUBLIC_URL = "https://hejsan.example.org"
REPLIES = ["bra tack", "3", "Inte så bra idag", "ja", "tack", "sadär", "1", "ring mig"]
BARE_APP = textwrap.dedent(
    """
    from fastapi import FastAPI, Request, Response
    app = FastAPI()

    @app.post("/webhooks/twilio/sms")
    async def sms(request: Request) -> Response:
        form = await request.form()
        _ = form.get("Body")
        return Response('<?xml version="1.0" encoding="UTF-8"?><Response />',
                        media_type="application/xml")

    @app.post("/webhooks/twilio/status")
    async def status(request: Request) -> Response:
        form = await request.form()
        _ = form.get("MessageStatus")
        return Response('<?xml version="1.0" encoding="UTF-8"?><Response />',
                        media_type="application/xml")
    """
)


def phone(i: int) -> str:
    return f"+4670{i:07d}"


async def seed(url: str, seniors: int) -> None:
    database = Database(url)
    await database.migrate()
    people = [clean_person(name=f"Senior {i}", phone=phone(i)) for i in range(seniors)]
    async with database.transaction() as session:
        await upsert_people(session, Role.SENIOR, people)
    await database.close()


async def wait_up(url: str) -> None:
    async with httpx.AsyncClient() as client:
        for _ in range(600):
            try:
                await client.get(url)
                return
            except httpx.TransportError:
                await asyncio.sleep(0.1)
    raise SystemExit(f"{url} did not start")


async def drive(
    base: str,
    token: str,
    total: int,
    concurrency: int,
    seniors: int,
    sent_sids: Callable[[], list[str]] | None = None,
) -> list[float]:
    """Post `total` inbound SMS; after each, the delivery callbacks Twilio would
    send ("sent", then "delivered") for replies created since. `sent_sids` gives
    those replies' SIDs; without it (the bare app) two callbacks per SMS."""
    latencies: list[float] = []
    queue: asyncio.Queue[int] = asyncio.Queue()
    for n in range(total):
        queue.put_nowait(n)
    limits = httpx.Limits(max_connections=concurrency)
    called_back = 0

    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:

        async def post(path: str, form: dict[str, str]) -> httpx.Response:
            data, headers = signed_webhook(token, f"{PUBLIC_URL}{path}", form)
            response = await client.post(path, data=data, headers=headers)
            if response.status_code != 200:
                raise SystemExit(f"HTTP {response.status_code}: {response.text[:200]}")
            return response

        async def callbacks() -> None:
            nonlocal called_back
            if sent_sids is None:
                sids = [f"SM{called_back:032x}"]
            else:
                created = sent_sids()
                sids = created[called_back:]
            called_back += len(sids)
            for sid in sids:
                for status in ("sent", "delivered"):
                    await post("/webhooks/twilio/status", status_form(sid, status))

        async def worker() -> None:
            while not queue.empty():
                n = queue.get_nowait()
                form = inbound_form(from_=phone(n % seniors), body=REPLIES[n % len(REPLIES)])
                started = time.perf_counter()
                await post("/webhooks/twilio/sms", form)
                latencies.append(time.perf_counter() - started)
                await callbacks()

        await asyncio.gather(*(worker() for _ in range(concurrency)))
    return latencies


def cpu_seconds(pid: int) -> tuple[float, float]:
    """User and system CPU time of a process so far (Linux), zeros where unknown.
    Unlike requests/s, CPU per request hardly depends on what else the machine runs."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0, 0.0
    tick = os.sysconf("SC_CLK_TCK")
    return int(fields[11]) / tick, int(fields[12]) / tick


def report(name: str, latencies: list[float], seconds: float, cpu: tuple[float, float]) -> float:
    ordered = sorted(latencies)
    rate = len(ordered) / seconds
    p50 = statistics.median(ordered) * 1000
    p99 = ordered[int(len(ordered) * 0.99) - 1] * 1000
    user, system = (part / len(ordered) * 1000 for part in cpu)
    print(
        f"{name:<8} {rate:8.1f} req/s   p50 {p50:6.1f} ms   p99 {p99:6.1f} ms   "
        f"server CPU {user + system:5.1f} ms/req (user {user:.1f}, system {system:.1f})"
    )
    return rate


async def main(
    total: int, concurrency: int, database_url: str, seniors: int = 1000, profile: str = ""
) -> None:
    with tempfile.TemporaryDirectory() as tmp, FakeTwilioApi() as fake:
        db_url = database_url or f"sqlite:///{Path(tmp) / 'bench.db'}"
        await seed(db_url, seniors)
        config = Path(tmp) / "hejsan.toml"
        config.write_text(
            f'[service]\npublic_url = "{PUBLIC_URL}"\n[database]\nurl = "{db_url}"\n'
            f'[logging]\nlevel = "WARNING"\n'
            f'[escalation]\ncoordinators = ["+46709999999"]\n'
            f'[twilio]\naccount_sid = "{fake.account_sid}"\nauth_token = "{fake.auth_token}"\n'
            f'from_number = "+46766860000"\napi_base_url = "{fake.url}"\nrate_per_second = 500\n'
        )
        (Path(tmp) / "bare.py").write_text(BARE_APP)
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        # cProfile writes its file when `serve` returns (SIGTERM stops uvicorn cleanly).
        profiler = ["-m", "cProfile", "-o", profile, "-m"] if profile else ["-m"]
        service = subprocess.Popen(  # noqa: ASYNC220 - started once, before measuring
            [
                sys.executable,
                *profiler,
                "bot.cli.main",
                "serve",
                "--config",
                str(config),
                "--port",
                "8791",
            ],
            cwd=tmp,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        bare = subprocess.Popen(  # noqa: ASYNC220
            [
                sys.executable,
                "-m",
                "uvicorn",
                "bare:app",
                "--port",
                "8792",
                "--log-level",
                "warning",
            ],
            cwd=tmp,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            await wait_up("http://127.0.0.1:8791/healthz")
            await wait_up("http://127.0.0.1:8792/docs")
            backend = "PostgreSQL" if db_url.startswith("postgres") else "SQLite"
            results = {}
            for name, port, process in (("bare", 8792, bare), ("hejsan", 8791, service)):
                sids = (lambda: list(fake.created_sids)) if name == "hejsan" else None
                base = f"http://127.0.0.1:{port}"
                await drive(base, fake.auth_token, 100, concurrency, seniors, sids)
                started, before = time.perf_counter(), cpu_seconds(process.pid)
                latencies = await drive(base, fake.auth_token, total, concurrency, seniors, sids)
                elapsed, after = time.perf_counter() - started, cpu_seconds(process.pid)
                cpu = (after[0] - before[0], after[1] - before[1])
                results[name] = report(name, latencies, elapsed, cpu)
            print(
                f"hejsan / bare = {results['hejsan'] / results['bare']:.1%} "
                f"({total} requests, concurrency {concurrency}, {backend})"
            )
        finally:
            for process in (service, bare):
                # uvicorn re-raises SIGTERM after its shutdown, which would kill
                # cProfile before it writes; SIGINT ends in an exception it survives.
                process.send_signal(signal.SIGINT)
                try:
                    process.wait(timeout=60)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--database-url", default="", help="an empty PostgreSQL database")
    parser.add_argument("--profile", default="", help="write the service's cProfile stats here")
    args = parser.parse_args()
    asyncio.run(
        main(
            args.requests,
            args.concurrency,
            args.database_url,
            profile=str(Path(args.profile).resolve()) if args.profile else "",
        )
    )
