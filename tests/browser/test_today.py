"""Idag: who answered today and who has not, after replies through the simulator."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.conftest import Server
from tests.browser.helpers import assert_accessible, reply_as


def test_today_shows_who_answered_and_who_has_not(coordinator: Page, server: Server) -> None:
    reply_as(server, "Margit Holm", "bra tack")
    coordinator.goto("/today")
    answered = coordinator.get_by_role("table").filter(has_text="Humör").first
    margit = answered.get_by_role("row").filter(has_text="Margit Holm")
    expect(margit).to_contain_text("Bra")
    expect(margit).to_contain_text("Svarat")
    waiting = coordinator.locator("h2#waiting + .table-wrap")
    expect(waiting.get_by_role("link", name="Gösta Berg")).to_be_visible()
    expect(waiting).to_contain_text("Inte svarat än")
    assert_accessible(coordinator)


def test_names_link_to_the_senior_page(coordinator: Page, server: Server) -> None:
    coordinator.goto("/today")
    coordinator.locator("h2#waiting + .table-wrap").get_by_role("link", name="Gösta Berg").click()
    expect(coordinator.get_by_role("heading", name="Gösta Berg", level=1)).to_be_visible()
