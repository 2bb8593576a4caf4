"""The JSON API on the running service: bearer tokens, roles, audit, OpenAPI."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import httpx
import pytest

from tests.browser.conftest import ACCOUNTS, Server
from tests.browser.helpers import open_case_for, reply_as, senior_id

Client = Callable[[str], httpx.Client]


@pytest.fixture(scope="module")
def api(server: Server) -> Iterator[Client]:
    """One client per role, each with its own token from `hejsan tokens create`."""
    clients = {
        role: httpx.Client(
            base_url=f"{server.url}/api",
            headers={"Authorization": f"Bearer {server.cli('tokens', 'create', mail).strip()}"},
        )
        for role, mail in ACCOUNTS.items()
    }
    yield clients.__getitem__
    for client in clients.values():
        client.close()


def test_without_a_token_every_endpoint_says_401(server: Server) -> None:
    for path in ("/checkins", "/cases?status=open", "/review", "/seniors", "/report"):
        response = httpx.get(f"{server.url}/api{path}")
        assert response.status_code == 401, path
    bad = httpx.get(f"{server.url}/api/seniors", headers={"Authorization": "Bearer nope"})
    assert bad.status_code == 401


def test_checkins_today_name_who_answered(api: Client, server: Server) -> None:
    reply_as(server, "Anna Lindqvist", "bra")
    rows = api("viewer").get("/checkins").json()
    anna = [r for r in rows if r["senior"] == "Anna Lindqvist"]
    assert anna
    assert anna[0]["status"] == "answered"
    assert anna[0]["mood"] == "good"


def test_messages_need_a_coordinator_and_are_audited(api: Client, server: Server) -> None:
    reply_as(server, "Anna Lindqvist", "tack, det är bra")  # whatever ran before on this server
    anna = senior_id(server, "Anna Lindqvist")
    assert api("viewer").get(f"/seniors/{anna}/messages").status_code == 403
    before = server.rows(
        "SELECT count(*) FROM audit_log WHERE senior_id = ? AND action = 'conversation.viewed'",
        anna,
    )[0][0]
    messages = api("coordinator").get(f"/seniors/{anna}/messages").json()
    assert any(m["direction"] == "in" for m in messages)
    after = server.rows(
        "SELECT count(*) FROM audit_log WHERE senior_id = ? AND action = 'conversation.viewed'",
        anna,
    )[0][0]
    assert after == before + 1
    assert api("coordinator").get("/seniors/999999/messages").status_code == 404


def test_resolve_through_the_api(api: Client, server: Server) -> None:
    case = open_case_for(server, "John Smith", "Please call me")
    assert api("viewer").post(f"/cases/{case}/resolve", json={}).status_code == 403
    open_cases = api("viewer").get("/cases", params={"status": "open"}).json()
    assert case in [c["id"] for c in open_cases]
    done = api("coordinator").post(f"/cases/{case}/resolve", json={"note": "ringt"})
    assert done.json() == {"id": case, "result": "resolved"}
    assert case not in [c["id"] for c in api("viewer").get("/cases?status=open").json()]


def test_lists_and_report(api: Client, server: Server) -> None:
    seniors = api("viewer").get("/seniors", params={"q": "Gösta"}).json()
    assert [s["name"] for s in seniors] == ["Gösta Berg"]
    event = server.rows("SELECT id FROM events ORDER BY id LIMIT 1")[0][0]
    attendees = api("viewer").get(f"/events/{event}/attendees").json()
    assert attendees["event_id"] == event
    assert api("viewer").get("/events/999999/attendees").status_code == 404
    report = api("viewer").get("/report").json()
    assert report["checkins_sent"] >= 4
    assert api("viewer").get("/report", params={"month": "2026-13"}).status_code == 400


def test_openapi_schema_is_served_and_docs_are_off(server: Server) -> None:
    schema = httpx.get(f"{server.url}/openapi.json").json()
    assert "/api/checkins" in schema["paths"]
    assert "/login" not in schema["paths"]
    assert httpx.get(f"{server.url}/docs").status_code == 404
