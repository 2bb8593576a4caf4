"""Seniorer and Träffar in a real browser: a coordinator pauses, edits and removes a
senior and cancels one lunch of a series; a viewer sees no buttons; a post without
the form's token is refused and changes nothing."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, timedelta

from playwright.sync_api import Page, expect

from tests.browser.conftest import Server
from tests.browser.helpers import assert_accessible


def _senior(server: Server, name: str) -> int:
    """A senior of our own among the demo data (a real `seniors add` would, rightly,
    clear the demo seniors the other browser tests talk to)."""
    now = datetime.now(UTC).isoformat()
    with sqlite3.connect(server.database) as connection:
        cursor = connection.execute(
            "INSERT INTO seniors (name, lang, tags, paused, demo, created_at, updated_at) "
            "VALUES (?, 'sv', '[]', 0, 1, ?, ?)",
            (name, now, now),
        )
        return int(cursor.lastrowid or 0)


def test_coordinator_pauses_a_senior_and_sees_it(coordinator: Page, server: Server) -> None:
    senior = _senior(server, "Elsa Paus")
    resume_on = (date.today() + timedelta(days=14)).isoformat()
    coordinator.goto(f"/seniors/{senior}")
    coordinator.get_by_label("Pausa till").fill(resume_on)
    coordinator.get_by_role("button", name="Pausa", exact=True).click()
    expect(coordinator.get_by_role("status")).to_contain_text("Pausad")
    expect(coordinator.locator("dl.facts")).to_contain_text(f"Ja, till {resume_on}")
    expect(coordinator.get_by_role("button", name="Återuppta nu")).to_be_visible()
    assert server.rows("SELECT paused FROM seniors WHERE id = ?", senior) == [(1,)]
    coordinator.goto("/seniors?q=Elsa")
    expect(coordinator.get_by_role("row", name="Elsa Paus")).to_contain_text(
        f"Pausad till {resume_on}"
    )


def test_coordinator_edits_a_field(coordinator: Page, server: Server) -> None:
    senior = _senior(server, "Elis Ändra")
    coordinator.goto(f"/seniors/{senior}")
    coordinator.get_by_text("Ändra uppgifter").click()
    coordinator.get_by_label("Område").fill("Centrum")
    coordinator.get_by_label("Taggar, åtskilda med komma").fill("Soppa, Tyresö")
    coordinator.get_by_role("button", name="Spara ändringar").click()
    expect(coordinator.get_by_role("status")).to_have_text("Uppgifterna är sparade.")
    expect(coordinator.locator("dl.facts")).to_contain_text("Centrum")
    expect(coordinator.locator("dl.facts")).to_contain_text("Soppa, Tyresö")
    assert server.rows("SELECT area FROM seniors WHERE id = ?", senior) == [("Centrum",)]


def test_a_refused_edit_keeps_what_was_typed(coordinator: Page, server: Server) -> None:
    senior = _senior(server, "Eva Fel")
    coordinator.goto(f"/seniors/{senior}")
    coordinator.get_by_text("Ändra uppgifter").click()
    coordinator.get_by_label("Område").fill("Haninge")
    coordinator.get_by_label("Telefon").fill("12")
    coordinator.get_by_role("button", name="Spara ändringar").click()
    expect(coordinator.get_by_label("Telefon")).to_have_value("12")
    expect(coordinator.get_by_label("Område")).to_have_value("Haninge")
    expect(coordinator.locator("#e-phone")).to_contain_text("giltigt telefonnummer")
    assert_accessible(coordinator)
    assert server.rows("SELECT area FROM seniors WHERE id = ?", senior) == [(None,)]


def test_coordinator_removes_a_senior_after_confirming(coordinator: Page, server: Server) -> None:
    senior = _senior(server, "Erik Bort")
    coordinator.goto(f"/seniors/{senior}")
    coordinator.get_by_role("link", name="Ta bort seniorn …").click()
    expect(coordinator.get_by_role("heading", name="Ta bort Erik Bort?")).to_be_visible()
    assert_accessible(coordinator)
    assert server.rows("SELECT removed_at FROM seniors WHERE id = ?", senior) == [(None,)]
    coordinator.get_by_role("button", name="Ja, ta bort").click()
    expect(coordinator.get_by_role("status")).to_contain_text("Borttagen")
    expect(coordinator.locator("#senior-status")).to_contain_text("Borttagen")
    expect(coordinator.get_by_role("button", name="Pausa", exact=True)).to_have_count(0)
    removed = server.rows("SELECT removed_at FROM seniors WHERE id = ?", senior)
    assert removed[0][0] is not None


def test_coordinator_cancels_one_lunch_of_a_series(coordinator: Page, server: Server) -> None:
    coordinator.goto("/events")
    coordinator.get_by_label("Namn", exact=True).fill("Torsdagssoppa")
    coordinator.get_by_label("Plats", exact=True).fill("Kyrkans sal")
    coordinator.get_by_label("Datum").fill((date.today() + timedelta(days=30)).isoformat())
    coordinator.get_by_label("Klockan").fill("12:00")
    coordinator.get_by_label("Upprepa var N:e vecka (tomt = en gång)").fill("1")
    coordinator.get_by_label("Antal tillfällen i serien").fill("3")
    coordinator.get_by_role("button", name="Skapa träff").click()
    expect(coordinator.get_by_role("status")).to_have_text("Skapat.")
    first = int(coordinator.url.split("/events/")[1].split("?")[0])
    assert_accessible(coordinator)
    coordinator.get_by_role("button", name="Ställ in träffen").click()
    expect(coordinator.locator("#e-confirm")).to_be_visible()
    coordinator.get_by_label("Bara den här träffen").check()
    coordinator.get_by_label("Ja, ställ in.").check()
    coordinator.get_by_role("button", name="Ställ in träffen").click()
    expect(coordinator.get_by_role("status")).to_contain_text("Träffen är inställd")
    expect(coordinator.locator("#event-status")).to_have_text("Inställd")
    series = server.rows(
        "SELECT cancelled FROM events WHERE title = 'Torsdagssoppa' ORDER BY starts_at"
    )
    assert series == [(1,), (0,), (0,)]
    assert server.rows("SELECT id FROM events WHERE title = 'Torsdagssoppa' LIMIT 1") == [(first,)]


def test_viewer_sees_no_buttons(viewer: Page, server: Server) -> None:
    senior = _senior(server, "Ella Läs")
    viewer.goto(f"/seniors/{senior}")
    expect(viewer.get_by_role("heading", name="Ella Läs")).to_be_visible()
    main = viewer.locator("main")
    expect(main.get_by_role("button")).to_have_count(0)
    expect(viewer.get_by_role("link", name="Ta bort seniorn …")).to_have_count(0)
    event = server.rows("SELECT id FROM events ORDER BY id LIMIT 1")[0][0]
    viewer.goto(f"/events/{event}")
    expect(main.get_by_role("button")).to_have_count(0)
    viewer.goto("/seniors")
    expect(viewer.get_by_role("button", name="Lägg till senior")).to_have_count(0)


def test_forged_posts_are_refused_and_change_nothing(
    coordinator: Page, viewer: Page, server: Server
) -> None:
    senior = _senior(server, "Edvin Skydd")
    coordinator.goto(f"/seniors/{senior}")
    no_token = coordinator.request.post(f"/seniors/{senior}/remove", form={"confirm": "yes"})
    wrong = coordinator.request.post(
        f"/seniors/{senior}/pause", form={"csrf_token": "gissad", "until": ""}
    )
    viewer.goto(f"/seniors/{senior}")
    viewer_token = str(viewer.locator("input[name=csrf_token]").first.get_attribute("value"))
    as_viewer = viewer.request.post(
        f"/seniors/{senior}/remove", form={"csrf_token": viewer_token, "confirm": "yes"}
    )
    assert (no_token.status, wrong.status, as_viewer.status) == (403, 403, 403)
    assert server.rows("SELECT paused, removed_at FROM seniors WHERE id = ?", senior) == [(0, None)]
