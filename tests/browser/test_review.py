"""Att läsa: a reply Hejsan did not understand is answered by a person, in their channel."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.conftest import Server
from tests.browser.helpers import assert_accessible, reply_as, senior_id


def test_coordinator_answers_a_reply_in_own_words(coordinator: Page, server: Server) -> None:
    reply_as(server, "Gösta Berg", "Jag bakade bullar i morse")
    coordinator.goto("/review")
    item = coordinator.locator("section.review-item").filter(has_text="bakade bullar")
    expect(item).to_contain_text("Hejsan är osäker på vad som menas")
    assert_accessible(coordinator)
    item.get_by_label("Svara Gösta med egna ord").fill("Mums! Vilken sort blev det?")
    item.get_by_role("button", name="Skicka svar").click()
    expect(coordinator.get_by_role("status")).to_have_text("Svaret är köat och skickas strax.")
    expect(
        coordinator.locator("section.review-item").filter(has_text="bakade bullar")
    ).to_have_count(0)
    sent = server.rows(
        "SELECT channel, direction FROM messages WHERE senior_id = ? AND body = ?",
        senior_id(server, "Gösta Berg"),
        "Mums! Vilken sort blev det?",
    )
    assert sent == [("simulator", "out")]


def test_coordinator_marks_a_reply_handled(coordinator: Page, server: Server) -> None:
    reply_as(server, "John Smith", "The weather in Tyresö is grey and long")
    coordinator.goto("/review")
    item = coordinator.locator("section.review-item").filter(has_text="weather in Tyresö")
    item.get_by_role("button", name="Markera som hanterat").click()
    expect(coordinator.get_by_role("status")).to_have_text("Markerat som hanterat.")
    expect(
        coordinator.locator("section.review-item").filter(has_text="weather in Tyresö")
    ).to_have_count(0)


def test_viewer_may_not_open_the_reading_list(viewer: Page) -> None:
    response = viewer.goto("/review")
    assert response is not None
    assert response.status == 403
