"""The JSON API in-process: a bearer token or 401, the least role per call, and
what a script needs from each endpoint (ids, reasons, results, audit rows)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy import select

from bot.db.database import Database
from bot.db.models import AuditEntry, Escalation, Message
from bot.people.directory import Role
from tests.bot.console.conftest import Desk
from tests.bot.console.people_for_tests import add_person, texts, token_desk

ANNA = "+46701234567"
READS = (
    "/api/checkins",
    "/api/cases?status=open",
    "/api/review",
    "/api/seniors",
    "/api/seniors/1/messages",
    "/api/events/1/attendees",
    "/api/report",
)
WRITES: tuple[tuple[str, dict[str, object] | None], ...] = (
    ("/api/cases/1/assign", {"volunteer_id": 1}),
    ("/api/cases/1/resolve", {}),
    ("/api/review/1/handled", None),
    ("/api/review/1/answer", {"text": "Hej"}),
)


@pytest.fixture
async def scripts(db: Database) -> AsyncIterator[Desk]:
    """Token holders of each role, no console login: what a script is."""
    async with token_desk(db) as made:
        yield made


async def _anna_asks_to_be_called(scripts: Desk) -> tuple[int, int]:
    anna = await add_person(scripts, "Anna Lindqvist", "0701234567")
    result = await texts(scripts, ANNA, "Kan någon ringa mig?")
    assert result.escalation_ids, "Anna's request opened no case"
    return anna, result.escalation_ids[0]


async def _actions(scripts: Desk, action: str) -> list[AuditEntry]:
    async with scripts.db.reading() as session:
        return list(await session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


async def test_every_endpoint_without_a_valid_token_is_401_with_a_bearer_challenge(
    scripts: Desk,
) -> None:
    client = scripts.as_role("admin")
    tries = [("", "token saknas"), ("Bearer hejsan_guessed", "ogiltig token")]
    tries += [("Basic YWRtaW46cGFzcw==", "token saknas"), ("Bearer   ", "token saknas")]
    for header, why in tries:
        for path in READS:
            response = await client.get(path, headers={"Authorization": header})
            assert response.status_code == 401, (path, header)
            assert response.headers["www-authenticate"] == "Bearer"
            assert why in response.json()["detail"]
        for path, body in WRITES:
            response = await client.post(path, json=body, headers={"Authorization": header})
            assert response.status_code == 401, (path, header)


async def test_the_scheme_word_is_case_insensitive(scripts: Desk) -> None:
    token = scripts.tokens["viewer"]
    response = await scripts.as_role("viewer").get(
        "/api/seniors", headers={"Authorization": f"bearer {token}"}
    )
    assert response.status_code == 200


async def test_a_viewer_reads_lists_but_no_message_text_and_changes_nothing(scripts: Desk) -> None:
    anna, case = await _anna_asks_to_be_called(scripts)
    client, viewer = scripts.as_role("viewer"), scripts.api("viewer")
    cases = (await client.get("/api/cases", headers=viewer)).json()
    assert [c["id"] for c in cases] == [case]
    assert "quote" not in cases[0]
    as_coordinator = (await client.get("/api/cases", headers=scripts.api("coordinator"))).json()
    assert as_coordinator[0]["quote"] == "Kan någon ringa mig?"
    for path in ("/api/review", f"/api/seniors/{anna}/messages"):
        refused = await client.get(path, headers=viewer)
        assert refused.status_code == 403, path
        assert "Kan någon" not in refused.text
    for path, body in WRITES:
        assert (await client.post(path, json=body, headers=viewer)).status_code == 403, path
    async with scripts.db.reading() as session:
        still = await session.get(Escalation, case)
    assert still is not None
    assert still.status == "open"


async def test_messages_come_oldest_first_both_ways_and_each_read_is_audited(scripts: Desk) -> None:
    anna, _case = await _anna_asks_to_be_called(scripts)
    client, headers = scripts.as_role("coordinator"), scripts.api("coordinator")
    messages = (await client.get(f"/api/seniors/{anna}/messages", headers=headers)).json()
    assert [m["id"] for m in messages] == sorted(m["id"] for m in messages)
    assert messages[0]["direction"] == "in"
    assert messages[0]["body"] == "Kan någon ringa mig?"
    assert "out" in {m["direction"] for m in messages[1:]}
    await client.get(f"/api/seniors/{anna}/messages", headers=headers)
    rows = await _actions(scripts, "conversation.viewed")
    assert len(rows) == 2
    assert {(r.senior_id, r.details["via"]) for r in rows} == {(anna, "api")}
    assert all("Kan någon" not in str(r.details) for r in rows)
    missing = await client.get("/api/seniors/999/messages", headers=headers)
    assert missing.status_code == 404


async def test_review_lists_each_reply_with_its_reason_until_it_is_handled(scripts: Desk) -> None:
    await _anna_asks_to_be_called(scripts)
    unclear = await texts(scripts, ANNA, "blorp fnask")
    client, headers = scripts.as_role("coordinator"), scripts.api("coordinator")
    items = (await client.get("/api/review", headers=headers)).json()
    assert [(i["body"], i["reason"]) for i in items] == [
        ("Kan någon ringa mig?", "opened_case"),
        ("blorp fnask", "not_understood"),
    ]
    assert items[1]["reason_text"] == "Hejsan förstod inte svaret"
    assert items[0]["case_id"] is not None
    assert len(await _actions(scripts, "review.viewed")) == 1
    path = f"/api/review/{unclear.message_id}/handled"
    assert (await client.post(path, headers=headers)).json() == {"handled": True}
    assert (await client.post(path, headers=headers)).json() == {"handled": False}
    left = (await client.get("/api/review", headers=headers)).json()
    assert [i["body"] for i in left] == ["Kan någon ringa mig?"]
    unknown = await client.post("/api/review/999/handled", headers=headers)
    assert unknown.status_code == 404


async def test_an_answer_is_queued_to_the_senior_once(scripts: Desk) -> None:
    await add_person(scripts, "Anna Lindqvist", "0701234567")
    unclear = await texts(scripts, ANNA, "blorp fnask")
    client, headers = scripts.as_role("coordinator"), scripts.api("coordinator")
    path = f"/api/review/{unclear.message_id}/answer"
    blank = await client.post(path, json={"text": ""}, headers=headers)
    assert blank.status_code == 422
    sent = await client.post(
        path, json={"text": "Hej Anna, jag ringer dig strax."}, headers=headers
    )
    assert sent.status_code == 200, sent.text
    async with scripts.db.reading() as session:
        queued = await session.get(Message, sent.json()["message_id"])
        original = await session.get(Message, unclear.message_id)
    assert queued is not None
    assert original is not None
    assert queued.direction == "out"
    assert queued.body == "Hej Anna, jag ringer dig strax."
    assert queued.address_id == original.address_id
    again = await client.post(path, json={"text": "Hej igen"}, headers=headers)
    assert again.status_code == 409
    assert "redan" in again.json()["detail"]
    assert (await client.get("/api/review", headers=headers)).json() == []


async def test_assign_gives_the_case_to_the_volunteer_and_names_what_happened(
    scripts: Desk,
) -> None:
    _anna, case = await _anna_asks_to_be_called(scripts)
    karin = await add_person(scripts, "Karin Ek", "0709876543", Role.VOLUNTEER)
    client, headers = scripts.as_role("coordinator"), scripts.api("coordinator")
    nobody = await client.post(
        f"/api/cases/{case}/assign", json={"volunteer_id": 999}, headers=headers
    )
    assert nobody.status_code == 404
    assert nobody.json()["detail"] == "no such volunteer"
    no_case = await client.post(
        "/api/cases/999/assign", json={"volunteer_id": karin}, headers=headers
    )
    assert no_case.status_code == 404
    assert no_case.json()["detail"] == "no such case"
    done = await client.post(
        f"/api/cases/{case}/assign", json={"volunteer_id": karin}, headers=headers
    )
    assert done.json() == {"id": case, "result": "claimed"}
    listed = (await client.get("/api/cases", headers=headers)).json()
    assert (listed[0]["status"], listed[0]["claimed_by_id"]) == ("claimed", karin)
    rows = await _actions(scripts, "case.assigned")
    assert [(r.subject_type, r.subject_id, r.details["result"]) for r in rows] == [
        ("escalation", case, "claimed")
    ]


async def test_resolving_twice_says_the_case_is_closed(scripts: Desk) -> None:
    _anna, case = await _anna_asks_to_be_called(scripts)
    client, headers = scripts.as_role("coordinator"), scripts.api("coordinator")
    path = f"/api/cases/{case}/resolve"
    too_long = await client.post(path, json={"note": "x" * 2001}, headers=headers)
    assert too_long.status_code == 422
    assert (await client.post(path, json={"note": "ringt"}, headers=headers)).json() == {
        "id": case,
        "result": "resolved",
    }
    assert (await client.post(path, json={}, headers=headers)).json()["result"] == "closed"
    missing = await client.post("/api/cases/999/resolve", json={}, headers=headers)
    assert missing.status_code == 404
    assert (await client.get("/api/cases?status=open", headers=headers)).json() == []


async def test_seniors_search_and_limit(scripts: Desk) -> None:
    await add_person(scripts, "Anna Lindqvist", "0701234567")
    await add_person(scripts, "Gösta Berg", "0701234568")
    client, headers = scripts.as_role("viewer"), scripts.api("viewer")
    found = (await client.get("/api/seniors", params={"q": "Gösta"}, headers=headers)).json()
    assert [s["name"] for s in found] == ["Gösta Berg"]
    assert found[0]["phone"] == "+4670•••••68", "a viewer sees the number masked"
    by_digits = {"q": "1234568"}
    assert (await client.get("/api/seniors", params=by_digits, headers=headers)).json() == []
    coordinator = scripts.api("coordinator")
    full = await scripts.as_role("coordinator").get(
        "/api/seniors", params=by_digits, headers=coordinator
    )
    assert [s["phone"] for s in full.json()] == ["+46701234568"]
    one = await client.get("/api/seniors", params={"limit": 1}, headers=headers)
    assert len(one.json()) == 1
    zero = await client.get("/api/seniors", params={"limit": 0}, headers=headers)
    assert zero.status_code == 422


async def test_report_takes_a_month_and_refuses_anything_else(scripts: Desk) -> None:
    await _anna_asks_to_be_called(scripts)
    client, headers = scripts.as_role("viewer"), scripts.api("viewer")
    for month in ("2026-13", "2026-1", "december"):
        bad = await client.get("/api/report", params={"month": month}, headers=headers)
        assert bad.status_code == 400, month
        assert bad.json()["detail"] == "month as YYYY-MM"
    this_month = scripts.shell.now().astimezone(scripts.shell.tz).strftime("%Y-%m")
    report = (await client.get("/api/report", headers=headers)).json()
    assert report["month"] == this_month
    assert report["cases_opened"] == 1
    assert "answered_percent" in report
    empty = (await client.get("/api/report", params={"month": "2020-01"}, headers=headers)).json()
    assert (empty["month"], empty["cases_opened"]) == ("2020-01", 0)


async def test_unknown_event_and_bad_date_are_refused(scripts: Desk) -> None:
    client, headers = scripts.as_role("viewer"), scripts.api("viewer")
    missing = await client.get("/api/events/999/attendees", headers=headers)
    assert missing.status_code == 404
    assert missing.json()["detail"] == "no such event"
    bad_day = await client.get("/api/checkins", params={"date": "2026-02-30"}, headers=headers)
    assert bad_day.status_code == 422
    quiet = await client.get("/api/checkins", params={"date": "2026-02-03"}, headers=headers)
    assert quiet.json() == []
