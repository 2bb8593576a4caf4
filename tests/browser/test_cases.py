"""Ärenden: claim (assign to a volunteer) and resolve a case; protections on posts."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import Server
from tests.browser.helpers import assert_accessible, open_case_for


def csrf_of(page: Page) -> str:
    return str(page.locator("input[name=csrf_token]").first.get_attribute("value"))


def test_coordinator_claims_and_resolves_a_case(coordinator: Page, server: Server) -> None:
    case = open_case_for(server, "Gösta Berg")
    coordinator.goto("/cases")
    coordinator.get_by_role("link", name=f"#{case}", exact=True).click()
    expect(coordinator.get_by_role("heading", name=f"Ärende #{case}")).to_be_visible()
    assert_accessible(coordinator)
    coordinator.get_by_label("Tilldela volontär").select_option(label="Karin Ek (Väntjänsten)")
    coordinator.get_by_role("button", name="Tilldela").click()
    expect(coordinator.get_by_role("status")).to_have_text("Ärendet är tilldelat.")
    expect(coordinator.locator("dl.facts")).to_contain_text("Taget")
    coordinator.get_by_label("Vad gjordes? (valfritt)").fill("Ringde, allt väl.")
    coordinator.get_by_role("button", name="Avsluta ärendet").click()
    expect(coordinator.get_by_role("status")).to_have_text("Ärendet är avslutat.")
    expect(coordinator.locator("dl.facts")).to_contain_text("Avslutat")
    expect(coordinator.get_by_role("list").last).to_contain_text(re.compile("Avslutat"))
    assert server.rows("SELECT status FROM escalations WHERE id = ?", case) == [("resolved",)]


def test_post_without_csrf_token_is_refused_and_changes_nothing(
    coordinator: Page, server: Server
) -> None:
    case = open_case_for(server, "Anna Lindqvist")
    coordinator.goto(f"/cases/{case}")
    response = coordinator.request.post(f"/cases/{case}/resolve", form={"note": "x"})
    assert response.status == 403
    wrong = coordinator.request.post(
        f"/cases/{case}/resolve", form={"note": "x", "csrf_token": "guessed"}
    )
    assert wrong.status == 403
    assert server.rows("SELECT status FROM escalations WHERE id = ?", case) != [("resolved",)]


def test_viewer_cannot_change_a_case_even_with_a_token(viewer: Page, server: Server) -> None:
    case = open_case_for(server, "Margit Holm")
    viewer.goto(f"/cases/{case}")
    expect(viewer.get_by_role("button", name="Avsluta ärendet")).to_have_count(0)
    response = viewer.request.post(f"/cases/{case}/resolve", form={"csrf_token": csrf_of(viewer)})
    assert response.status == 403
    assert server.rows("SELECT status FROM escalations WHERE id = ?", case) != [("resolved",)]


def test_guessed_case_id_is_not_found(coordinator: Page) -> None:
    response = coordinator.goto("/cases/987654")
    assert response is not None
    assert response.status == 404
