"""GDPR: export everything about a person; erase leaves no trace in any table."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.database import Database
from bot.db.models import (
    Address,
    AuditEntry,
    Base,
    CheckInResult,
    ConversationState,
    Escalation,
    EscalationAlert,
    Event,
    LinkToken,
    Message,
    Rsvp,
    Senior,
    Timer,
)
from bot.people.changes import remove_person
from bot.people.close_contacts import add_close_contact
from bot.people.directory import Role, clean_person, upsert_people
from bot.people.privacy import apply_retention, erase_person, export_person

NOW = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
NAME = "Gösta Åkesson"
PHONE = "+46701740606"


async def _ids(session: AsyncSession) -> tuple[int, int]:
    await upsert_people(
        session,
        Role.SENIOR,
        [
            clean_person(name=NAME, phone="070-174 06 06", telegram="5551234", tags=["Tyresö"]),
            clean_person(name="Anna Lindqvist", phone="070-174 06 05"),
        ],
    )
    await upsert_people(
        session, Role.VOLUNTEER, [clean_person(name="Karin Ek", phone="070-174 06 20")]
    )
    gosta = await session.scalar(select(Senior.id).where(Senior.name == NAME))
    karin_address = await session.scalar(select(Address).where(Address.value == "+46701740620"))
    assert gosta is not None
    assert karin_address is not None
    return gosta, karin_address.id


async def _story(session: AsyncSession) -> int:
    """A senior with a conversation, a case, an alert to a volunteer and a lunch."""
    gosta, karin_address = await _ids(session)
    sms = await session.scalar(select(Address).where(Address.value == PHONE))
    assert sms is not None
    inbound = Message(
        direction="in",
        channel="sms",
        address_id=sms.id,
        senior_id=gosta,
        body=f"Hej det är {NAME}, jag har ramlat",
        status="received",
    )
    reply = Message(
        direction="out",
        channel="sms",
        address_id=sms.id,
        senior_id=gosta,
        body="Ring 112 om det är akut, Gösta.",
        status="queued",
    )
    alert = Message(
        direction="out",
        channel="sms",
        address_id=karin_address,
        body=f"Brådskande: {NAME} ({PHONE}) har ramlat. Svara OK 1.",
        status="sent",
    )
    session.add_all([inbound, reply, alert])
    await session.flush()
    case = Escalation(
        senior_id=gosta,
        message_id=inbound.id,
        reason="urgent",
        quote=inbound.body,
        status="alerted",
        resolution_note=f"Ringde {NAME}",
    )
    event = Event(title="Sopplunch", venue="Utsikten", starts_at=NOW + timedelta(days=7))
    session.add_all([case, event])
    await session.flush()
    session.add_all(
        [
            EscalationAlert(escalation_id=case.id, address_id=karin_address, message_id=alert.id),
            Timer(subject=f"escalation:{case.id}", kind="ladder", due_at=NOW, payload={}),
            Timer(subject=f"senior:{gosta}", kind="checkin", due_at=NOW, payload={"n": NAME}),
            Rsvp(event_id=event.id, senior_id=gosta, answer="yes", guests=1),
            CheckInResult(senior_id=gosta, campaign="morgon", occurrence="2026-11-30", mood="good"),
            ConversationState(senior_id=gosta, state={"name": "Gösta", "lang": "sv"}),
            LinkToken(token="tok123", senior_id=gosta, expires_at=NOW + timedelta(days=14)),
            AuditEntry(actor="cli", action="note", details={"about": NAME, "phone": PHONE}),
        ]
    )
    await session.flush()
    return gosta


def _traces(rows: dict[str, list[dict[str, Any]]], needles: list[str]) -> list[str]:
    found = []
    for table, records in rows.items():
        for record in records:
            for column, value in record.items():
                texts = [str(value), json.dumps(value, default=str)]
                texts.append(json.dumps(value, default=str, ensure_ascii=False))
                if any(needle in text for needle in needles for text in texts):
                    found.append(f"{table}.{column}")
    return found


async def _every_row(session: AsyncSession) -> dict[str, list[dict[str, Any]]]:
    """Every row of every table the models know, read generically."""
    rows: dict[str, list[dict[str, Any]]] = {}
    for table in Base.metadata.sorted_tables:
        result = await session.execute(select(table))
        rows[table.name] = [dict(row._mapping) for row in result]
    return rows


async def test_erase_leaves_no_trace_of_name_or_number_in_any_table(db: Database) -> None:
    async with db.transaction() as session:
        gosta = await _story(session)
    async with db.transaction() as session:
        before = _traces(await _every_row(session), [NAME, PHONE, "5551234"])
        assert "messages.body" in before
        assert "audit_log.details" in before
        await erase_person(session, Role.SENIOR, gosta, actor="cli", now=NOW)
    async with db.reading() as session:
        rows = await _every_row(session)
        assert _traces(rows, [NAME, PHONE, "0701740606", "5551234", "Åkesson"]) == []
        # The timeline and the counts stay.
        assert await session.scalar(select(func.count()).select_from(Rsvp)) == 1
        assert await session.scalar(select(func.count()).select_from(CheckInResult)) == 1
        case = (await session.scalars(select(Escalation))).one()
        assert (case.reason, case.status, case.quote) == ("urgent", "cancelled", "")
        assert await session.scalar(select(func.count()).select_from(Timer)) == 0
        senior = await session.get(Senior, gosta)
        assert senior is not None
        assert senior.erased_at is not None
        queued = await session.scalar(select(Message.status).where(Message.body == ""))
        assert queued in {"received", "failed", "sent"}
        other = await session.scalar(select(Senior.name).where(Senior.id != gosta))
        assert other == "Anna Lindqvist"


async def test_export_holds_profile_messages_readings_cases_and_rsvps(db: Database) -> None:
    async with db.transaction() as session:
        gosta = await _story(session)
        await add_close_contact(
            session,
            gosta,
            name="Lena Åkesson",
            phone="070-111 22 44",
            relation="dotter",
            has_key=True,
            first_tier=True,
            consent_by="Eva (samordnare)",
            now=NOW,
        )
        data = await export_person(session, Role.SENIOR, gosta)
    assert data["profile"]["name"] == NAME
    assert data["profile"]["safety_reminders"] == "30,60"
    [lena] = data["close_contacts"]
    assert (lena["name"], lena["relation"], lena["has_key"]) == ("Lena Åkesson", "dotter", True)
    assert lena["consent_by"] == "Eva (samordnare)"
    assert lena["addresses"] == [{"channel": "sms", "value": "+46701112244"}]
    assert {a["value"] for a in data["profile"]["addresses"]} == {PHONE, "5551234"}
    assert next(m["text"] for m in data["messages"]).startswith("Hej det är Gösta")
    assert data["cases"][0]["reason"] == "urgent"
    assert data["rsvps"] == [
        {
            "event": "Sopplunch",
            "starts_at": (NOW + timedelta(days=7)).isoformat(),
            "answer": "yes",
            "guests": 1,
            "answered_at": data["rsvps"][0]["answered_at"],
        }
    ]
    assert data["checkins"][0]["mood"] == "good"
    json.dumps(data)  # JSON-ready as it is


async def test_retention_erases_old_texts_and_removed_people_past_their_time(
    db: Database,
) -> None:
    async with db.transaction() as session:
        gosta = await _story(session)
        anna = await session.scalar(select(Senior.id).where(Senior.name == "Anna Lindqvist"))
        assert anna is not None
        old = await session.scalar(select(Message).where(Message.direction == "in"))
        assert old is not None
        old.created_at = NOW - timedelta(days=400)
        await remove_person(session, Role.SENIOR, gosta, actor="cli", now=NOW)
        await remove_person(session, Role.SENIOR, anna, actor="cli", now=NOW + timedelta(days=20))
    async with db.transaction() as session:
        report = await apply_retention(
            session, NOW + timedelta(days=31), retention_days=30, message_retention_days=365
        )
    assert report.people_erased == 1
    assert report.messages_erased >= 1
    async with db.reading() as session:
        names = set(await session.scalars(select(Senior.name)))
        assert names == {"Raderad", "Anna Lindqvist"}
