"""Trygghetskoll as the safety page shows it: the time, the reminders in
minutes, when it is next asked, and whether a close contact is asked first."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.console.queries.safety import SafetyView, safety_view
from bot.db.models import Senior
from bot.people.close_contacts import add_close_contact, set_first_tier
from bot.people.safety_settings import DEFAULT_REMINDERS, change_safety_check
from tests.bot.escalations.world import STOCKHOLM, World


async def _view(world: World) -> SafetyView:
    senior = await world.senior()
    async with world.db.reading() as session:
        return await safety_view(session, await session.merge(senior))


async def _set(world: World, at: str | None, reminders: str | None = None) -> None:
    senior = await world.senior()
    async with world.db.transaction() as session:
        await change_safety_check(
            session,
            await session.merge(senior),
            at=at,
            reminders=reminders,
            now=world.clock.now,
            tz=STOCKHOLM,
            actor="cli",
        )


async def test_without_a_safety_check_nothing_is_asked_and_the_default_reminders_show(
    world: World,
) -> None:
    view = await _view(world)
    assert (view.at, view.next_at, view.contacts) == (None, None, [])
    assert view.reminders_text == DEFAULT_REMINDERS.replace(" ", "")
    assert not view.contacts_first


async def test_a_check_at_half_past_nine_is_next_asked_tomorrow_after_eleven(
    world: World,
) -> None:
    await _set(world, "9:30", "20, 45")  # the world's clock says 11:00 in Stockholm
    view = await _view(world)
    assert view.at == "09:30"
    assert view.reminders == (20, 45)
    assert view.reminders_text == "20,45"
    assert view.next_at == datetime(2026, 12, 3, 8, 30, tzinfo=UTC)


async def test_turned_off_it_is_not_asked_but_keeps_its_reminders(world: World) -> None:
    await _set(world, "09:30", "15")
    await _set(world, None)
    view = await _view(world)
    assert (view.at, view.next_at, view.reminders) == (None, None, (15,))


async def test_a_close_contact_asked_first_is_shown_as_such(world: World) -> None:
    senior = await world.senior()
    async with world.db.transaction() as session:
        contact = await add_close_contact(
            session,
            senior.id,
            name="Eva Lindqvist",
            phone="+46701740690",
            relation="dotter",
            has_key=True,
            first_tier=False,
            consent_by="Anna själv",
            now=world.clock.now,
        )
        contact_id = contact.id
    before = await _view(world)
    assert [c.name for c in before.contacts] == ["Eva Lindqvist"]
    assert not before.contacts_first
    async with world.db.transaction() as session:
        assert await set_first_tier(session, senior.id, contact_id, True)
    assert (await _view(world)).contacts_first


async def test_the_view_is_of_the_senior_asked_for(world: World) -> None:
    await _set(world, "08:00")
    async with world.db.reading() as session:
        john = await session.get(Senior, (await world.senior("+46701740608")).id)
        assert john is not None
        view = await safety_view(session, john)
    assert (view.at, view.next_at) == (None, None)
