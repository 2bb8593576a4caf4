"""Importera en lista in a real browser: a coordinator picks the municipality's
file and sees what it would change, row by row, before anything is saved; a
viewer has no way in. (The import itself, which would take the demo people's
place on this shared server, is tested in tests/bot/console/routes.)"""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.conftest import Server
from tests.browser.helpers import assert_accessible

LIST = (
    "Namn;Mobil;Språk;Taggar\r\n"
    "Märta Berg;070-111 22 33;svenska;Tyresö\r\n"
    "Aino Virtanen;070-111 22 34;suomi;Tyresö\r\n"
    "Utan Nummer;;;\r\n"
).encode("cp1252")


def test_coordinator_previews_a_list_and_nothing_is_saved(
    coordinator: Page, server: Server, tmp_path: Path
) -> None:
    before = server.rows("SELECT count(*) FROM seniors")
    coordinator.goto("/seniors")
    coordinator.get_by_role("link", name="Importera en lista").click()
    expect(
        coordinator.get_by_role("heading", name="Importera en lista", exact=True)
    ).to_be_visible()
    assert_accessible(coordinator)
    file = tmp_path / "lista.csv"
    file.write_bytes(LIST)
    coordinator.get_by_label("Fil (.csv eller .xlsx, högst 5 MB)").set_input_files(file)
    coordinator.get_by_role("button", name="Visa vad som ändras").click()
    expect(
        coordinator.get_by_role("heading", name="Så här blir det (inget är sparat)")
    ).to_be_visible()
    expect(coordinator.get_by_role("status")).to_contain_text("3 rader: 2 nya")
    expect(coordinator.locator("#import-errors")).to_contain_text("Rad 4:")
    assert_accessible(coordinator)
    assert server.rows("SELECT count(*) FROM seniors") == before
    assert server.rows("SELECT count(*) FROM seniors WHERE name = 'Aino Virtanen'") == [(0,)]


def test_a_viewer_has_no_import(viewer: Page) -> None:
    viewer.goto("/seniors")
    expect(viewer.get_by_role("link", name="Importera en lista")).to_have_count(0)
    response = viewer.goto("/import")
    assert response is not None
    assert response.status == 403
