"""Rapport: one month in numbers, for the whole service or one area, in the
coordinator's time zone; numbers only, in Swedish, ready for a table."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from bot.console.queries.report import MonthReport, month_bounds, month_report
from bot.db.models import CheckInResult
from bot.escalations.commands import resolve
from bot.events.gatherings import NewEvent, add_events
from bot.events.rsvps import record_rsvp
from bot.people.directory import Role, clean_person, upsert_people
from conversations.sms_cost import sms_cost
from tests.bot.builders import texts_to
from tests.bot.console.queries.town import GOSTA, MARGIT, add_seniors, text_in
from tests.bot.escalations.world import STOCKHOLM, V1, V2, World, volunteers

DECEMBER = date(2026, 12, 1)


def test_december_ends_where_january_begins_in_the_local_zone() -> None:
    start, end = month_bounds(date(2026, 12, 17), STOCKHOLM)
    assert start == datetime(2026, 12, 1, tzinfo=STOCKHOLM)
    assert end == datetime(2027, 1, 1, tzinfo=STOCKHOLM)
    assert start.astimezone(UTC) == datetime(2026, 11, 30, 23, 0, tzinfo=UTC)


def test_an_empty_month_reads_as_zeros_and_no_percentage() -> None:
    report = MonthReport("2026-12", "")
    rows = dict(report.rows())
    assert report.answered_percent is None
    assert rows["Område"] == "alla"
    assert rows["Andel besvarade (%)"] is None
    assert rows["Median minuter till taget"] is None
    assert rows["SMS-kostnad (SEK)"] == 0.0
    assert len(rows) == 19


async def _report(world: World, area: str = "", month: date = DECEMBER) -> MonthReport:
    async with world.db.reading() as session:
        return await month_report(session, month, STOCKHOLM, area=area, price_per_segment=0.45)


async def test_cases_are_counted_with_the_median_wait_until_someone_took_them(
    world: World,
) -> None:
    await add_seniors(world)
    await world.add_volunteers(*volunteers(2))
    anna = await world.open()
    world.clock.advance(minutes=6)
    await world.command(V1, f"OK {anna}")
    gosta = await world.open(GOSTA, urgency="urgent", quote="jag har ramlat")
    world.clock.advance(minutes=10)
    await world.command(V2, f"OK {gosta}")
    margit = await world.open(MARGIT)
    world.clock.advance(minutes=30)
    await world.command(V1, f"OK {margit}")
    await world.open(MARGIT, quote="ring igen")
    async with world.db.transaction() as session:
        await resolve(session, world.shell, gosta, volunteer=None, note="Ambulans kom")
    everyone = await _report(world)
    assert (everyone.cases_opened, everyone.cases_claimed, everyone.cases_resolved) == (4, 3, 1)
    assert everyone.median_minutes_to_claim == 10.0  # waits of 6, 10 and 30 minutes
    tyreso = await _report(world, "tyresö")
    assert (tyreso.cases_opened, tyreso.cases_claimed, tyreso.cases_resolved) == (1, 1, 1)
    assert tyreso.median_minutes_to_claim == 10.0
    assert (await _report(world, month=date(2026, 11, 1))).cases_opened == 0


async def test_lunch_seats_count_guests_and_a_cancelled_event_is_no_event(world: World) -> None:
    ids = await add_seniors(world)
    starts = datetime(2026, 12, 9, 12, 0, tzinfo=STOCKHOLM)
    async with world.db.transaction() as session:
        soup, cancelled = [
            (await add_events(session, world.shell, new, every_weeks=None, count=None))[0]
            for new in (
                NewEvent(title="Soppluncn", venue="Träffpunkten", starts_at=starts),
                NewEvent(title="Julfika", venue="Kyrkan", starts_at=starts + timedelta(days=7)),
            )
        ]
        cancelled.cancelled = True
        now = world.clock.now
        await record_rsvp(session, soup.id, ids["Anna"], "yes", 2, now)
        await record_rsvp(session, soup.id, ids["Gösta"], "yes", 0, now)
        await record_rsvp(session, soup.id, ids["Margit"], "no", 0, now)
    everyone = await _report(world)
    assert (everyone.events, everyone.lunch_seats, everyone.lunch_guests) == (1, 4, 2)
    tyreso = await _report(world, "Tyresö")
    assert (tyreso.lunch_seats, tyreso.lunch_guests) == (1, 0)


async def test_opt_outs_and_the_sms_they_cost_are_counted_for_their_area(world: World) -> None:
    await add_seniors(world)
    await text_in(world, MARGIT, "STOPP")
    replies = await texts_to(world.db, MARGIT)
    assert replies, "a STOPP is confirmed"
    segments = sum(sms_cost(body).segments for body in replies)
    haninge = await _report(world, "Haninge")
    assert (haninge.opt_outs, haninge.sms_segments) == (1, segments)
    assert haninge.sms_cost == segments * 0.45
    tyreso = await _report(world, "Tyresö")
    assert (tyreso.opt_outs, tyreso.sms_segments, tyreso.sms_cost) == (0, 0, 0.0)
    assert (await _report(world, month=date(2027, 1, 1))).opt_outs == 0


async def test_a_check_in_just_after_local_midnight_belongs_to_the_new_month(world: World) -> None:
    ids = await add_seniors(world)
    async with world.db.transaction() as session:
        for name, asked in (
            ("Anna", datetime(2026, 11, 30, 23, 30, tzinfo=UTC)),  # 1 December, 00:30
            ("Gösta", datetime(2026, 11, 30, 22, 30, tzinfo=UTC)),  # 30 November, 23:30
        ):
            session.add(
                CheckInResult(
                    senior_id=ids[name],
                    campaign="morgonkoll",
                    occurrence=asked.date().isoformat(),
                    asked_at=asked,
                    answered_at=asked + timedelta(minutes=5),
                    mood="ok",
                )
            )
    december = await _report(world)
    november = await _report(world, month=date(2026, 11, 1))
    assert (december.checkins_sent, december.seniors_active, december.moods["ok"]) == (1, 1, 1)
    assert (november.checkins_sent, november.answered_percent) == (1, 100.0)
    assert dict(december.rows())["Månad"] == "2026-12"


async def test_an_area_starting_with_a_swedish_letter_is_reported_however_it_is_typed(
    world: World,
) -> None:
    async with world.db.transaction() as session:
        await upsert_people(
            session,
            Role.SENIOR,
            [clean_person(name="Åsa Öberg", phone="+46701740611", area="Älvsjö")],
        )
    await text_in(world, "+46701740611", "STOPP")
    for typed in ("Älvsjö", "älvsjö", "ÄLVSJÖ"):
        assert (await _report(world, typed)).opt_outs == 1, typed
