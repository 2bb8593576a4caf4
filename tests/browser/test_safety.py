"""Trygghetskoll: a senior's daily safety check and close contacts, set in the
console by a coordinator; read (without phone numbers) by a viewer."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import ACCOUNTS, Server
from tests.browser.helpers import assert_accessible, senior_id

Client = Callable[[str], httpx.Client]
LENA_PHONE = "+46709991201"
PER_PHONE = "+46709991202"


def csrf_of(page: Page) -> str:
    return str(page.locator("input[name=csrf_token]").first.get_attribute("value"))


def far_from_now() -> str:
    """A time of day 12 hours away: the running service never asks it during the tests."""
    return (datetime.now() + timedelta(hours=12)).strftime("%H:%M")


def test_coordinator_sets_the_safety_check_and_manages_close_contacts(
    coordinator: Page, server: Server
) -> None:
    gosta = senior_id(server, "Gösta Berg")
    at = far_from_now()
    coordinator.goto(f"/seniors/{gosta}")
    coordinator.get_by_role("link", name="Trygghetskoll och närstående").click()
    expect(coordinator.get_by_role("heading", name="Trygghetskoll: Gösta Berg")).to_be_visible()
    assert_accessible(coordinator)
    coordinator.get_by_label("Trygghetskoll varje dag").check()
    coordinator.get_by_label("Klockslag (TT:MM)").fill(at)
    coordinator.get_by_label("Påminnelser, minuter efter frågan").fill("20,40")
    coordinator.get_by_role("button", name="Spara trygghetskollen").click()
    expect(coordinator.get_by_role("status")).to_have_text("Ändringen är sparad.")
    facts = coordinator.locator("#safety-facts")
    expect(facts).to_contain_text(f"kl. {at}")
    expect(facts).to_contain_text("+20 min, +40 min")
    expect(coordinator.locator("#next-check")).to_contain_text(at)
    assert server.rows(
        "SELECT safety_check_at, safety_reminders FROM seniors WHERE id = ?", gosta
    ) == [(at, "20,40")]

    form = coordinator.locator("#contact-form")
    form.get_by_label("Namn").fill("Lena Berg")
    form.get_by_label("Telefon").fill("070-999 12 01")
    form.get_by_label("Relation").fill("dotter")
    form.get_by_label("Har nyckel till bostaden").check()
    form.get_by_label("Seniorn har samtyckt").check()
    form.get_by_role("button", name="Lägg till närstående").click()
    expect(coordinator.get_by_role("status")).to_have_text("Skapat.")
    lena = coordinator.get_by_role("row").filter(has_text="Lena Berg")
    expect(lena).to_contain_text(LENA_PHONE)
    expect(lena).to_contain_text("dotter")
    expect(lena).to_contain_text("Först, före volontärerna")
    expect(lena).to_contain_text("Coordinator")  # who recorded the consent
    assert_accessible(coordinator)

    coordinator.get_by_role("button", name="Larma med volontärerna: Lena Berg").click()
    expect(coordinator.get_by_role("status")).to_have_text("Ändringen är sparad.")
    expect(lena).to_contain_text("Tillsammans med volontärerna")
    assert server.rows(
        "SELECT c.first_tier, c.has_key, c.relation FROM close_contacts c "
        "JOIN volunteers v ON v.id = c.volunteer_id WHERE v.name = 'Lena Berg'"
    ) == [(0, 1, "dotter")]

    lena.get_by_text("Ändra uppgifter").click()
    edit = lena.locator("form[action$='/edit']")
    edit.get_by_label("Telefon").fill("070-999 12 07")
    edit.get_by_label("Relation").fill("dotter, bor nära")
    edit.get_by_label("Har nyckel till bostaden").uncheck()
    assert_accessible(coordinator)
    edit.get_by_role("button", name="Spara ändringar").click()
    expect(coordinator.get_by_role("status")).to_have_text("Ändringen är sparad.")
    expect(lena).to_contain_text("+46709991207")
    expect(lena).to_contain_text("dotter, bor nära")
    assert server.rows(
        "SELECT c.has_key, c.relation, c.consent_by FROM close_contacts c "
        "JOIN volunteers v ON v.id = c.volunteer_id WHERE v.name = 'Lena Berg'"
    ) == [(0, "dotter, bor nära", "Coordinator")]

    coordinator.goto("/volunteers")
    expect(coordinator.get_by_role("row").filter(has_text="Karin Ek")).to_have_count(1)
    expect(coordinator.get_by_text("Lena Berg")).to_have_count(0)  # she is Gösta's

    coordinator.goto(f"/seniors/{gosta}/safety")
    coordinator.get_by_role("button", name="Ta bort Lena Berg").click()
    expect(coordinator.get_by_role("status")).to_have_text("Ändringen är sparad.")
    expect(coordinator.get_by_text("Inga närstående ännu.")).to_be_visible()

    coordinator.get_by_label("Trygghetskoll varje dag").uncheck()
    coordinator.get_by_role("button", name="Spara trygghetskollen").click()
    expect(coordinator.locator("#safety-facts")).to_contain_text("Av")
    assert server.rows(
        "SELECT safety_check_at, safety_reminders FROM seniors WHERE id = ?", gosta
    ) == [(None, "20,40")]


def test_a_bad_time_is_explained_and_nothing_changes(coordinator: Page, server: Server) -> None:
    margit = senior_id(server, "Margit Holm")
    before = server.rows("SELECT safety_check_at FROM seniors WHERE id = ?", margit)
    coordinator.goto(f"/seniors/{margit}/safety")
    coordinator.get_by_label("Trygghetskoll varje dag").check()
    coordinator.get_by_label("Klockslag (TT:MM)").fill("25:99")
    coordinator.get_by_role("button", name="Spara trygghetskollen").click()
    expect(coordinator.get_by_role("alert")).to_contain_text("inte ett klockslag")
    assert server.rows("SELECT safety_check_at FROM seniors WHERE id = ?", margit) == before


def test_a_close_contact_needs_the_senior_s_consent_and_a_csrf_token(
    coordinator: Page, server: Server
) -> None:
    margit = senior_id(server, "Margit Holm")
    coordinator.goto(f"/seniors/{margit}/safety")
    form = {"name": "Utan Samtycke", "phone": "070-999 12 09", "csrf_token": csrf_of(coordinator)}
    response = coordinator.request.post(f"/seniors/{margit}/safety/contacts", form=form)
    assert response.status == 400
    assert "samtycke" in response.text()
    no_token = {**form, "consent": "1", "csrf_token": "guessed"}
    response = coordinator.request.post(f"/seniors/{margit}/safety/contacts", form=no_token)
    assert response.status == 403
    assert server.rows("SELECT id FROM volunteers WHERE name = 'Utan Samtycke'") == []


def test_viewer_reads_without_phone_numbers_and_cannot_change(viewer: Page, server: Server) -> None:
    anna = senior_id(server, "Anna Lindqvist")
    server.cli(
        "seniors", "contacts", "add", str(anna), "--name", "Per Granne",
        "--phone", PER_PHONE, "--relation", "granne", "--consent-by", "Eva",
    )  # fmt: skip
    viewer.goto(f"/seniors/{anna}/safety")
    per = viewer.get_by_role("row").filter(has_text="Per Granne")
    expect(per).to_contain_text("granne")
    expect(per).to_contain_text(re.compile(r"\+4670•+02"))
    expect(viewer.get_by_text(PER_PHONE)).to_have_count(0)
    for button in ("Spara trygghetskollen", "Lägg till närstående", "Ta bort Per Granne"):
        expect(viewer.get_by_role("button", name=button)).to_have_count(0)
    expect(viewer.get_by_label("Klockslag (TT:MM)")).to_have_count(0)
    assert_accessible(viewer)
    response = viewer.request.post(
        f"/seniors/{anna}/safety",
        form={"enabled": "1", "at": "08:00", "csrf_token": csrf_of(viewer)},
    )
    assert response.status == 403
    assert server.rows("SELECT safety_check_at FROM seniors WHERE id = ?", anna) != [("08:00",)]


def test_guessed_senior_id_is_not_found(coordinator: Page) -> None:
    response = coordinator.goto("/seniors/987654/safety")
    assert response is not None
    assert response.status == 404


@pytest.fixture(scope="module")
def api(server: Server) -> Iterator[Client]:
    clients = {
        role: httpx.Client(
            base_url=f"{server.url}/api",
            headers={"Authorization": f"Bearer {server.cli('tokens', 'create', mail).strip()}"},
        )
        for role, mail in ACCOUNTS.items()
    }
    yield clients.__getitem__
    for client in clients.values():
        client.close()


def test_the_safety_api_hides_phones_from_a_viewer_and_lets_a_coordinator_change(
    api: Client, server: Server
) -> None:
    john = senior_id(server, "John Smith")
    at = far_from_now()
    assert (
        api("viewer").put(f"/seniors/{john}/safety", json={"safety_check_at": at}).status_code
        == 403
    )
    changed = api("coordinator").put(
        f"/seniors/{john}/safety", json={"safety_check_at": at, "reminders": "15,30,45"}
    )
    assert changed.status_code == 200, changed.text
    assert (changed.json()["safety_check_at"], changed.json()["reminders"]) == (at, [15, 30, 45])
    bad = api("coordinator").put(f"/seniors/{john}/safety", json={"safety_check_at": "nine"})
    assert bad.status_code == 400
    body = {"name": "Sara Smith", "phone": "070-999 12 03", "relation": "daughter"}
    refused = api("coordinator").post(f"/seniors/{john}/contacts", json={**body, "consent": False})
    assert refused.status_code == 400
    added = api("coordinator").post(f"/seniors/{john}/contacts", json={**body, "consent": True})
    assert added.status_code == 201, added.text
    [sara] = added.json()["contacts"]
    assert sara["phone"] == "+46709991203"
    [seen] = api("viewer").get(f"/seniors/{john}/safety").json()["contacts"]
    assert (seen["name"], seen["phone"], seen["telegram"]) == ("Sara Smith", None, None)
    moved = api("coordinator").put(
        f"/seniors/{john}/contacts/{sara['id']}", json={"first_tier": False}
    )
    assert moved.json()["contacts"][0]["first_tier"] is False
    assert api("viewer").delete(f"/seniors/{john}/contacts/{sara['id']}").status_code == 403
    gone = api("coordinator").delete(f"/seniors/{john}/contacts/{sara['id']}")
    assert gone.json()["contacts"] == []
    off = api("coordinator").put(f"/seniors/{john}/safety", json={"safety_check_at": None})
    assert (off.json()["safety_check_at"], off.json()["reminders"]) == (None, [15, 30, 45])
    audited = server.rows(
        "SELECT action FROM audit_log WHERE senior_id = ? AND action LIKE 'close_contact.%' "
        "ORDER BY id",
        john,
    )
    assert audited == [
        ("close_contact.added",),
        ("close_contact.first_tier",),
        ("close_contact.removed",),
    ]
