"""The audit log: who (account or anonymous), what, about whom, when and from
where, read back newest first and filtered as the audit page and CLI do."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot.console import audit
from bot.console.accounts import AccountRole, add_account
from bot.db.database import Database
from bot.db.models import Account, AuditEntry

NOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
STOCKHOLM = ZoneInfo("Europe/Stockholm")


async def _account(db: Database) -> Account:
    async with db.transaction() as session:
        return await add_account(
            session,
            email="Lisa@Kommun.se",
            name="Lisa",
            role=AccountRole.COORDINATOR,
            password=None,
            now=NOW,
        )


async def test_a_row_names_the_account_the_senior_and_the_ip(db: Database) -> None:
    lisa = await _account(db)
    async with db.transaction() as session:
        audit.record(
            session, account=lisa, action="senior.viewed", now=NOW, ip="10.0.0.7", senior_id=4
        )
        audit.record(session, account=None, action="login.failed", now=NOW, ip="10.0.0.9")
    async with db.reading() as session:
        viewed, failed = list(await session.scalars(select(AuditEntry).order_by(AuditEntry.id)))
    assert (viewed.actor, viewed.account_id, viewed.ip) == (
        f"account:{lisa.id}",
        lisa.id,
        "10.0.0.7",
    )
    assert (viewed.senior_id, viewed.subject_type, viewed.subject_id) == (4, "senior", 4)
    assert (failed.actor, failed.account_id, failed.subject_type, failed.subject_id) == (
        "anonymous",
        None,
        None,
        None,
    )


async def test_a_case_row_names_the_case_and_keeps_the_senior(db: Database) -> None:
    lisa = await _account(db)
    async with db.transaction() as session:
        audit.record_case(
            session,
            account=lisa,
            action="case.resolved",
            now=NOW,
            ip=None,
            case_id=17,
            senior_id=4,
            result="resolved",
        )
    async with db.reading() as session:
        [row] = list(await session.scalars(select(AuditEntry)))
    assert (row.subject_type, row.subject_id, row.senior_id) == ("escalation", 17, 4)
    assert row.details == {"result": "resolved"}
    async with db.reading() as session:
        [listed] = await audit.list_audit(session, STOCKHOLM, senior_id=4)
    assert listed["subject"] == "escalation:17"


async def test_the_list_is_newest_first_in_local_time_and_filters(db: Database) -> None:
    lisa = await _account(db)
    async with db.transaction() as session:
        for minutes, action, senior in ((0, "login", None), (1, "senior.viewed", 4)):
            audit.record(
                session,
                account=lisa,
                action=action,
                now=NOW + timedelta(minutes=minutes),
                ip="10.0.0.7",
                senior_id=senior,
            )
        audit.record(
            session,
            account=None,
            action="senior.viewed",
            now=NOW + timedelta(minutes=2),
            ip=None,
            senior_id=5,
        )
    async with db.reading() as session:
        everything = await audit.list_audit(session, STOCKHOLM)
        about_four = await audit.list_audit(session, STOCKHOLM, senior_id=4)
        logins = await audit.list_audit(session, STOCKHOLM, action="login")
        newest = await audit.list_audit(session, STOCKHOLM, limit=1)
    assert [(r["action"], r["senior_id"]) for r in everything] == [
        ("senior.viewed", 5),
        ("senior.viewed", 4),
        ("login", None),
    ]
    assert everything[0]["account"] == "anonymous"
    assert everything[1]["account"] == "lisa@kommun.se"
    assert everything[1]["at"] == "2026-12-02T10:01:00+01:00"
    assert everything[2]["subject"] is None
    assert [r["senior_id"] for r in about_four] == [4]
    assert [r["action"] for r in logins] == ["login"]
    assert [r["senior_id"] for r in newest] == [5]


async def test_the_list_never_carries_the_details(db: Database) -> None:
    """Details hold ids and field names; the list shows who, what and when only."""
    lisa = await _account(db)
    async with db.transaction() as session:
        audit.record(
            session,
            account=lisa,
            action="senior.edited",
            now=NOW,
            ip=None,
            senior_id=4,
            fields=["notes"],
        )
    async with db.reading() as session:
        [row] = await audit.list_audit(session, STOCKHOLM)
    assert set(row) == {"id", "at", "account", "action", "senior_id", "subject", "ip"}
