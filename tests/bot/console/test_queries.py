"""What the console reads and does, on SQLite and PostgreSQL: Today, Att läsa, Rapport."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot.console.queries.checkins import CheckInStatus
from bot.console.queries.report import month_report
from bot.console.queries.review import ReviewReason, count_waiting, review_items
from bot.console.queries.today import today
from bot.core.config import Config
from bot.core.shell import Shell, build_shell
from bot.db.database import Database
from bot.db.models import Address, CheckInResult, Escalation, Message, Reading, Senior
from bot.people.directory import Role, clean_person, upsert_people
from bot.turns import handled_replies as review

TZ = ZoneInfo("Europe/Stockholm")
NOW = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)  # Wednesday 13:00 in Stockholm
WINDOW = timedelta(hours=4)


def _shell() -> Shell:
    return build_shell(Config(), lambda: NOW)


async def _seniors(db: Database) -> dict[str, int]:
    people = [
        clean_person(name="Anna Lindqvist", phone="070-174 06 05", area="Tyresö"),
        clean_person(name="Gösta Berg", phone="070-174 06 06"),
        clean_person(name="Margit Holm", phone="070-174 06 07"),
    ]
    async with db.transaction() as session:
        await upsert_people(session, Role.SENIOR, people, now=NOW)
        rows = await session.execute(select(Senior.name, Senior.id))
        return {name.split()[0]: int(i) for name, i in rows}


async def _inbound(db: Database, senior_id: int, body: str, **reading: object) -> int:
    async with db.transaction() as session:
        address = await session.scalar(select(Address).where(Address.senior_id == senior_id))
        assert address is not None
        message = Message(
            direction="in",
            channel=address.channel,
            address_id=address.id,
            senior_id=senior_id,
            body=body,
            status="received",
            created_at=NOW,
        )
        session.add(message)
        await session.flush()
        session.add(Reading(message_id=message.id, context="none", details={}, **reading))
        return message.id


async def test_today_sorts_answered_waiting_and_missed(db: Database) -> None:
    ids = await _seniors(db)
    async with db.transaction() as session:
        session.add_all(
            [
                CheckInResult(
                    senior_id=ids["Anna"],
                    campaign="c",
                    occurrence="o",
                    asked_at=NOW - WINDOW,
                    answered_at=NOW,
                    mood="good",
                ),
                CheckInResult(
                    senior_id=ids["Gösta"],
                    campaign="c",
                    occurrence="o",
                    asked_at=NOW - timedelta(hours=1),
                ),
                CheckInResult(
                    senior_id=ids["Margit"],
                    campaign="c",
                    occurrence="o",
                    asked_at=NOW - WINDOW - timedelta(minutes=1),
                ),
            ]
        )
    async with db.reading() as session:
        data = await today(session, TZ, NOW, WINDOW)
    names = {s: [c.senior for c in rows] for s, rows in data.by_status.items()}
    assert names[CheckInStatus.ANSWERED] == ["Anna Lindqvist"]
    assert names[CheckInStatus.WAITING] == ["Gösta Berg"]
    assert names[CheckInStatus.MISSED] == ["Margit Holm"]
    assert data.by_status[CheckInStatus.ANSWERED][0].mood == "good"


async def test_unread_replies_are_listed_until_answered(db: Database) -> None:
    ids = await _seniors(db)
    unclear = await _inbound(db, ids["Gösta"], "Katten har fått ungar")
    await _inbound(db, ids["Anna"], "bra", mood="good")
    call_me = await _inbound(db, ids["Margit"], "ring mig", contact=True)
    dizzy = await _inbound(db, ids["Anna"], "lite yr idag", mood="ok", review=True)
    async with db.transaction() as session:
        session.add(
            Escalation(
                senior_id=ids["Margit"], message_id=call_me, reason="contact", created_at=NOW
            )
        )
    async with db.reading() as session:
        items = await review_items(session, NOW)
    assert {(i.message_id, i.reason) for i in items} == {
        (unclear, ReviewReason.NOT_UNDERSTOOD),
        (call_me, ReviewReason.OPENED_CASE),
        (dizzy, ReviewReason.FLAGGED),
    }
    async with db.transaction() as session:
        sent = await review.answer(
            session, _shell(), unclear, "Vad roligt, Gösta!", account_id=None
        )
    assert sent.direction == "out"
    assert sent.senior_id == ids["Gösta"]
    async with db.reading() as session:
        assert await count_waiting(session, NOW) == 2
    async with db.transaction() as session:
        await review.mark_handled(
            session, dizzy, account_id=None, how=review.HandledHow.HANDLED, now=NOW
        )
    async with db.reading() as session:
        assert await count_waiting(session, NOW) == 1
        reading = await session.scalar(select(Reading).where(Reading.message_id == dizzy))
        assert reading is not None
        assert reading.reviewed_at is not None


async def test_month_report_counts_checkins_and_moods(db: Database) -> None:
    ids = await _seniors(db)
    async with db.transaction() as session:
        for name, mood in (("Anna", "good"), ("Gösta", None)):
            session.add(
                CheckInResult(
                    senior_id=ids[name],
                    campaign="c",
                    occurrence="o",
                    asked_at=NOW,
                    answered_at=NOW if mood else None,
                    mood=mood,
                )
            )
    async with db.reading() as session:
        report = await month_report(session, date(2026, 12, 1), TZ)
        in_area = await month_report(session, date(2026, 12, 1), TZ, area="tyresö")
        november = await month_report(session, date(2026, 11, 1), TZ)
    assert (report.checkins_sent, report.checkins_answered) == (2, 1)
    assert report.answered_percent == 50.0
    assert report.moods["good"] == 1
    assert in_area.checkins_sent == 1
    assert november.checkins_sent == 0
