"""Logging in and out, and what an anonymous visitor gets."""

from __future__ import annotations

import re

import httpx
from playwright.sync_api import Page, expect

from tests.browser.conftest import ACCOUNTS, Server, log_in


def test_anonymous_visitor_is_sent_to_login(page: Page) -> None:
    page.goto("/today")
    expect(page).to_have_url("/login?next=/today")
    expect(page.get_by_role("heading", name="Logga in")).to_be_visible()


def test_coordinator_logs_in_and_lands_on_today(page: Page, server: Server) -> None:
    log_in(page, "coordinator")
    expect(page.get_by_role("navigation", name="Huvudmeny")).to_contain_text("Ärenden")
    cookie = next(c for c in page.context.cookies() if c["name"] == "hejsan_session")
    assert cookie["httpOnly"] is True
    assert cookie["sameSite"] == "Strict"
    rows = server.rows(
        "SELECT a.action FROM audit_log a JOIN accounts x ON x.id = a.account_id "
        "WHERE x.email = ? AND a.action = 'login'",
        ACCOUNTS["coordinator"],
    )
    assert rows


def test_wrong_password_is_refused_politely(page: Page) -> None:
    page.goto("/login")
    page.get_by_label("E-postadress").fill(ACCOUNTS["viewer"])
    page.get_by_label("Lösenord").fill("fel-losenord-helt")
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("alert")).to_have_text("Fel e-postadress eller lösenord.")


def test_logout_ends_the_session_on_the_server(page: Page) -> None:
    log_in(page, "viewer")
    stolen = next(c for c in page.context.cookies() if c["name"] == "hejsan_session")
    page.get_by_role("button", name="Logga ut").click()
    expect(page.get_by_role("heading", name="Logga in")).to_be_visible()
    again = httpx.get(
        page.url.replace("/login", "/today"),
        cookies={"hejsan_session": stolen["value"]},
        follow_redirects=False,
    )
    assert again.status_code == 303
    assert again.headers["location"].startswith("/login")


def test_the_demo_prints_a_login_that_works(page: Page, server: Server) -> None:
    printed = server.log.read_text(encoding="utf-8")
    match = re.search(r"e-mail: (\S+)  lösenord / password: (\S+)", printed)
    assert match, printed
    page.goto("/login")
    page.get_by_label("E-postadress").fill(match[1])
    page.get_by_label("Lösenord").fill(match[2])
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("heading", name="Idag", level=1)).to_be_visible()
