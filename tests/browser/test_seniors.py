"""Seniorer: search, read a conversation (audited), and what a viewer may not see."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.conftest import ACCOUNTS, Server
from tests.browser.helpers import reply_as, senior_id


def test_search_by_name_finds_the_senior(coordinator: Page) -> None:
    coordinator.goto("/seniors")
    coordinator.get_by_label("Sök på namn, telefon, tagg eller område").fill("gösta")
    coordinator.get_by_role("button", name="Sök").click()
    expect(coordinator.get_by_role("link", name="Gösta Berg")).to_be_visible()
    expect(coordinator.get_by_role("link", name="Anna Lindqvist")).to_have_count(0)


def test_coordinator_reads_the_conversation_and_it_is_audited(
    coordinator: Page, server: Server
) -> None:
    reply_as(server, "John Smith", "not so good today")
    john = senior_id(server, "John Smith")
    before = _views(server, john, "coordinator")
    coordinator.goto(f"/seniors/{john}")
    expect(coordinator.locator(".msg-in").last).to_contain_text("not so good today")
    expect(coordinator.locator(".msg-out").first).to_be_visible()
    expect(coordinator.get_by_role("img", name="Humör, 12 veckor")).to_be_visible()
    assert _views(server, john, "coordinator") == before + 1


def test_viewer_sees_no_conversation_text(viewer: Page, server: Server) -> None:
    reply_as(server, "Anna Lindqvist", "hemligt innehåll")
    anna = senior_id(server, "Anna Lindqvist")
    viewer.goto(f"/seniors/{anna}")
    expect(viewer.get_by_text("Konversationen visas bara för samordnare.")).to_be_visible()
    expect(viewer.get_by_text("hemligt innehåll")).to_have_count(0)


def test_guessed_senior_id_is_not_found(coordinator: Page) -> None:
    response = coordinator.goto("/seniors/999999")
    assert response is not None
    assert response.status == 404


def _views(server: Server, senior: int, role: str) -> int:
    return int(
        server.rows(
            "SELECT count(*) FROM audit_log a JOIN accounts x ON x.id = a.account_id "
            "WHERE a.senior_id = ? AND a.action = 'conversation.viewed' AND x.email = ?",
            senior,
            ACCOUNTS[role],
        )[0][0]
    )
