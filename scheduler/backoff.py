"""How long to wait before trying a failed send again.

Exponential backoff with jitter (tenacity's strategy), so a provider outage
does not turn into a retry storm when it recovers. The provider's own
`retry_after` wins when it is longer.
"""

from __future__ import annotations

from datetime import timedelta

from tenacity import RetryCallState, wait_random_exponential

MAX_ATTEMPTS = 8
_WAIT = wait_random_exponential(multiplier=2, max=15 * 60)


def retry_delay(attempts: int, retry_after: float | None = None) -> timedelta:
    """Delay before attempt number `attempts + 1` (attempts already made >= 1)."""
    state = RetryCallState(retry_object=None, fn=None, args=(), kwargs={})  # type: ignore[arg-type]
    state.attempt_number = max(attempts, 1)
    seconds = _WAIT(state)
    if retry_after is not None:
        seconds = max(seconds, retry_after)
    return timedelta(seconds=seconds)


def should_give_up(attempts: int) -> bool:
    """After MAX_ATTEMPTS temporary failures the message is marked failed."""
    return attempts >= MAX_ATTEMPTS
