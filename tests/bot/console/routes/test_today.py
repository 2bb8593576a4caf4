"""Idag: the landing page, for everyone logged in; long lists cut until asked."""

from __future__ import annotations

import httpx
from sqlalchemy import select

from bot.console.routes.today import SHOWN
from bot.core.config import load_config
from bot.db.database import Database
from bot.db.models import CheckInResult, Senior
from bot.people.directory import Role, clean_person, upsert_people
from bot.web.app import create_app
from tests.bot.console.conftest import BASE, Desk
from tests.bot.console.routes.desk_people import add_senior, reply_as

TWILIO = {
    "HEJSAN_TWILIO_ACCOUNT_SID": "AC" + "0" * 32,
    "HEJSAN_TWILIO_AUTH_TOKEN": "secret",
    "HEJSAN_TWILIO_FROM_NUMBER": "+46766860000",
}


async def _asked(desk: Desk, moods: dict[int, str | None]) -> None:
    """Today's check-in to each senior, asked now; answered with the mood unless None."""
    now = desk.shell.now()
    async with desk.db.transaction() as session:
        for senior_id, mood in moods.items():
            session.add(
                CheckInResult(
                    senior_id=senior_id,
                    campaign="morgon",
                    occurrence=now.date().isoformat(),
                    asked_at=now,
                    answered_at=now if mood else None,
                    mood=mood,
                )
            )


async def test_the_start_page_is_today_and_needs_a_login(db: Database) -> None:
    """With a real channel, `/` is the console (the simulator takes it only when
    it is the one channel), and Today asks an anonymous visitor to log in."""
    config = load_config(None, {"HEJSAN_SERVICE_QUIET_HOURS": "", **TWILIO})
    app = create_app(config, db)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE) as visitor:
        root = await visitor.get("/")
        today = await visitor.get("/today?all=1")
    assert (root.status_code, root.headers["location"]) == (303, "/today")
    assert (today.status_code, today.headers["location"]) == (303, "/login?next=/today%3Fall%3D1")


async def test_a_viewer_sees_who_answered_and_how_but_not_what_or_their_number(
    desk: Desk,
) -> None:
    anna = await add_senior(desk)
    gosta = await add_senior(desk, "Gösta Berg", "0709876543")
    await _asked(desk, {anna: "bad", gosta: None})
    await reply_as(desk, anna, "Dåligt, min man ligger på sjukhus")
    page = await desk.as_role("viewer").get("/today")
    assert page.status_code == 200
    answered = page.text.split('<h2 id="answered"')[1].split('<h2 id="waiting"')[0]
    waiting = page.text.split('<h2 id="waiting"')[1].split('<h2 id="missed"')[0]
    assert "Anna Lindqvist" in answered
    assert "Dåligt" in answered
    assert "Gösta Berg" not in answered
    assert "Gösta Berg" in waiting
    assert "Inte svarat än" in waiting
    assert "sjukhus" not in page.text
    assert "+46701234567" not in page.text
    assert "+46709876543" not in page.text


async def test_a_long_list_is_cut_until_all_are_asked_for(desk: Desk) -> None:
    many = [
        clean_person(name=f"Senior {i:03d}", phone=f"070-555 {i:04d}") for i in range(SHOWN + 1)
    ]
    async with desk.db.transaction() as session:
        await upsert_people(session, Role.SENIOR, many)
        ids = list(await session.scalars(select(Senior.id)))
    await _asked(desk, dict.fromkeys(ids, "good"))
    viewer = desk.as_role("viewer")
    cut = (await viewer.get("/today")).text
    assert cut.count('<a href="/seniors/') == SHOWN
    assert f'<a href="/today?all=1#answered">Visa alla {SHOWN + 1}</a>' in cut
    everyone = (await viewer.get("/today", params={"all": "1"})).text
    assert everyone.count('<a href="/seniors/') == SHOWN + 1
    assert "Visa alla" not in everyone
