"""Provider rate limits: an overall rate per channel and one per recipient.

Telegram allows about 30 messages a second overall and one a second per chat;
a Twilio long code about one a second. Sends are spaced evenly (no bursts), so
the provider never answers 429 and the achieved rate stays near the limit.
A 429 with retry_after pauses the whole channel, as Telegram asks.
"""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict

from aiolimiter import AsyncLimiter

_MAX_TRACKED_RECIPIENTS = 10_000
CATCH_UP_SECONDS = 0.05


class ChannelRateLimit:
    def __init__(self, per_second: float, per_recipient_per_second: float | None = None) -> None:
        self.per_second = per_second
        # Evenly spaced sends with 50 ms of catch-up: a send that started late
        # (a busy event loop) may be followed a little sooner, so the achieved
        # rate stays near the limit, never a burst a provider would refuse.
        burst = max(1.0, per_second * CATCH_UP_SECONDS)
        self._overall = AsyncLimiter(burst, burst / per_second)
        self._per_recipient_rate = per_recipient_per_second
        self._recipients: OrderedDict[str, AsyncLimiter] = OrderedDict()
        self._paused_until = 0.0

    def _recipient(self, address: str) -> AsyncLimiter | None:
        if self._per_recipient_rate is None:
            return None
        limiter = self._recipients.get(address)
        if limiter is None:
            limiter = AsyncLimiter(1, 1 / self._per_recipient_rate)
            self._recipients[address] = limiter
            if len(self._recipients) > _MAX_TRACKED_RECIPIENTS:
                self._recipients.popitem(last=False)
        else:
            self._recipients.move_to_end(address)
        return limiter

    async def acquire(self, address: str) -> None:
        """Wait until one more message to `address` is allowed."""
        recipient = self._recipient(address)
        if recipient is not None:
            await recipient.acquire()
        # A pause can be extended while we sleep, so look again after waking.
        while (delay := self._paused_until - time.monotonic()) > 0:  # noqa: ASYNC110
            await asyncio.sleep(delay)
        await self._overall.acquire()

    def pause(self, seconds: float) -> None:
        """The provider said "too many requests": hold every send for a while."""
        self._paused_until = max(self._paused_until, time.monotonic() + seconds)
