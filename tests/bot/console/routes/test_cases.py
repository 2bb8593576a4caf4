"""Ärenden over HTTP: assign, note, resolve, reopen, the filters, and who may do what."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from bot.db.database import Database
from bot.db.models import Escalation, Senior, Volunteer
from bot.people.directory import Role, clean_person, upsert_people
from tests.bot.console.conftest import Desk
from tests.bot.console.routes.helpers import anonymous, audit_rows


async def _case(db: Database, status: str = "alerted", urgency: str = "normal") -> int:
    """Anna's case (reason: wants contact); Gösta is a volunteer who could take it."""
    async with db.transaction() as session:
        if await session.scalar(select(Senior.id)) is None:
            await upsert_people(
                session, Role.SENIOR, [clean_person(name="Anna Lindqvist", phone="0701234567")]
            )
            await upsert_people(
                session, Role.VOLUNTEER, [clean_person(name="Gösta Berg", phone="0709876543")]
            )
        senior = await session.scalar(select(Senior.id))
        case = Escalation(
            senior_id=senior,
            reason="contact",
            urgency=urgency,
            status=status,
            created_at=datetime.now(UTC),
        )
        session.add(case)
        await session.flush()
        return case.id


async def _volunteer(db: Database) -> int:
    async with db.reading() as session:
        found = await session.scalar(select(Volunteer.id))
    assert found is not None
    return int(found)


async def _status(db: Database, case_id: int) -> tuple[str, int | None]:
    async with db.reading() as session:
        case = await session.get(Escalation, case_id)
    assert case is not None
    return case.status, case.claimed_by_id


async def test_assigning_gives_the_case_to_the_volunteer_and_the_page_names_them(
    desk: Desk,
) -> None:
    case = await _case(desk.db)
    gosta = await _volunteer(desk.db)
    client = desk.as_role("coordinator")
    token = await desk.csrf(client, f"/cases/{case}")
    response = await client.post(
        f"/cases/{case}/assign", data={"volunteer_id": str(gosta), "csrf_token": token}
    )
    assert response.status_code == 303
    assert response.headers["location"] == f"/cases/{case}?ok=assigned"
    assert await _status(desk.db, case) == ("claimed", gosta)
    page = (await client.get(f"/cases/{case}")).text
    assert "<dt>Volontär</dt><dd>Gösta Berg</dd>" in page
    [row] = await audit_rows(desk.db, "case.assigned")
    assert (row.subject_id, row.details["volunteer_id"]) == (case, gosta)
    assert row.senior_id is not None


async def test_assigning_a_taken_case_again_changes_nothing_and_writes_no_row(
    desk: Desk,
) -> None:
    case = await _case(desk.db, status="claimed")
    gosta = await _volunteer(desk.db)
    client = desk.as_role("coordinator")
    token = await desk.csrf(client, f"/cases/{case}")
    response = await client.post(
        f"/cases/{case}/assign", data={"volunteer_id": str(gosta), "csrf_token": token}
    )
    assert response.headers["location"] == f"/cases/{case}?ok=not_changed"
    assert await _status(desk.db, case) == ("claimed", None)
    assert await audit_rows(desk.db, "case.assigned") == []


async def test_assigning_to_an_unknown_volunteer_is_404(desk: Desk) -> None:
    case = await _case(desk.db)
    client = desk.as_role("coordinator")
    token = await desk.csrf(client, f"/cases/{case}")
    response = await client.post(
        f"/cases/{case}/assign", data={"volunteer_id": "987654", "csrf_token": token}
    )
    assert response.status_code == 404
    assert "ingen sådan volontär" in response.text
    assert await _status(desk.db, case) == ("alerted", None)


async def test_a_note_lands_on_the_timeline_with_who_wrote_it(desk: Desk) -> None:
    case = await _case(desk.db)
    client = desk.as_role("coordinator")
    token = await desk.csrf(client, f"/cases/{case}")
    note = "Ringde Anna, hon mår bra"
    response = await client.post(f"/cases/{case}/note", data={"note": note, "csrf_token": token})
    assert response.headers["location"] == f"/cases/{case}?ok=noted"
    page = (await client.get(f"/cases/{case}")).text
    assert f"Anteckning: Coordinator – {note}" in page
    assert "case.noted" not in page  # one line per act, in words, not twice
    assert "account:" not in page
    [row] = await audit_rows(desk.db, "case.noted")
    assert row.subject_id == case
    assert "note" not in row.details  # the console's row holds no content
    assert await _status(desk.db, case) == ("alerted", None)


async def test_an_empty_note_is_refused(desk: Desk) -> None:
    case = await _case(desk.db)
    client = desk.as_role("coordinator")
    token = await desk.csrf(client, f"/cases/{case}")
    response = await client.post(f"/cases/{case}/note", data={"note": "", "csrf_token": token})
    assert response.status_code == 422
    assert await audit_rows(desk.db, "case.noted") == []


async def test_resolving_keeps_what_was_done_and_a_second_resolve_changes_nothing(
    desk: Desk,
) -> None:
    case = await _case(desk.db)
    client = desk.as_role("coordinator")
    token = await desk.csrf(client, f"/cases/{case}")
    data = {"note": "  Grannen tittade till henne  ", "csrf_token": token}
    first = await client.post(f"/cases/{case}/resolve", data=data)
    again = await client.post(f"/cases/{case}/resolve", data=data)
    assert first.headers["location"] == f"/cases/{case}?ok=resolved"
    assert again.headers["location"] == f"/cases/{case}?ok=not_changed"
    async with desk.db.reading() as session:
        row = await session.get(Escalation, case)
    assert row is not None
    assert (row.status, row.resolution_note) == ("resolved", "Grannen tittade till henne")
    assert len(await audit_rows(desk.db, "case.resolved")) == 1
    page = (await client.get(f"/cases/{case}")).text
    assert f"/cases/{case}/reopen" in page
    assert f"/cases/{case}/resolve" not in page


async def test_reopening_a_closed_case_opens_it_and_an_open_one_is_left_alone(
    desk: Desk,
) -> None:
    closed = await _case(desk.db, status="resolved")
    still_open = await _case(desk.db)
    client = desk.as_role("coordinator")
    token = await desk.csrf(client, f"/cases/{closed}")
    reopened = await client.post(f"/cases/{closed}/reopen", data={"csrf_token": token})
    untouched = await client.post(f"/cases/{still_open}/reopen", data={"csrf_token": token})
    assert reopened.headers["location"] == f"/cases/{closed}?ok=reopened"
    assert untouched.headers["location"] == f"/cases/{still_open}?ok=not_changed"
    assert (await _status(desk.db, closed))[0] in ("open", "alerted")
    assert [r.subject_id for r in await audit_rows(desk.db, "case.reopened")] == [closed]
    assert "Öppnat igen: Coordinator" in (await client.get(f"/cases/{closed}")).text


async def test_the_list_filters_by_status_and_urgency(desk: Desk) -> None:
    urgent = await _case(desk.db, urgency="urgent")
    resolved = await _case(desk.db, status="resolved")
    client = desk.as_role("viewer")
    open_list = (await client.get("/cases")).text
    done_list = (await client.get("/cases?status=resolved")).text
    urgent_list = (await client.get("/cases?status=&urgency=urgent")).text
    assert f'href="/cases/{urgent}"' in open_list
    assert f'href="/cases/{resolved}"' not in open_list
    assert f'href="/cases/{resolved}"' in done_list
    assert f'href="/cases/{urgent}"' not in done_list
    assert "1 ärende." in urgent_list
    assert f'href="/cases/{urgent}"' in urgent_list


async def test_a_viewer_reads_a_case_but_sees_no_actions_and_cannot_note(desk: Desk) -> None:
    case = await _case(desk.db)
    viewer = desk.as_role("viewer")
    page = await viewer.get(f"/cases/{case}")
    assert page.status_code == 200
    assert "Åtgärder" not in page.text
    token = await desk.csrf(viewer, "/password")
    refused = await viewer.post(f"/cases/{case}/note", data={"note": "x", "csrf_token": token})
    assert refused.status_code == 403
    assert await audit_rows(desk.db, "case.noted") == []


async def test_anonymous_visitors_are_sent_to_login_and_their_posts_are_401(desk: Desk) -> None:
    case = await _case(desk.db)
    async with anonymous(desk) as visitor:
        page = await visitor.get(f"/cases/{case}")
        post = await visitor.post(f"/cases/{case}/resolve", data={"note": "x"})
    assert page.status_code == 303
    assert page.headers["location"] == f"/login?next=/cases/{case}"
    assert post.status_code == 401
    assert await _status(desk.db, case) == ("alerted", None)


async def test_a_guessed_case_id_is_404_for_every_action(desk: Desk) -> None:
    await _case(desk.db)
    gosta = await _volunteer(desk.db)
    client = desk.as_role("coordinator")
    token = await desk.csrf(client, "/cases")
    answers = [
        (await client.post(f"/cases/987654/{action}", data=data)).status_code
        for action, data in (
            ("assign", {"volunteer_id": str(gosta), "csrf_token": token}),
            ("note", {"note": "x", "csrf_token": token}),
            ("resolve", {"csrf_token": token}),
            ("reopen", {"csrf_token": token}),
        )
    ]
    assert answers == [404, 404, 404, 404]
