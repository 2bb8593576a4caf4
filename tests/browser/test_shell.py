"""The page frame in a browser: Svenska/English, set-password links, the live SMS count."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from conversations.sms_cost import GSM7_BASIC, GSM7_EXTENSION, sms_cost
from tests.browser.conftest import PASSWORD, Server
from tests.browser.helpers import assert_accessible

SMS_JS = Path(__file__).resolve().parents[2] / "bot" / "console" / "static" / "sms_segments.js"

# The same texts for the server's count and the page's: ä/ö/å and é are GSM-7,
# € and [ ] take two septets, an emoji or a curly quote makes the text UCS-2.
EXAMPLES = [
    "",
    "Hej Anna! Hur mår du idag? Svara 1, 2 eller 3.",
    "Välkommen på sopplunch på Träffpunkt Tyresö, Åsa och Örjan kommer också!",
    "ä" * 160,
    "ö" * 161,
    "x" * 306,
    "x" * 307,
    "Pris: 50 € [inkl. kaffe]",
    "€" * 80,
    "€" * 81,
    "x" * 152 + "€" + "y" * 10,
    "Hej 😊",
    "😊" * 35,
    "😊" * 36,
    "x" * 66 + "😊" + "x" * 10,
    "”Hej”",
    "rad ett\nrad två",
]


def test_reader_switches_to_english_when_logged_in(admin: Page) -> None:
    admin.goto("/campaigns")
    expect(admin.locator("html")).to_have_attribute("lang", "sv")
    admin.get_by_role("button", name="English").click()
    expect(admin).to_have_url("/campaigns")
    expect(admin.locator("html")).to_have_attribute("lang", "en")
    expect(admin.get_by_role("heading", name="Campaigns", level=1)).to_be_visible()
    menu = admin.get_by_role("navigation", name="Main menu")
    for label in ("Today", "To read", "Cases", "Campaigns", "Report", "Accounts", "Audit log"):
        expect(menu.get_by_role("link", name=label, exact=True)).to_be_visible()
    admin.get_by_role("link", name="Accounts", exact=True).click()
    expect(admin.get_by_role("heading", name="Accounts", level=1)).to_be_visible()
    expect(admin.get_by_role("button", name="Log out")).to_be_visible()
    assert_accessible(admin)
    admin.get_by_role("button", name="Svenska").click()
    expect(admin.get_by_role("heading", name="Konton", level=1)).to_be_visible()


def test_login_page_in_english_before_logging_in(page: Page) -> None:
    page.goto("/login")
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="Log in", level=1)).to_be_visible()
    page.get_by_label("E-mail address").fill("nobody@example.se")
    page.get_by_label("Password").fill("fel-losenord-helt")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("alert")).to_have_text("Wrong e-mail address or password.")


def test_new_account_sets_its_password_through_a_one_time_link(
    admin: Page, page: Page, server: Server
) -> None:
    admin.goto("/accounts")
    admin.get_by_label("E-postadress").fill("lank@example.se")
    admin.get_by_label("Namn", exact=True).fill("Länk Person")
    admin.get_by_role("button", name="Skapa konto").click()
    link = admin.locator("#set-password-link code").text_content() or ""
    assert re.search(r"/set-password/[A-Za-z0-9_-]{40,}$", link), link
    path = link[link.index("/set-password/") :]
    page.goto(path)
    expect(page.get_by_role("heading", name="Välj lösenord")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Nytt lösenord (minst 10 tecken)").fill(PASSWORD)
    page.get_by_label("Nytt lösenord igen").fill(PASSWORD)
    page.get_by_role("button", name="Spara lösenordet").click()
    expect(page.get_by_role("status")).to_have_text("Lösenordet är sparat. Logga in med det.")
    page.get_by_label("E-postadress").fill("lank@example.se")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("heading", name="Idag", level=1)).to_be_visible()
    page.goto(path)
    expect(page.get_by_role("alert")).to_contain_text("redan använd")


@pytest.fixture
def sms_page(page: Page) -> Page:
    page.set_content(f"<script>{SMS_JS.read_text(encoding='utf-8')}</script>")
    return page


def test_page_and_server_use_the_same_sms_alphabet(sms_page: Page) -> None:
    basic = sms_page.evaluate("HejsanSms.GSM7_BASIC")
    extension = sms_page.evaluate("HejsanSms.GSM7_EXTENSION")
    assert set(basic) == GSM7_BASIC
    assert set(extension) == GSM7_EXTENSION


@pytest.mark.parametrize("text", EXAMPLES)
def test_page_counts_segments_like_the_server(sms_page: Page, text: str) -> None:
    shown = sms_page.evaluate("text => HejsanSms.cost(text)", text)
    expected = sms_cost(text.replace("\n", "\r\n"))  # a form sends line breaks as CR LF
    assert (shown["chars"], shown["encoding"], shown["segments"]) == (
        expected.chars,
        expected.encoding,
        expected.segments,
    )


def test_segment_count_follows_typing_and_the_server_agrees_after_saving(
    coordinator: Page,
) -> None:
    coordinator.goto("/campaigns/demo-incheckning")
    field = coordinator.get_by_label("Text på engelska")
    count = coordinator.locator("#cost_en")
    field.fill("Hej på dig, hur mår du?")
    expect(count).to_have_text("SMS-delar: 1 (23 tecken, GSM-7).")
    field.fill("Hej på dig 😊 " + "x" * 60)
    expect(count).to_contain_text("SMS-delar: 2")
    expect(count).to_contain_text("UCS-2")
    live = count.text_content()
    coordinator.get_by_role("button", name="Spara").click()
    expect(coordinator.get_by_role("status")).to_have_text("Ändringen är sparad.")
    coordinator.get_by_label("Text på engelska").fill("")
    coordinator.goto("/campaigns/demo-incheckning")
    expect(coordinator.locator("#cost_en")).to_have_text(live or "")


def test_every_other_week_is_chosen_with_plain_fields(coordinator: Page, server: Server) -> None:
    coordinator.goto("/campaigns")
    form = coordinator.locator("form").filter(
        has=coordinator.get_by_role("button", name="Skapa kampanj")
    )
    form.get_by_label("Namn", exact=True).fill("Varannan måndag")
    form.get_by_label("mån").check()
    form.get_by_label("Klockslag (TT:MM)").fill("09:30")
    form.get_by_label("Hur ofta").select_option(label="varannan vecka")
    form.get_by_role("button", name="Skapa kampanj").click()
    expect(coordinator.get_by_role("status")).to_have_text("Skapat.")
    expect(coordinator.locator("#schedule-text")).to_have_text("mån kl. 09:30, varannan vecka")
    [(schedule,)] = server.rows("SELECT schedule FROM campaigns WHERE name = ?", "Varannan måndag")
    assert re.fullmatch(r"30 9 \* \* mon every 2 weeks from \d{4}-\d{2}-\d{2}", schedule)
