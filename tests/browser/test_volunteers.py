"""Volontärer: who helps, when, and the cases they hold."""

from __future__ import annotations

from playwright.sync_api import Page, expect


def test_volunteers_are_listed_with_their_hours(viewer: Page) -> None:
    viewer.goto("/volunteers")
    lena = viewer.get_by_role("row").filter(has_text="Lena Sjö")
    expect(lena).to_contain_text("PRO Tyresö")
    expect(lena).to_contain_text("mon-fri 09:00-17:00")
    expect(viewer.get_by_role("row").filter(has_text="Karin Ek")).to_contain_text("när som helst")
