"""The frame every console page shares: wording in the reader's language (Swedish
when in doubt), the navigation a role may use, the notice after a change, and
the form token a logged-out visitor's forms need."""

from __future__ import annotations

import re

import httpx

from bot.console.auth import ANON_CSRF_COOKIE
from bot.console.render import LANG_COOKIE, NAVIGATION, NOTICES, in_lang
from bot.console.sessions import IDLE_WARNING
from tests.bot.console.conftest import BASE, Desk

EVERY_LABEL = [label for _path, label, _least in NAVIGATION]


def test_missing_english_falls_back_to_the_swedish_with_fields_filled() -> None:
    assert in_lang("en", "Ny text utan översättning, {name}", name="Anna") == (
        "Ny text utan översättning, Anna"
    )
    assert in_lang("fi", "Seniorer") == "Seniorer"
    assert in_lang("en", "Seniorer") == "Seniors"
    assert in_lang("sv", "Ingen {x}") == "Ingen {x}"  # no values: braces untouched


def _navigation(page: str) -> list[str]:
    nav = re.search(r'<nav aria-label="[^"]+">(.*?)</nav>', page, re.DOTALL)
    assert nav, "no navigation"
    return re.findall(r"<a [^>]*>([^<]+)</a>", nav[1])


async def test_each_role_sees_the_navigation_it_may_use_in_order(desk: Desk) -> None:
    expected = {
        "viewer": [w for w in EVERY_LABEL if w not in ("Att läsa", "Konton", "Granskningslogg")],
        "coordinator": [w for w in EVERY_LABEL if w not in ("Konton", "Granskningslogg")],
        "admin": EVERY_LABEL,
    }
    for role, labels in expected.items():
        assert _navigation((await desk.as_role(role).get("/today")).text) == labels, role


async def test_the_page_one_is_on_is_marked_current(desk: Desk) -> None:
    page = (await desk.as_role("viewer").get("/cases?status=open")).text
    current = re.findall(r'<a href="([^"]+)" aria-current="page">', page)
    assert current == ["/cases"]
    assert 'name="next" value="/cases?status=open"' in page


async def test_a_known_notice_is_announced_and_anything_else_is_not(desk: Desk) -> None:
    client = desk.as_role("coordinator")
    shown = (await client.get("/today?ok=resolved")).text
    assert f'<div role="status" class="notice" id="status">{NOTICES["resolved"]}</div>' in shown
    for junk in ("nonsense", "<script>alert(1)</script>"):
        page = (await client.get("/today", params={"ok": junk})).text
        assert '<div role="status" class="notice empty" id="status"></div>' in page
        assert "<script>alert" not in page


async def test_a_logged_in_page_carries_the_idle_warning_and_no_login_cookie(desk: Desk) -> None:
    response = await desk.as_role("viewer").get("/today")
    body = re.search(r"<body([^>]*)>", response.text)
    assert body
    assert f'data-idle-warning="{int(IDLE_WARNING.total_seconds())}"' in body[1]
    assert re.search(r'data-session-expires="\d{4}-\d\d-\d\dT', body[1])
    assert ANON_CSRF_COOKIE not in response.headers.get("set-cookie", "")


async def test_a_visitor_s_form_token_is_the_cookie_s_and_stays_put(desk: Desk) -> None:
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=desk.app), base_url=BASE
    ) as visitor:
        first = await visitor.get("/login")
        cookie = first.headers["set-cookie"]
        assert cookie.startswith(f"{ANON_CSRF_COOKIE}=")
        assert "HttpOnly" in cookie
        assert "SameSite=strict" in cookie
        assert "Secure" not in cookie  # served over plain http here
        token = visitor.cookies[ANON_CSRF_COOKIE]
        assert f'name="csrf_token" value="{token}"' in first.text
        again = await visitor.get("/login")
        assert f'name="csrf_token" value="{token}"' in again.text
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=desk.app),
        base_url=BASE,
        cookies={ANON_CSRF_COOKIE: "short"},
    ) as guessing:
        replaced = await guessing.get("/login")
        assert 'value="short"' not in replaced.text
        fresh = re.search(rf"{ANON_CSRF_COOKIE}=([^;]+);", replaced.headers["set-cookie"])
        assert fresh
        assert len(fresh[1]) >= 32


async def test_an_unknown_language_cookie_gives_swedish(desk: Desk) -> None:
    client = desk.as_role("viewer")
    for chosen, lang, heading in (("fi", "sv", "Seniorer"), ("x", "sv", "Seniorer")):
        client.cookies.set(LANG_COOKIE, chosen)
        page = (await client.get("/today")).text
        assert f'<html lang="{lang}">' in page
        assert f">{heading}</a>" in page
    client.cookies.set(LANG_COOKIE, "en")
    english = (await client.get("/report")).text
    assert '<html lang="en">' in english
    assert ">Seniors</a>" in english
    assert "SMS cost (SEK)" in english
