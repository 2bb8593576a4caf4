"""Träffar: create a lunch in the page and export its attendees for the restaurant."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

from playwright.sync_api import Page, expect

from tests.browser.conftest import Server
from tests.browser.helpers import assert_accessible

FORMULA_NAME = "=cmd|' /C calc'!A0"


def _rsvp(server: Server, event_id: int, senior_id: int, guests: int) -> None:
    """An answer as the invitation flow stores it (that flow is tested on its own)."""
    now = datetime.now(UTC).isoformat()
    with sqlite3.connect(server.database) as connection:
        connection.execute(
            "INSERT INTO rsvps (event_id, senior_id, answer, guests, answered_at, updated_at) "
            "VALUES (?, ?, 'yes', ?, ?, ?)",
            (event_id, senior_id, guests, now, now),
        )


def _demo_senior(server: Server, name: str) -> None:
    """One more senior among the demo data. Added as a real person (`hejsan
    seniors add`) it would, rightly, clear the demo seniors the other browser
    tests talk to."""
    now = datetime.now(UTC).isoformat()
    with sqlite3.connect(server.database) as connection:
        connection.execute(
            "INSERT INTO seniors (name, lang, tags, paused, demo, created_at, updated_at) "
            "VALUES (?, 'sv', '[]', 0, 1, ?, ?)",
            (name, now, now),
        )


def test_create_lunch_and_export_attendees(coordinator: Page, server: Server) -> None:
    _demo_senior(server, FORMULA_NAME)
    coordinator.goto("/events")
    assert_accessible(coordinator)
    coordinator.get_by_label("Namn", exact=True).fill("Julsoppa")
    coordinator.get_by_label("Plats", exact=True).fill("Restaurang Utsikten")
    coordinator.get_by_label("Datum").fill("2027-01-20")
    coordinator.get_by_label("Klockan").fill("12:00")
    coordinator.get_by_label("Antal platser (gäster räknas; tomt = obegränsat)").fill("30")
    coordinator.get_by_role("button", name="Skapa träff").click()
    expect(coordinator.get_by_role("status")).to_have_text("Skapat.")
    expect(coordinator.get_by_role("heading", level=1)).to_contain_text(
        "Julsoppa, 2027-01-20 12:00"
    )
    event_id = int(coordinator.url.split("/events/")[1].split("?")[0])
    hacker = server.rows("SELECT id FROM seniors WHERE name = ?", FORMULA_NAME)[0][0]
    anna = server.rows("SELECT id FROM seniors WHERE name = 'Anna Lindqvist'")[0][0]
    _rsvp(server, event_id, anna, 1)
    _rsvp(server, event_id, hacker, 0)
    coordinator.reload()
    expect(coordinator.locator("dl.facts")).to_contain_text("3 tagna, 27 lediga av 30")
    assert_accessible(coordinator)
    link = coordinator.get_by_role("link", name="Ladda ner deltagarlista (CSV)")
    response = coordinator.request.get(str(link.get_attribute("href")))
    assert response.headers["content-disposition"].startswith("attachment")
    raw = response.body()
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = raw.decode("utf-8-sig").splitlines()
    assert lines[0] == "Namn;Svar;Gäster;Platser"
    assert "Anna Lindqvist;Kommer;1;2" in lines
    assert f"'{FORMULA_NAME};Kommer;0;1" in "\n".join(lines).replace('"', "")
    exported = server.rows(
        "SELECT count(*) FROM audit_log WHERE action = 'event.exported' AND subject_id = ?",
        event_id,
    )
    assert exported == [(1,)]


def test_printable_list_has_the_attendees(coordinator: Page, server: Server) -> None:
    event = server.rows("SELECT id FROM events ORDER BY id LIMIT 1")[0][0]
    coordinator.goto(f"/events/{event}/print")
    expect(coordinator.get_by_role("table")).to_be_visible()
    assert_accessible(coordinator)


def test_viewer_cannot_export(viewer: Page, server: Server) -> None:
    event = server.rows("SELECT id FROM events ORDER BY id LIMIT 1")[0][0]
    response = viewer.request.get(f"/events/{event}/attendees.csv")
    assert response.status == 403
