"""Seniors and volunteers over time: edit, pause until a date, opt out, remove."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.db.database import Database
from bot.db.models import Address, AuditEntry, ConversationState, Message, Senior, Timer, Volunteer
from bot.people.changes import (
    LANDLINE_REASON,
    PersonChanges,
    edit_person,
    pause_person,
    remove_person,
    resume_due,
    resume_person,
    set_opted_out,
)
from bot.people.directory import PersonError, Role, clean_person, upsert_people

NOW = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)


async def _anna(db: Database) -> int:
    async with db.transaction() as session:
        await upsert_people(
            session,
            Role.SENIOR,
            [
                clean_person(name="Anna Lindqvist", phone="070-174 06 05"),
                clean_person(name="Gösta Berg", phone="070-174 06 06"),
            ],
        )
        await upsert_people(
            session, Role.VOLUNTEER, [clean_person(name="Karin Ek", phone="070-174 06 20")]
        )
        anna = await session.scalar(select(Senior.id).where(Senior.name == "Anna Lindqvist"))
        assert anna is not None
        return anna


async def test_edit_any_field_keeps_the_old_number_out_of_use(db: Database) -> None:
    anna = await _anna(db)
    async with db.transaction() as session:
        _, warnings = await edit_person(
            session,
            Role.SENIOR,
            anna,
            PersonChanges(
                name="Anna  Lind",
                phone="070-174 06 09",
                tags=("Tyresö", "tyreso"),
                area="Bollmora",
                lang="english",
                notes="Ring efter 10",
            ),
            actor="cli",
            now=NOW,
        )
        assert warnings == []
    async with db.reading() as session:
        senior = await session.get(Senior, anna)
        assert senior is not None
        assert (senior.name, senior.lang, senior.tags, senior.area, senior.notes) == (
            "Anna Lind",
            "en",
            ["Tyresö"],
            "Bollmora",
            "Ring efter 10",
        )
        usable = await session.scalars(
            select(Address.value).where(Address.senior_id == anna, Address.unusable_at.is_(None))
        )
        assert list(usable) == ["+46701740609"]


async def test_a_landline_is_kept_with_a_warning_and_never_texted(db: Database) -> None:
    anna = await _anna(db)
    async with db.transaction() as session:
        _, warnings = await edit_person(
            session, Role.SENIOR, anna, PersonChanges(phone="08-712 34 28"), actor="cli", now=NOW
        )
    assert warnings == [LANDLINE_REASON]
    async with db.reading() as session:
        address = await session.scalar(select(Address).where(Address.value == "+4687123428"))
        assert address is not None
        assert address.unusable_reason == LANDLINE_REASON


async def test_someone_elses_number_is_refused(db: Database) -> None:
    anna = await _anna(db)
    async with db.transaction() as session:
        with pytest.raises(PersonError, match="someone else"):
            await edit_person(
                session, Role.SENIOR, anna, PersonChanges(phone="0701740606"), actor="cli", now=NOW
            )


async def test_pause_until_a_date_ends_by_itself(db: Database) -> None:
    anna = await _anna(db)
    until = NOW + timedelta(days=14)
    async with db.transaction() as session:
        await pause_person(session, Role.SENIOR, anna, until=until, actor="cli", now=NOW)
        assert await resume_due(session, NOW + timedelta(days=13)) == 0
    async with db.transaction() as session:
        senior = await session.get(Senior, anna)
        assert senior is not None
        assert senior.paused
        assert await resume_due(session, until) == 1
    async with db.reading() as session:
        senior = await session.get(Senior, anna)
        assert senior is not None
        assert (senior.paused, senior.paused_until) == (False, None)


async def test_a_paused_volunteer_gets_no_alerts_until_resumed(db: Database) -> None:
    await _anna(db)
    async with db.transaction() as session:
        karin = await session.scalar(select(Volunteer.id))
        assert karin is not None
        await pause_person(session, Role.VOLUNTEER, karin, until=None, actor="cli", now=NOW)
        volunteer = await session.get(Volunteer, karin)
        assert volunteer is not None
        assert volunteer.active is False
        await resume_person(session, Role.VOLUNTEER, karin, actor="cli", now=NOW)
        assert volunteer.active is True


async def test_opt_out_on_their_behalf_is_recorded_as_done_by_a_coordinator(
    db: Database,
) -> None:
    anna = await _anna(db)
    async with db.transaction() as session:
        session.add(ConversationState(senior_id=anna, state={"opted_out": False}))
        await set_opted_out(session, anna, True, actor="coordinator:cli", now=NOW)
    async with db.transaction() as session:
        senior = await session.get(Senior, anna)
        assert senior is not None
        assert (senior.opted_out_at, senior.opted_out_by) == (NOW, "coordinator:cli")
        state = await session.get(ConversationState, anna)
        assert state is not None
        assert state.state["opted_out"] is True
        await set_opted_out(session, anna, False, actor="coordinator:cli", now=NOW)
    async with db.reading() as session:
        actions = list(await session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))
        assert actions[-2:] == ["senior.opted_out", "senior.opted_in"]
        state = await session.get(ConversationState, anna)
        assert state is not None
        assert state.state["opted_out"] is False


async def test_remove_stops_queued_messages_and_timers_at_once(db: Database) -> None:
    anna = await _anna(db)
    async with db.transaction() as session:
        address = await session.scalar(select(Address.id).where(Address.senior_id == anna))
        assert address is not None
        session.add(
            Message(
                direction="out",
                channel="sms",
                address_id=address,
                senior_id=anna,
                body="Hur mår du?",
                kind="proactive",
                status="queued",
            )
        )
        session.add(Timer(subject=f"senior:{anna}", kind="checkin", due_at=NOW, payload={}))
        await session.flush()
        await remove_person(session, Role.SENIOR, anna, actor="cli", now=NOW)
    async with db.reading() as session:
        statuses = list(await session.scalars(select(Message.status)))
        assert statuses == ["failed"]
        assert list(await session.scalars(select(Timer))) == []
        senior = await session.get(Senior, anna)
        assert senior is not None
        assert (senior.removed_at, senior.paused) == (NOW, True)
