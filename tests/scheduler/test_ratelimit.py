"""Provider rate limits: evenly spaced sends, per recipient, paused on a 429."""

from __future__ import annotations

import time

from scheduler.ratelimit import ChannelRateLimit


async def _elapsed(limit: ChannelRateLimit, addresses: list[str]) -> float:
    started = time.monotonic()
    for address in addresses:
        await limit.acquire(address)
    return time.monotonic() - started


async def test_sends_are_spaced_to_the_channel_rate() -> None:
    limit = ChannelRateLimit(per_second=50)
    # 11 sends at 50/s: the first is free, ten more need about 0.2 s.
    elapsed = await _elapsed(limit, [f"+4670000{i:04d}" for i in range(11)])
    assert 0.15 <= elapsed < 1.0


async def test_one_recipient_waits_for_its_own_rate_others_do_not() -> None:
    limit = ChannelRateLimit(per_second=1000, per_recipient_per_second=5)
    # Five chats at 5/s each would take 0.8 s if they shared one limit.
    assert await _elapsed(limit, [f"chat-{i}" for i in range(5)]) < 0.3
    # A second message to chat-1 waits about 1/5 s.
    assert await _elapsed(limit, ["chat-1"]) >= 0.15


async def test_a_pause_holds_every_send() -> None:
    limit = ChannelRateLimit(per_second=1000)
    limit.pause(0.2)
    assert await _elapsed(limit, ["+46700000001"]) >= 0.18
