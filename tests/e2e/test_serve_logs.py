"""`hejsan serve` as it runs in production: every line on stderr is ours.

uvicorn's own access and error logging goes through our configuration, so a
failing request leaves one masked JSON line (no request body, no SQL
parameters, no plain traceback), and a malformed one is a 4xx.
"""

from __future__ import annotations

import asyncio
import json
import socket
import sys
from pathlib import Path

import httpx
from sqlalchemy import text

from bot.db.database import Database
from bot.people.directory import Role, clean_person, upsert_people
from tests.fakes.twilio_api import FakeTwilioApi, inbound_form, signed_webhook

PUBLIC_URL = "https://hejsan.example.org"
ANNA = "+46701740605"
BODY = "Jag har ramlat i badrummet"
UTF7_FORM = b'--b\r\nContent-Disposition: form-data; name="Body"\r\n\r\n+2AA-\r\n--b--\r\n'


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def prepare(url: str) -> None:
    database = Database(url)
    try:
        await database.migrate()
        async with database.transaction() as session:
            await upsert_people(
                session, Role.SENIOR, [clean_person(name="Anna Lindqvist", phone=ANNA)]
            )
            # Our own bug, for real: the table a turn saves the conversation to is gone.
            await session.execute(text("DROP TABLE conversation_states"))
    finally:
        await database.close()


async def wait_up(base: str, server: asyncio.subprocess.Process) -> None:
    async with httpx.AsyncClient(base_url=base) as client:
        for _ in range(300):
            if server.returncode is not None:
                raise AssertionError("hejsan serve exited")
            try:
                await client.get("/healthz")
                return
            except httpx.TransportError:
                await asyncio.sleep(0.05)
    raise AssertionError("hejsan serve did not start")


async def test_serve_logs_only_masked_json_lines(
    tmp_path: Path, fake_twilio: FakeTwilioApi
) -> None:
    url = f"sqlite:///{tmp_path / 'hejsan.db'}"
    await prepare(url)
    config = tmp_path / "hejsan.toml"
    config.write_text(
        f'[service]\npublic_url = "{PUBLIC_URL}"\ndemo_data = false\n'
        f'[database]\nurl = "{url}"\n[logging]\nformat = "json"\nlevel = "INFO"\n'
        f'[twilio]\naccount_sid = "{fake_twilio.account_sid}"\n'
        f'auth_token = "{fake_twilio.auth_token}"\nfrom_number = "+46766860000"\n'
        f'api_base_url = "{fake_twilio.url}"\n'
    )
    port = free_port()
    server = await asyncio.create_subprocess_exec(
        *(sys.executable, "-m", "bot.cli", "serve", "--config", str(config), "--port", str(port)),
        cwd=tmp_path,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        await wait_up(base, server)
        form = inbound_form(from_=ANNA, body=BODY)
        data, headers = signed_webhook(
            fake_twilio.auth_token, f"{PUBLIC_URL}/webhooks/twilio/sms", form
        )
        async with httpx.AsyncClient(base_url=base) as client:
            failed = await client.post("/webhooks/twilio/sms", data=data, headers=headers)
            hostile = await client.post(
                "/webhooks/twilio/sms",
                content=UTF7_FORM,
                headers={
                    "Content-Type": "multipart/form-data; boundary=b; charset=utf-7",
                    "X-Twilio-Signature": "bm90IHNpZ25lZA==",
                },
            )
    finally:
        server.terminate()
        _, stderr = await asyncio.wait_for(server.communicate(), timeout=20)
    assert failed.status_code == 500
    assert failed.json() == {"error": "internal error"}
    assert 400 <= hostile.status_code < 500
    log = stderr.decode()
    lines = [json.loads(line) for line in log.splitlines()]  # every line is one of ours
    failures = [line for line in lines if line["event"] == "request.failed"]
    assert len(failures) == 1
    assert "conversation_states" in failures[0]["traceback"]
    assert not [line for line in lines if line["logger"].startswith("uvicorn")]
    for secret in (ANNA[1:], "0701740605", "ramlat", "Anna", "[parameters:"):
        assert secret not in log, secret
