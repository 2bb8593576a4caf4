"""What several browser tests do: speak as a senior, open a case, check WCAG."""

from __future__ import annotations

import httpx
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

from tests.browser.conftest import Server

AXE = Axe()
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def assert_accessible(page: Page) -> None:
    """axe-core in the page: no serious or critical WCAG 2.1 AA violation."""
    results = AXE.run(page, options={"runOnly": {"type": "tag", "values": TAGS}})
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not serious, "\n".join(serious)


def senior_id(server: Server, name: str) -> int:
    return int(server.rows("SELECT id FROM seniors WHERE name = ?", name)[0][0])


def reply_as(server: Server, name: str, text: str) -> None:
    """A senior answers through the simulator, the same inbound path as SMS."""
    response = httpx.post(
        f"{server.url}/simulator/api/send",
        json={"role": "senior", "id": senior_id(server, name), "text": text},
    )
    assert response.status_code == 200, response.text


def open_case_for(server: Server, name: str, text: str = "Kan någon ringa mig?") -> int:
    """The senior asks to be called: Hejsan opens a contact case."""
    reply_as(server, name, text)
    rows = server.rows(
        "SELECT id FROM escalations WHERE senior_id = ? ORDER BY id DESC LIMIT 1",
        senior_id(server, name),
    )
    assert rows, "no case was opened"
    return int(rows[0][0])
