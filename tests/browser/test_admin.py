"""Rapport, Konton and Granskningslogg: numbers to report, accounts, and the audit trail."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.conftest import Server
from tests.browser.helpers import senior_id


def test_report_shows_the_month_and_exports_csv(coordinator: Page) -> None:
    coordinator.goto("/report")
    expect(coordinator.get_by_role("heading", level=1)).to_contain_text("Rapport")
    expect(coordinator.get_by_role("img", name="Svar på incheckningar")).to_be_visible()
    link = coordinator.get_by_role("link", name="Ladda ner (CSV)")
    body = coordinator.request.get(str(link.get_attribute("href"))).body()
    assert body.startswith(b"\xef\xbb\xbf")
    assert "Incheckningar skickade;" in body.decode("utf-8-sig")


def test_audit_log_lists_conversation_views(admin: Page, server: Server) -> None:
    gosta = senior_id(server, "Gösta Berg")
    admin.goto(f"/seniors/{gosta}")
    admin.goto(f"/audit?senior={gosta}&action=conversation.viewed")
    expect(admin.get_by_role("row").filter(has_text="conversation.viewed").first).to_contain_text(
        "admin@example.se"
    )


def test_coordinator_may_not_open_admin_pages(coordinator: Page) -> None:
    for path in ("/accounts", "/audit"):
        response = coordinator.goto(path)
        assert response is not None
        assert response.status == 403
