"""A planned batch is written only over the conversations it was stepped from.

Planning reads a batch of seniors, steps them in memory and writes the result
in a later transaction. A reply arriving in between (a STOPP, an answer to the
open question) would be overwritten by a state computed before it. So the
write transaction first locks the batch's seniors the way a turn does
(`FOR NO KEY UPDATE`, see `bot.turns.turn.load_locked`), then compares each
stored conversation with the one it was stepped from: a senior whose
conversation changed leaves the bulk rows and gets an ordinary one-senior turn
on the state as it is now. A compare-and-set, with the lock making the compare
and the write one step.
"""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import String, cast, select
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.db.models import ConversationState as StateRow
from bot.db.models import Senior
from bot.turns.plan_writes import BatchRows

# senior id -> the stored conversation (JSON text, None for none) it was stepped from
SteppedFrom = dict[int, str | None]


async def lock_and_find_changed(connection: AsyncConnection, stepped: SteppedFrom) -> set[int]:
    """Lock `stepped`'s seniors until commit and return those whose stored
    conversation is no longer the one they were stepped from."""
    if not stepped:
        return set()
    ids = sorted(stepped)
    # Two statements: on PostgreSQL a row read in the locking statement is from
    # before any wait for the lock, so the conversations are read after it.
    locked = select(Senior.id).where(Senior.id.in_(ids)).with_for_update(key_share=True)
    present = set((await connection.execute(locked)).scalars())
    states = select(StateRow.senior_id, cast(StateRow.state, String)).where(
        StateRow.senior_id.in_(ids)
    )
    now: dict[int, str | None] = {row[0]: row[1] for row in await connection.execute(states)}
    now.update((senior_id, None) for senior_id in present - now.keys())
    # A senior removed since the read is "changed" too: their rows must not be written.
    return {senior_id for senior_id, was in stepped.items() if now.get(senior_id, 0) != was}


def without(rows: BatchRows, seniors: set[int]) -> BatchRows:
    """`rows` minus everything about `seniors` (the per-outcome sets stay)."""
    if not seniors:
        return rows
    return replace(
        rows,
        seniors=[row for row in rows.seniors if row[0] not in seniors],
        cancelled=[row for row in rows.cancelled if row[0] not in seniors],
        asked=[senior for senior in rows.asked if senior not in seniors],
    )


def had_messages(rows: BatchRows, seniors: set[int]) -> int:
    """How many of `seniors` the bulk rows would have sent a message."""
    groups = {row[0] for row in rows.messages}
    return sum(1 for row in rows.seniors if row[0] in seniors and row[3] in groups)
