"""Kampanjer: a changed time moves the next occurrence in the running service."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.conftest import Server
from tests.browser.helpers import assert_accessible

DEMO = "demo-incheckning"


def test_edit_time_moves_next_occurrence_without_restart(coordinator: Page, server: Server) -> None:
    coordinator.goto("/campaigns")
    coordinator.get_by_role("link", name=DEMO).click()
    expect(coordinator.get_by_role("heading", name=f"Kampanj: {DEMO}")).to_be_visible()
    assert_accessible(coordinator)
    expect(coordinator.locator("#scheduled")).to_contain_text("10:00")
    coordinator.get_by_label("Klockslag (TT:MM)").fill("14:35")
    coordinator.get_by_label("lör").check()
    coordinator.get_by_role("button", name="Spara").click()
    expect(coordinator.get_by_role("status")).to_have_text("Ändringen är sparad.")
    expect(coordinator.locator("#next-occurrence")).to_contain_text("14:35")
    # The running scheduler picks the change up by itself (it polls the campaigns'
    # version); the page shows its job's next run time when reloaded.
    _reload_until(coordinator, "#scheduled", "14:35")
    assert server.rows("SELECT schedule FROM campaigns WHERE name = ?", DEMO) == [
        ("35 14 * * mon,tue,wed,thu,fri,sat",)
    ]


def test_bad_time_is_explained_and_nothing_changes(coordinator: Page, server: Server) -> None:
    before = server.rows("SELECT schedule FROM campaigns WHERE name = ?", DEMO)
    coordinator.goto(f"/campaigns/{DEMO}")
    coordinator.get_by_label("Klockslag (TT:MM)").fill("25:99")
    coordinator.get_by_role("button", name="Spara").click()
    expect(coordinator.get_by_role("alert")).to_contain_text("TT:MM")
    assert server.rows("SELECT schedule FROM campaigns WHERE name = ?", DEMO) == before


def test_preview_shows_recipients_and_cost(coordinator: Page) -> None:
    coordinator.goto(f"/campaigns/{DEMO}")
    coordinator.get_by_role("button", name="Förhandsgranska").click()
    expect(coordinator.get_by_role("heading", name="Förhandsgranskning")).to_be_visible()
    expect(coordinator.locator("#preview + p")).to_contain_text("mottagare")


def test_new_campaign_is_scheduled_by_the_running_service(coordinator: Page) -> None:
    coordinator.goto("/campaigns")
    form = coordinator.locator("form").filter(
        has=coordinator.get_by_role("button", name="Skapa kampanj")
    )
    form.get_by_label("Namn", exact=True).fill("Söndagshälsning")
    form.get_by_label("Typ").select_option("message")
    form.get_by_label("sön").check()
    form.get_by_label("Klockslag (TT:MM)").fill("11:15")
    form.get_by_label("Text på svenska").fill("Hej {name}! Trevlig söndag.")
    form.get_by_role("button", name="Skapa kampanj").click()
    expect(coordinator.get_by_role("status")).to_have_text("Skapat.")
    expect(coordinator.locator("dl.facts")).to_contain_text("sön kl. 11:15")
    _reload_until(coordinator, "#scheduled", "11:15")


def test_viewer_sees_campaigns_but_no_edit_form(viewer: Page) -> None:
    viewer.goto(f"/campaigns/{DEMO}")
    expect(viewer.get_by_role("button", name="Spara")).to_have_count(0)


def _reload_until(page: Page, selector: str, text: str, attempts: int = 40) -> None:
    for _ in range(attempts):
        page.reload()
        try:
            expect(page.locator(selector)).to_contain_text(text, timeout=250)
            return
        except AssertionError:
            continue
    expect(page.locator(selector)).to_contain_text(text)
