"""The check-in list: one row per senior asked, answered / waiting / missed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from bot.campaigns.checkins import CheckInStatus, list_checkins
from bot.campaigns.occurrences import run_campaign
from bot.core.config import CampaignConfig, load_config
from bot.core.shell import Shell, build_shell
from bot.db.database import Database
from bot.db.models import Senior
from bot.people.directory import Role, clean_person, upsert_people
from bot.turns.timer_handlers import fire_due_timers
from bot.turns.turn import run_turn
from conversations.inputs import Reply

MORGON = CampaignConfig(name="morgonkoll", kind="checkin", schedule="0 10 * * *")
KVALL = CampaignConfig(name="kvällskoll", kind="checkin", schedule="0 16 * * *")


@dataclass
class Clock:
    now: datetime = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)  # 10:00 in Stockholm

    def __call__(self) -> datetime:
        return self.now


async def setup(db: Database) -> tuple[Shell, Clock, dict[str, int]]:
    await db.migrate()
    clock = Clock()
    shell = build_shell(load_config(None, {"HEJSAN_DATABASE_URL": db.url}), clock=clock)
    people = [
        clean_person(name=name, phone=f"070-174 06 {n:02d}")
        for n, name in enumerate(("Anna Lindqvist", "Gösta Berg", "Margit Holm"), start=5)
    ]
    async with db.transaction() as session:
        await upsert_people(session, Role.SENIOR, people)
    async with db.reading() as session:
        from_db = await session.execute(Senior.__table__.select())
        ids = {row.name.split()[0]: row.id for row in from_db}
    return shell, clock, ids


async def reply(db: Database, shell: Shell, senior_id: int, text: str) -> None:
    async with db.transaction() as session:
        senior = await session.get(Senior, senior_id)
        assert senior is not None
        await run_turn(session, shell, senior, Reply(text))


async def test_each_senior_asked_is_answered_waiting_or_missed(db: Database) -> None:
    shell, clock, ids = await setup(db)
    await run_campaign(db, shell, MORGON, clock.now)
    clock.now += timedelta(minutes=20)
    await reply(db, shell, ids["Anna"], "bra tack")
    for _ in range(2):  # Gösta's reply window and the follow-up's run out
        clock.now += timedelta(hours=5)
        await fire_due_timers(db, shell)
    await run_campaign(db, shell, KVALL, datetime(2026, 12, 2, 15, 0, tzinfo=UTC))
    async with db.reading() as session:
        rows = await list_checkins(session, shell.tz, campaign="morgonkoll")
    by_name = {row.name: row for row in rows}
    assert {name: row.status for name, row in by_name.items()} == {
        "Anna Lindqvist": CheckInStatus.ANSWERED,
        "Gösta Berg": CheckInStatus.MISSED,
        "Margit Holm": CheckInStatus.MISSED,
    }
    assert by_name["Anna Lindqvist"].mood == "good"
    assert by_name["Anna Lindqvist"].answered_at == datetime(2026, 12, 2, 9, 20, tzinfo=UTC)
    async with db.reading() as session:
        evening = await list_checkins(session, shell.tz, campaign="kvällskoll")
    assert {row.status for row in evening} == {CheckInStatus.WAITING}
    assert len(evening) == 3


async def test_the_list_of_a_day_holds_that_local_day_only(db: Database) -> None:
    shell, clock, _ = await setup(db)
    clock.now = datetime(2026, 12, 1, 23, 30, tzinfo=UTC)  # 00:30 on 2 December in Stockholm
    await run_campaign(db, shell, MORGON, clock.now)
    async with db.reading() as session:
        second = await list_checkins(session, shell.tz, day=date(2026, 12, 2))
        first = await list_checkins(session, shell.tz, day=date(2026, 12, 1))
    assert len(second) == 3
    assert first == []
    assert second[0].as_json(shell.tz)["asked_at"] == "2026-12-02T00:30+01:00"
