"""Kampanjer over HTTP: create, edit, pause, send now; refusals say why and change nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime

import httpx
from sqlalchemy import func, select

from bot.campaigns.definitions import add_campaign, schedule_from_fields, stored_campaigns
from bot.db.database import Database
from bot.db.models import CampaignDefinition, Message
from bot.people.directory import Role, clean_person, upsert_people
from tests.bot.console.conftest import Desk
from tests.bot.console.routes.helpers import anonymous, audit_rows

NAME = "Fikakollen"
Form = dict[str, str | list[str]]


async def _campaign(db: Database, schedule: str = "0 10 * * mon,thu") -> None:
    """A check-in, and Anna who gets it."""
    async with db.transaction() as session:
        await upsert_people(
            session, Role.SENIOR, [clean_person(name="Anna Lindqvist", phone="0701234567")]
        )
        fields = {
            "name": NAME,
            "kind": "checkin",
            "schedule": schedule,
            "text": {"sv": "Hej {name}! Hur mår du idag?"},
        }
        await add_campaign(session, fields, datetime.now(UTC))


async def _stored(db: Database, name: str = NAME) -> tuple[CampaignDefinition, bool] | None:
    async with db.reading() as session:
        for row, paused in await stored_campaigns(session):
            if row.name == name:
                return row, paused
    return None


async def _paused(db: Database) -> bool:
    found = await _stored(db)
    assert found is not None
    return found[1]


async def _post(
    desk: Desk, path: str, role: str = "coordinator", **data: str | list[str]
) -> httpx.Response:
    client = desk.as_role(role)
    token = await desk.csrf(client, "/password")
    return await client.post(path, data={**data, "csrf_token": token})


async def test_a_new_campaign_is_stored_audited_and_shown_in_plain_words(desk: Desk) -> None:
    client = desk.as_role("coordinator")
    token = await desk.csrf(client, "/campaigns")
    form = {
        "name": "  Söndagshälsning ",
        "kind": "message",
        "days": ["sun"],
        "at": "11:15",
        "text_sv": "Hej {name}! Trevlig söndag.",
        "audience_tags": "Tyresö; Soppa",
        "csrf_token": token,
    }
    response = await client.post("/campaigns", data=form)
    assert response.status_code == 303
    assert response.headers["location"] == "/campaigns/S%C3%B6ndagsh%C3%A4lsning?ok=created"
    found = await _stored(desk.db, "Söndagshälsning")
    assert found is not None
    row, paused = found
    assert (row.schedule, row.audience_tags, paused) == (
        "15 11 * * sun",
        ["Tyresö", "Soppa"],
        False,
    )
    assert row.text == {"sv": "Hej {name}! Trevlig söndag."}  # the empty English is not kept
    [entry] = await audit_rows(desk.db, "campaign.created")
    assert entry.details["campaign"] == "Söndagshälsning"
    page = (await client.get(response.headers["location"])).text
    assert "sön kl. 11:15" in page


async def test_every_other_week_counts_from_this_week(desk: Desk) -> None:
    client = desk.as_role("coordinator")
    token = await desk.csrf(client, "/campaigns")
    form = {"name": "Varannan", "kind": "checkin", "days": ["tue"], "at": "09:00"}
    response = await client.post(
        "/campaigns", data={**form, "every_weeks": "2", "csrf_token": token}
    )
    assert response.status_code == 303
    found = await _stored(desk.db, "Varannan")
    assert found is not None
    this_week = desk.shell.now().astimezone(desk.shell.tz).date()
    assert found[0].schedule == schedule_from_fields(["tue"], "09:00", 2, this_week)
    assert "varannan vecka" in (await client.get("/campaigns/Varannan")).text


async def test_refused_new_campaigns_say_why_and_add_nothing(desk: Desk) -> None:
    await _campaign(desk.db)
    client = desk.as_role("coordinator")
    token = await desk.csrf(client, "/campaigns")
    good: Form = {"name": "Ny", "kind": "checkin", "days": ["mon"], "at": "10:00"}
    good["csrf_token"] = token
    cases: list[tuple[Form, str]] = [
        ({"name": NAME}, "det finns redan en kampanj som heter"),
        ({"days": []}, "välj minst en veckodag"),
        ({"at": "25:00"}, "tiden skrivs TT:MM"),
        ({"every_weeks": "13"}, "var N:e vecka: N är 1 till 12"),
        ({"kind": "reklam"}, "kind"),
    ]
    for change, reason in cases:
        response = await client.post("/campaigns", data={**good, **change})
        assert response.status_code == 400, change
        assert reason in response.text, change
    async with desk.db.reading() as session:
        count = await session.scalar(select(func.count()).select_from(CampaignDefinition))
    assert count == 1
    assert await audit_rows(desk.db, "campaign.created") == []


async def test_saving_changes_the_text_window_and_languages_and_audits_it(desk: Desk) -> None:
    await _campaign(desk.db)
    response = await _post(
        desk,
        f"/campaigns/{NAME}",
        days=["mon", "thu"],
        at="10:00",
        text_sv="Hej {name}! Hur har du det?",
        text_en="Hi {name}! How are you?",
        audience_langs=["sv", "de"],
        reply_window_hours="1,5",
    )
    assert response.headers["location"] == f"/campaigns/{NAME}?ok=saved"
    found = await _stored(desk.db)
    assert found is not None
    row = found[0]
    assert row.text == {"sv": "Hej {name}! Hur har du det?", "en": "Hi {name}! How are you?"}
    assert (row.reply_window_hours, row.audience_langs) == (1.5, ["sv"])
    assert [e.details["campaign"] for e in await audit_rows(desk.db, "campaign.edited")] == [NAME]


async def test_saving_a_fortnightly_campaign_keeps_its_week(desk: Desk) -> None:
    """Saving must not move a fortnightly check-in by a week."""
    old_week = date(2026, 1, 5)
    await _campaign(desk.db, schedule_from_fields(["mon"], "10:00", 2, old_week))
    response = await _post(
        desk, f"/campaigns/{NAME}", days=["mon"], at="11:00", every_weeks="2", text_sv="Hej!"
    )
    assert response.status_code == 303
    found = await _stored(desk.db)
    assert found is not None
    assert found[0].schedule == schedule_from_fields(["mon"], "11:00", 2, old_week)


async def test_a_reply_window_that_is_no_number_of_hours_is_explained(desk: Desk) -> None:
    """ "inf" was once kept, and the campaign's every send then failed."""
    await _campaign(desk.db)
    for window in ("en timme", "0", "-1", "nan", "inf", "169"):
        response = await _post(
            desk, f"/campaigns/{NAME}", days=["fri"], at="10:00", reply_window_hours=window
        )
        assert response.status_code == 400, window
        assert "svarstid: antal timmar, över 0 och högst 168" in response.text, window
    found = await _stored(desk.db)
    assert found is not None
    assert (found[0].schedule, found[0].reply_window_hours) == ("0 10 * * mon,thu", None)
    assert await audit_rows(desk.db, "campaign.edited") == []


async def test_pause_and_resume_are_kept_shown_and_audited(desk: Desk) -> None:
    await _campaign(desk.db)
    paused = await _post(desk, f"/campaigns/{NAME}/pause")
    assert paused.headers["location"] == f"/campaigns/{NAME}?ok=paused"
    assert await _paused(desk.db) is True
    assert "Pausad" in (await desk.as_role("viewer").get(f"/campaigns/{NAME}")).text
    await _post(desk, f"/campaigns/{NAME}/resume")
    assert await _paused(desk.db) is False
    assert "Igång" in (await desk.as_role("viewer").get(f"/campaigns/{NAME}")).text
    assert len(await audit_rows(desk.db, "campaign.paused")) == 1
    assert len(await audit_rows(desk.db, "campaign.resumed")) == 1


async def test_send_now_sends_once_a_day_and_not_while_paused(desk: Desk) -> None:
    await _campaign(desk.db, "0 10 * * *")
    first = await _post(desk, f"/campaigns/{NAME}/send")
    again = await _post(desk, f"/campaigns/{NAME}/send")
    assert first.headers["location"] == f"/campaigns/{NAME}?ok=sent"
    assert again.headers["location"] == f"/campaigns/{NAME}?ok=already"
    async with desk.db.reading() as session:
        sent = await session.scalar(
            select(func.count()).select_from(Message).where(Message.direction == "out")
        )
    assert sent == 1
    rows = await audit_rows(desk.db, "campaign.sent_now")
    assert [r.details["planned"] for r in rows] == [1, 0]


async def test_send_now_on_a_paused_campaign_sends_nothing(desk: Desk) -> None:
    await _campaign(desk.db, "0 10 * * *")
    await _post(desk, f"/campaigns/{NAME}/pause")
    response = await _post(desk, f"/campaigns/{NAME}/send")
    assert response.headers["location"] == f"/campaigns/{NAME}?ok=paused_skip"
    async with desk.db.reading() as session:
        sent = await session.scalar(select(func.count()).select_from(Message))
    assert sent == 0


async def test_an_unknown_campaign_is_404_on_every_route(desk: Desk) -> None:
    await _campaign(desk.db)
    client = desk.as_role("coordinator")
    assert (await client.get("/campaigns/Finns-inte")).status_code == 404
    for action in ("", "/pause", "/resume", "/preview", "/send"):
        response = await _post(desk, f"/campaigns/Finns-inte{action}", days=["mon"], at="10:00")
        assert response.status_code == 404, action
    assert await audit_rows(desk.db, "campaign.paused") == []


async def test_a_viewer_reads_but_cannot_pause_send_or_create(desk: Desk) -> None:
    await _campaign(desk.db, "0 10 * * *")
    viewer = desk.as_role("viewer")
    assert (await viewer.get(f"/campaigns/{NAME}")).status_code == 200
    for path in (f"/campaigns/{NAME}/pause", f"/campaigns/{NAME}/send", "/campaigns"):
        response = await _post(desk, path, role="viewer", name="X", kind="checkin")
        assert response.status_code == 403, path
    assert await _paused(desk.db) is False
    async with desk.db.reading() as session:
        assert await session.scalar(select(func.count()).select_from(Message)) == 0


async def test_without_the_token_nothing_is_paused_and_anonymous_must_log_in(
    desk: Desk,
) -> None:
    await _campaign(desk.db)
    forged = await desk.as_role("coordinator").post(f"/campaigns/{NAME}/pause", data={})
    assert forged.status_code == 403
    async with anonymous(desk) as visitor:
        page = await visitor.get(f"/campaigns/{NAME}")
        post = await visitor.post(f"/campaigns/{NAME}/pause")
    assert page.headers["location"] == f"/login?next=/campaigns/{NAME}"
    assert post.status_code == 401
    assert await _paused(desk.db) is False
