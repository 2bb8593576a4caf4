"""Att läsa: a person reads a reply Hejsan did not understand, then answers it,
opens a case or marks it handled; only coordinators, each step audited."""

from __future__ import annotations

from sqlalchemy import func, select

from bot.db.models import Escalation, Message, ReviewHandled
from tests.bot.console.conftest import Desk
from tests.bot.console.routes.desk_people import account_id, add_senior, console_audit, reply_as

UNCLEAR = "Katten har fått ungar i garderoben"


async def _handled_rows(desk: Desk) -> int:
    async with desk.db.reading() as session:
        return int(await session.scalar(select(func.count()).select_from(ReviewHandled)) or 0)


async def test_a_coordinator_opens_a_case_and_the_reply_leaves_the_list(desk: Desk) -> None:
    anna = await add_senior(desk)
    reply = await reply_as(desk, anna, UNCLEAR)
    coordinator = desk.as_role("coordinator")
    listed = (await coordinator.get("/review")).text
    assert UNCLEAR in listed
    assert f'action="/review/{reply}/case"' in listed
    token = await desk.csrf(coordinator, "/review")
    response = await coordinator.post(f"/review/{reply}/case", data={"csrf_token": token})
    assert (response.status_code, response.headers["location"]) == (303, "/review?ok=case")
    async with desk.db.reading() as session:
        [case] = list(await session.scalars(select(Escalation)))
    assert (case.senior_id, case.message_id, case.reason) == (anna, reply, "review")
    assert UNCLEAR not in (await coordinator.get("/review")).text
    [row] = await console_audit(desk, "review.case")
    assert (row.senior_id, row.subject_type, row.subject_id) == (anna, "message", reply)
    viewed = await console_audit(desk, "review.viewed")
    assert [r.details["senior_ids"] for r in viewed] == [[anna], [anna], []]


async def test_an_answer_goes_back_on_the_reply_s_own_address_once(desk: Desk) -> None:
    anna = await add_senior(desk)
    reply = await reply_as(desk, anna, UNCLEAR)
    coordinator = desk.as_role("coordinator")
    token = await desk.csrf(coordinator, "/review")
    form = {"text": "  Oj, hur många blev det?  ", "csrf_token": token}
    response = await coordinator.post(f"/review/{reply}/answer", data=form)
    assert (response.status_code, response.headers["location"]) == (303, "/review?ok=answered")
    async with desk.db.reading() as session:
        asked = await session.get(Message, reply)
        [sent] = list(
            await session.scalars(select(Message).where(Message.template == "console.answer"))
        )
        handled = await session.get(ReviewHandled, reply)
    assert asked is not None
    assert (sent.direction, sent.address_id, sent.body) == (
        "out",
        asked.address_id,
        "Oj, hur många blev det?",
    )
    assert handled is not None
    assert (handled.how, handled.account_id) == ("answered", await account_id(desk, "coordinator"))
    [row] = await console_audit(desk, "review.answered")
    assert row.senior_id == anna
    assert "många" not in str(row.details)  # the audit log never holds what was written
    again = await coordinator.post(f"/review/{reply}/answer", data=form)
    assert again.status_code == 409
    assert "redan skickat" in again.text
    blank = await coordinator.post(f"/review/{reply}/answer", data={**form, "text": "   "})
    assert blank.status_code == 409
    too_long = await coordinator.post(f"/review/{reply}/answer", data={**form, "text": "x" * 1001})
    assert too_long.status_code == 422
    async with desk.db.reading() as session:
        answers = await session.scalar(
            select(func.count()).where(Message.template == "console.answer")
        )
    assert answers == 1


async def test_a_viewer_or_a_forged_post_leaves_the_reply_unread(desk: Desk) -> None:
    anna = await add_senior(desk)
    reply = await reply_as(desk, anna, UNCLEAR)
    viewer = desk.as_role("viewer")
    own_token = await desk.csrf(viewer, "/today")  # the logout form's token is theirs
    for action in ("handled", "case", "answer"):
        refused = await viewer.post(
            f"/review/{reply}/{action}", data={"csrf_token": own_token, "text": "Hej"}
        )
        assert refused.status_code == 403, action
    coordinator = desk.as_role("coordinator")
    assert (await coordinator.post(f"/review/{reply}/handled", data={})).status_code == 403
    forged = await coordinator.post(f"/review/{reply}/handled", data={"csrf_token": own_token})
    assert forged.status_code == 403
    assert await _handled_rows(desk) == 0
    assert UNCLEAR in (await coordinator.get("/review")).text
    assert await console_audit(desk, "review.handled") == []


async def test_a_guessed_id_or_an_outgoing_text_is_not_found(desk: Desk) -> None:
    anna = await add_senior(desk)
    reply = await reply_as(desk, anna, UNCLEAR)
    coordinator = desk.as_role("coordinator")
    token = await desk.csrf(coordinator, "/review")
    await coordinator.post(f"/review/{reply}/answer", data={"text": "Hej!", "csrf_token": token})
    async with desk.db.reading() as session:
        outgoing = await session.scalar(select(Message.id).where(Message.direction == "out"))
    assert outgoing is not None
    for message_id in (reply + 1000, outgoing):
        for action in ("handled", "case"):
            response = await coordinator.post(
                f"/review/{message_id}/{action}", data={"csrf_token": token}
            )
            assert response.status_code == 404, (message_id, action)
    async with desk.db.reading() as session:
        assert await session.scalar(select(func.count()).select_from(Escalation)) == 0
    assert await _handled_rows(desk) == 1  # only the answered reply
