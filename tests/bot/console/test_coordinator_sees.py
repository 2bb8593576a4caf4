"""What a coordinator must see without asking: pauses, opt-outs, the safety check,
texts that never went out, and cases where nobody was reached."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from bot.db.models import Address, Escalation, Message, Senior, Timer
from bot.db.outbox_status import MessageStatus
from bot.db.timers import escalation_subject
from bot.escalations.ladder import NOBODY_REACHED
from bot.people.directory import Role, clean_person, upsert_people
from tests.bot.console.conftest import Desk


async def _troubled_senior(desk: Desk) -> tuple[int, int]:
    """Anna: safety check at 09:30, paused until a day, one text given up, one
    urgent case whose ladder ran out and whose alert was overdue."""
    now = datetime.now(UTC)
    async with desk.db.transaction() as session:
        await upsert_people(
            session, Role.SENIOR, [clean_person(name="Anna Lindqvist", phone="0701234567")]
        )
        senior = await session.scalar(select(Senior))
        address = await session.scalar(select(Address))
        assert senior is not None
        assert address is not None
        senior.safety_check_at = "09:30"
        senior.paused = True
        senior.paused_until = now + timedelta(days=3)
        session.add(
            Message(
                direction="out",
                channel="sms",
                address_id=address.id,
                senior_id=senior.id,
                body="Hur mår du idag?",
                kind="proactive",
                status=MessageStatus.GAVE_UP,
                created_at=now,
            )
        )
        case = Escalation(
            senior_id=senior.id,
            reason="contact",
            urgency="urgent",
            status="alerted",
            created_at=now,
            delivery_overdue_at=now,
        )
        session.add(case)
        await session.flush()
        session.add(
            Timer(subject=escalation_subject(case.id), kind=NOBODY_REACHED, due_at=now, payload={})
        )
        return senior.id, case.id


async def test_the_senior_page_shows_pause_safety_check_and_a_text_given_up(desk: Desk) -> None:
    anna, _case = await _troubled_senior(desk)
    page = (await desk.as_role("coordinator").get(f"/seniors/{anna}")).text
    assert "Ja, till " in page
    assert "Varje dag kl. 09:30" in page
    assert "gav upp: kom aldrig fram" in page
    assert "Ingen nådd" in page
    assert "Larm försenat sedan" in page


async def test_today_and_cases_say_nobody_was_reached(desk: Desk) -> None:
    _anna, case = await _troubled_senior(desk)
    viewer = desk.as_role("viewer")
    today = (await viewer.get("/today")).text
    assert "Behöver en människa nu" in today
    assert "ingen volontär har tagit ärendet om Anna Lindqvist" in today
    assert "Larm försenat" in today
    cases = (await viewer.get("/cases")).text
    assert "1 där ingen nåtts: ring själv." in cases
    one = (await viewer.get(f"/cases/{case}")).text
    assert "det finns ingen fler att larma" in one
    assert "samordnarna fick ett sms" in one


async def test_a_quiet_day_shows_no_alarm(desk: Desk) -> None:
    today = (await desk.as_role("viewer").get("/today")).text
    assert "Behöver en människa nu" not in today
