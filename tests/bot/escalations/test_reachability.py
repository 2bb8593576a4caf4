"""Refusing a start that would open cases nobody hears about.

Each test builds a service with one senior and asks whether a cry for help
could reach anybody; only real people with a usable address count.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import update

from bot.core.errors import ConfigError
from bot.db.database import Database
from bot.db.models import Address, Volunteer
from bot.escalations.reachability import (
    NOBODY_TO_REACH,
    nobody_to_reach,
    refuse_if_nobody_to_reach,
)
from bot.people.close_contacts import add_close_contact
from bot.people.directory import Role
from tests.bot.builders import ANNA, KARIN, add_person, sms_shell
from tests.fakes.clock import Clock

NOW = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)
SON = "+46701740630"


async def problem(db: Database, **escalation: object) -> str | None:
    shell = sms_shell(db.url, Clock(), escalation=escalation)
    async with db.transaction() as session:
        return await nobody_to_reach(session, shell)


async def test_an_empty_service_may_start_before_anyone_is_added(db: Database) -> None:
    assert await problem(db) is None


async def test_a_senior_with_nobody_to_alert_is_refused_with_what_to_add(db: Database) -> None:
    await add_person(db, Role.SENIOR, "Anna Lindqvist", ANNA)
    shell = sms_shell(db.url, Clock())
    async with db.transaction() as session:
        with pytest.raises(ConfigError) as refused:
            await refuse_if_nobody_to_reach(session, shell)
    assert str(refused.value) == NOBODY_TO_REACH
    assert "coordinators" in NOBODY_TO_REACH
    assert "hejsan volunteers add" in NOBODY_TO_REACH


async def test_one_active_volunteer_is_enough(db: Database) -> None:
    await add_person(db, Role.SENIOR, "Anna Lindqvist", ANNA)
    await add_person(db, Role.VOLUNTEER, "Karin Ek", KARIN)
    assert await problem(db) is None
    shell = sms_shell(db.url, Clock())
    async with db.transaction() as session:
        await refuse_if_nobody_to_reach(session, shell)  # no exception


async def test_a_close_contact_alone_is_not_someone_to_reach(db: Database) -> None:
    """A son hears only about his own mother's cases: another senior's cry
    for help would still reach nobody."""
    anna = await add_person(db, Role.SENIOR, "Anna Lindqvist", ANNA)
    async with db.transaction() as session:
        await add_close_contact(
            session,
            anna.id,
            name="Erik Lindqvist",
            phone=SON,
            relation="son",
            has_key=True,
            first_tier=True,
            consent_by="Anna i telefon",
            now=NOW,
        )
    assert await problem(db) == NOBODY_TO_REACH


async def test_an_inactive_volunteer_or_an_unusable_number_does_not_count(db: Database) -> None:
    await add_person(db, Role.SENIOR, "Anna Lindqvist", ANNA)
    karin = await add_person(db, Role.VOLUNTEER, "Karin Ek", KARIN)
    async with db.transaction() as session:
        await session.execute(update(Volunteer).values(active=False))
    assert await problem(db) == NOBODY_TO_REACH
    async with db.transaction() as session:
        await session.execute(update(Volunteer).values(active=True))
        await session.execute(
            update(Address).where(Address.volunteer_id == karin.id).values(unusable_at=NOW)
        )
    assert await problem(db) == NOBODY_TO_REACH


async def test_a_reachable_coordinator_is_enough_without_volunteers(db: Database) -> None:
    await add_person(db, Role.SENIOR, "Anna Lindqvist", ANNA)
    assert await problem(db, coordinators=["+46701740699"]) is None


async def test_a_coordinator_on_a_channel_that_is_off_does_not_count(db: Database) -> None:
    """Telegram is not configured here, so a Telegram coordinator hears nothing."""
    await add_person(db, Role.SENIOR, "Anna Lindqvist", ANNA)
    assert await problem(db, coordinators=["telegram:123456"]) == NOBODY_TO_REACH
    assert await problem(db, coordinators=["inte ett nummer"]) == NOBODY_TO_REACH
