"""Close contacts: consent recorded, one phone one person, and a close
contact is never a volunteer for anyone else (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from bot.db.database import Database
from bot.db.models import Address, CloseContact, Senior, Volunteer
from bot.people.close_contacts import (
    CloseContactError,
    add_close_contact,
    contact_volunteers,
    first_tier_contacts,
    list_close_contacts,
    remove_close_contact,
    set_first_tier,
)
from bot.people.directory import Role, clean_person, list_people, upsert_people
from bot.people.privacy import ERASED_NAME, erase_person

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


async def senior_id(db: Database) -> int:
    async with db.transaction() as session:
        await upsert_people(
            session, Role.SENIOR, [clean_person(name="Märta Berg", phone="070-111 22 33")]
        )
        found = await session.scalar(select(Senior.id))
    assert found is not None
    return found


async def add(db: Database, senior: int, phone: str = "070-111 22 44", consent: str = "Eva") -> int:
    async with db.transaction() as session:
        contact = await add_close_contact(
            session,
            senior,
            name="Lena Berg",
            phone=phone,
            relation="dotter",
            has_key=True,
            first_tier=True,
            consent_by=consent,
            now=NOW,
        )
        return contact.id


async def test_added_contact_is_listed_and_first_on_the_ladder(db: Database) -> None:
    senior = await senior_id(db)
    contact = await add(db, senior)
    async with db.transaction() as session:
        [row] = await list_close_contacts(session, senior)
        first = await first_tier_contacts(session, senior)
    assert (row.id, row.name, row.relation, row.has_key, row.phone, row.consent_by) == (
        contact,
        "Lena Berg",
        "dotter",
        True,
        "+46701112244",
        "Eva",
    )
    assert [volunteer.name for volunteer, _ in first] == ["Lena Berg"]


async def test_consent_must_be_recorded(db: Database) -> None:
    senior = await senior_id(db)
    with pytest.raises(CloseContactError, match="consent"):
        await add(db, senior, consent=" ")


async def test_a_phone_already_in_hejsan_is_refused(db: Database) -> None:
    senior = await senior_id(db)
    with pytest.raises(CloseContactError, match="already"):
        await add(db, senior, phone="070-111 22 33")  # the senior's own number


async def test_removed_contact_is_no_longer_alerted(db: Database) -> None:
    senior = await senior_id(db)
    contact = await add(db, senior)
    async with db.transaction() as session:
        assert await remove_close_contact(session, senior, contact, NOW)
    async with db.transaction() as session:
        assert await first_tier_contacts(session, senior) == []
        assert await contact_volunteers(session, senior, first_tier_only=False) == []
        assert await list_close_contacts(session, senior) == []
        assert not await remove_close_contact(session, senior, contact, NOW)
        assert await list_people(session, Role.VOLUNTEER, include_removed=True) == []
    await add(db, senior)  # the number is free again


async def test_a_contact_on_telegram_too_gets_both_addresses(db: Database) -> None:
    senior = await senior_id(db)
    async with db.transaction() as session:
        contact = await add_close_contact(
            session,
            senior,
            name="Lena Berg",
            phone="070-111 22 44",
            relation="dotter",
            has_key=False,
            first_tier=True,
            consent_by="Eva",
            now=NOW,
            telegram="5550644",
        )
        channels = set(
            await session.scalars(
                select(Address.channel).where(
                    Address.volunteer_id
                    == select(CloseContact.volunteer_id)
                    .where(CloseContact.id == contact.id)
                    .scalar_subquery()
                )
            )
        )
    assert channels == {"sms", "telegram"}
    with pytest.raises(CloseContactError, match="Telegram chat id"):
        async with db.transaction() as session:
            await add_close_contact(
                session,
                senior,
                name="X",
                phone="070-111 22 55",
                relation="",
                has_key=False,
                first_tier=True,
                consent_by="Eva",
                now=NOW,
                telegram="@lena",
            )


async def test_close_contacts_are_not_on_the_volunteers_list(db: Database) -> None:
    senior = await senior_id(db)
    await add(db, senior)
    async with db.transaction() as session:
        await upsert_people(
            session, Role.VOLUNTEER, [clean_person(name="Karin Ek", phone="070-111 22 99")]
        )
    async with db.transaction() as session:
        volunteers = await list_people(session, Role.VOLUNTEER, include_removed=True)
        [contact] = await list_close_contacts(session, senior)
    assert [v["name"] for v in volunteers] == ["Karin Ek"]
    assert contact.name == "Lena Berg"


async def test_a_contact_moved_out_of_the_first_tier_is_still_the_senior_s(db: Database) -> None:
    senior = await senior_id(db)
    contact = await add(db, senior)
    async with db.transaction() as session:
        assert await set_first_tier(session, senior, contact, False)
        assert not await set_first_tier(session, senior + 1, contact, True)  # not theirs
    async with db.transaction() as session:
        assert await first_tier_contacts(session, senior) == []
        [everyone] = await contact_volunteers(session, senior, first_tier_only=False)
        [row] = await list_close_contacts(session, senior)
    assert everyone.name == "Lena Berg"
    assert row.first_tier is False


async def test_erasing_a_senior_erases_her_close_contacts_too(db: Database) -> None:
    senior = await senior_id(db)
    await add(db, senior)
    async with db.transaction() as session:
        await erase_person(session, Role.SENIOR, senior, actor="test", now=NOW)
    async with db.transaction() as session:
        names = list(await session.scalars(select(Volunteer.name)))
        numbers = list(await session.scalars(select(Address.value)))
    assert names == [ERASED_NAME]
    assert "+46701112244" not in numbers
