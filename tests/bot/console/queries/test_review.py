"""Att läsa: the replies a person should read, oldest first, each with its
reason; what Hejsan understood, what it sent and strangers' texts stay off it."""

from __future__ import annotations

from bot.console.queries.review import (
    DAYS,
    REASON_TEXT,
    ReviewReason,
    count_waiting,
    review_items,
)
from tests.bot.console.queries.town import ANNA, GOSTA, MARGIT, add_seniors, text_in
from tests.bot.escalations.world import World


async def _listed(world: World) -> list[tuple[str, str, ReviewReason]]:
    """What the list shows; its count on the Today page says the same."""
    async with world.db.reading() as session:
        items = await review_items(session, world.clock.now)
        assert await count_waiting(session, world.clock.now) == len(items)
    return [(item.senior.split()[0], item.body, item.reason) for item in items]


async def test_only_replies_that_need_a_person_are_listed_with_their_reason(
    world: World,
) -> None:
    await add_seniors(world)
    await text_in(world, ANNA, "bra tack")
    world.clock.advance(minutes=1)
    await text_in(world, GOSTA, "Katten har fått ungar i garderoben")
    world.clock.advance(minutes=1)
    await text_in(world, MARGIT, "ring mig")
    world.clock.advance(minutes=1)
    await text_in(world, "+46701740699", "hej vem är detta")  # not a senior
    listed = await _listed(world)
    assert [(name, body) for name, body, _ in listed] == [
        ("Gösta", "Katten har fått ungar i garderoben"),
        ("Margit", "ring mig"),
    ]
    assert listed[1][2] is ReviewReason.OPENED_CASE
    assert listed[0][2] is ReviewReason.FLAGGED  # the engine asks a person to read it


async def test_a_reply_leaves_the_list_after_thirty_days(world: World) -> None:
    await add_seniors(world)
    await text_in(world, GOSTA, "Katten har fått ungar i garderoben")
    world.clock.advance(days=DAYS - 1)
    await text_in(world, MARGIT, "Min granne har flyttat till Spanien")
    assert [name for name, _, _ in await _listed(world)] == ["Gösta", "Margit"]
    world.clock.advance(days=1, minutes=1)
    assert [name for name, _, _ in await _listed(world)] == ["Margit"]


async def test_a_short_page_starts_with_the_oldest_but_the_count_is_all(world: World) -> None:
    await add_seniors(world)
    for phone, text in (
        (MARGIT, "Min granne har flyttat till Spanien"),
        (GOSTA, "Katten har fått ungar i garderoben"),
        (ANNA, "Vad heter den nya prästen"),
    ):
        await text_in(world, phone, text)
        world.clock.advance(minutes=5)
    async with world.db.reading() as session:
        page = await review_items(session, world.clock.now, limit=2)
        total = await count_waiting(session, world.clock.now)
    assert [item.senior for item in page] == ["Margit Holm", "Gösta Berg"]
    assert total == 3


def test_every_reason_has_words_for_the_coordinator() -> None:
    assert set(REASON_TEXT) == set(ReviewReason)
    assert all(text.startswith(("Hejsan", "Svaret")) for text in REASON_TEXT.values())
