"""axe-core in the page: no serious or critical WCAG violation on any console page."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import Server
from tests.browser.helpers import assert_accessible


def test_login_page_is_accessible(page: Page) -> None:
    page.goto("/login")
    assert_accessible(page)


@pytest.mark.parametrize(
    "path",
    [
        "/today",
        "/review",
        "/cases?status=",
        "/seniors",
        "/volunteers",
        "/events",
        "/campaigns",
        "/report",
        "/accounts",
        "/audit",
        "/password",
    ],
)
def test_admin_pages_are_accessible(admin: Page, path: str) -> None:
    admin.goto(path)
    assert_accessible(admin)


def test_senior_page_is_accessible(admin: Page, server: Server) -> None:
    senior = server.rows("SELECT id FROM seniors ORDER BY id LIMIT 1")[0][0]
    admin.goto(f"/seniors/{senior}")
    assert_accessible(admin)
