"""Group commit: writes that come in during a commit share the next one, and
nobody returns before their own write is committed."""

from __future__ import annotations

import asyncio

import pytest

from bot.db.group_commit import GroupCommit


class Store:
    """A database whose commits take as long as the test says."""

    def __init__(self) -> None:
        self.commits: list[list[int]] = []
        self.release = asyncio.Event()
        self.fail = False

    async def write(self, items: list[int]) -> None:
        await self.release.wait()
        if self.fail:
            raise RuntimeError("database away")
        self.commits.append(items)


async def test_writes_made_during_a_commit_share_the_next_and_wait_for_it() -> None:
    store = Store()
    group = GroupCommit(store.write)
    first = asyncio.create_task(group.add([1]))
    await asyncio.sleep(0)  # the first commit has started
    later = [asyncio.create_task(group.add([n])) for n in (2, 3)]
    await asyncio.sleep(0.01)
    assert not first.done(), "returned before its commit"
    store.release.set()
    await asyncio.gather(first, *later)
    assert store.commits == [[1], [2, 3]]


async def test_a_failed_commit_is_raised_to_everyone_in_it() -> None:
    store = Store()
    store.fail = True
    store.release.set()
    group = GroupCommit(store.write)
    results = await asyncio.gather(group.add([1]), group.add([2]), return_exceptions=True)
    assert [type(r) for r in results] == [RuntimeError, RuntimeError]
    store.fail = False
    await group.add([3])  # the next commit goes on
    assert store.commits == [[3]]


async def test_a_caller_cancelled_mid_commit_does_not_cancel_the_others() -> None:
    store = Store()
    group = GroupCommit(store.write)
    impatient = asyncio.create_task(group.add([1]))
    patient = asyncio.create_task(group.add([2]))
    await asyncio.sleep(0)
    impatient.cancel()
    store.release.set()
    await patient
    with pytest.raises(asyncio.CancelledError):
        await impatient
    assert store.commits == [[1, 2]]
