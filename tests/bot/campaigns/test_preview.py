"""A campaign's preview: who would get what at the next occurrence, who is
skipped and why, and what it costs, without sending or storing anything."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select, update

from bot.campaigns.preview import preview_campaign
from bot.core.config import CampaignConfig, Config
from bot.core.shell import build_shell
from bot.db.database import Database
from bot.db.models import Address, CampaignRun, Message, Senior
from bot.db.models import ConversationState as StateRow
from bot.people.directory import Role
from tests.bot.builders import ANNA, add_person, sms_shell
from tests.fakes.clock import Clock

JULFIKA = CampaignConfig(
    name="julfika",
    kind="message",
    schedule="0 10 * * *",
    audience_tags=["Tyresö"],
    text={"sv": "Hej {name}! Välkommen på julfika 🎄", "en": "Hi {name}! Christmas coffee 🎄"},
)
MORGONKOLL = CampaignConfig(name="morgonkoll", kind="checkin", schedule="0 10 * * mon-fri")


async def people(db: Database) -> dict[str, int]:
    """Five seniors in Tyresö but one; only Anna and John can be texted."""
    found = {}
    for name, phone, extra in (
        ("Anna Lindqvist", ANNA, {}),
        ("John Smith", "+46701740608", {"lang": "en"}),
        ("Karin Ek", "+46701740620", {}),
        ("Gösta Berg", "+46701740606", {}),
        ("Margit Holm", "+46701740607", {}),
    ):
        tags = [] if name == "John Smith" else ["tyreso"]
        person = await add_person(db, Role.SENIOR, name, phone, tags=tags, **extra)
        found[name.split()[0]] = person.id
    async with db.transaction() as session:
        await session.execute(
            update(Senior).where(Senior.id == found["Karin"]).values(opted_out_at=datetime.now(UTC))
        )
        await session.execute(update(Senior).where(Senior.id == found["Gösta"]).values(paused=True))
        await session.execute(
            update(Address)
            .where(Address.senior_id == found["Margit"])
            .values(unusable_at=datetime.now(UTC))
        )
    return found


async def preview(db: Database, campaign: CampaignConfig, **sections: Any) -> dict[str, Any]:
    return await preview_campaign(db, sms_shell(db.url, Clock(), **sections), campaign)


async def nothing_stored(db: Database) -> bool:
    async with db.reading() as session:
        counts = [
            await session.scalar(select(func.count()).select_from(model))
            for model in (Message, CampaignRun, StateRow)
        ]
    return counts == [0, 0, 0]


async def test_the_audience_each_gets_their_text_and_the_rest_are_counted_by_reason(
    db: Database,
) -> None:
    ids = await people(db)
    shown = await preview(db, JULFIKA)
    assert shown["recipients"] == 1
    assert shown["skipped"] == {"opted_out": 1, "paused": 1, "unreachable": 1}
    [anna] = shown["messages"]
    assert (anna["senior_id"], anna["name"], anna["channel"]) == (
        ids["Anna"],
        "Anna Lindqvist",
        "sms",
    )
    assert anna["text"] == "Hej Anna! Välkommen på julfika 🎄"
    assert anna["encoding"] == "UCS-2"  # the tree is not GSM-7
    assert await nothing_stored(db)


async def test_it_is_the_next_occurrence_and_priced_per_segment(db: Database) -> None:
    await people(db)
    # The clock says Wednesday 11:00: today's 10:00 has passed.
    shown = await preview(
        db,
        JULFIKA,
        twilio={
            "account_sid": "AC" + "0" * 32,
            "auth_token": "t" * 32,
            "from_number": "+46766860000",
            "price_per_segment": 0.5,
            "currency": "EUR",
        },
    )
    assert shown["campaign"] == "julfika"
    assert shown["occurrence"] == "2026-12-03T10:00"
    assert shown["sms_segments"] == 1
    assert (shown["cost"], shown["currency"]) == (0.5, "EUR")


async def test_a_long_text_costs_every_segment_of_every_senior(db: Database) -> None:
    await people(db)
    long = JULFIKA.model_copy(
        update={"audience_tags": [], "text": {"sv": "Hej {name}! " + "a" * 200}}
    )
    shown = await preview(db, long)
    # Anna in Swedish, John in Swedish too: no English text, so the default's.
    assert sorted(m["name"] for m in shown["messages"]) == ["Anna Lindqvist", "John Smith"]
    assert {m["segments"] for m in shown["messages"]} == {2}
    assert shown["sms_segments"] == 4
    assert shown["cost"] == round(4 * 0.45, 2)


async def test_a_check_in_preview_shows_the_question_in_each_language(db: Database) -> None:
    await people(db)
    shown = await preview(db, MORGONKOLL)
    texts = {m["name"]: m["text"] for m in shown["messages"]}
    assert "Hur mår du idag?" in texts["Anna Lindqvist"]
    assert "Hur mår du" not in texts["John Smith"]
    assert shown["occurrence"] == "2026-12-03T10:00"
    assert await nothing_stored(db)


async def test_on_the_simulator_nothing_costs_anything(db: Database) -> None:
    await people(db)
    shell = build_shell(Config.model_validate({"database": {"url": db.url}}), Clock())
    shown = await preview_campaign(db, shell, JULFIKA)
    assert shown["messages"]
    assert {(m["channel"], m["segments"]) for m in shown["messages"]} == {("simulator", 0)}
    assert (shown["sms_segments"], shown["cost"]) == (0, 0)
