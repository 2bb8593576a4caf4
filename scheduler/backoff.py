"""How long to wait before trying a failed send again.

Exponential backoff with jitter (tenacity's strategy), so a provider outage
does not turn into a retry storm when it recovers. The provider's own
`retry_after` wins when it is longer.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from tenacity import RetryCallState, wait_random_exponential

MAX_ATTEMPTS = 8
# A message that is not urgent is kept trying at least this long, so an
# outage of minutes loses nothing; after that (and MAX_ATTEMPTS) it is given
# up: a check-in is pointless the next day.
KEEP_TRYING = {"proactive": timedelta(hours=4)}
KEEP_TRYING_DEFAULT = timedelta(hours=1)
_WAIT = wait_random_exponential(multiplier=2, max=15 * 60)


def retry_delay(attempts: int, retry_after: float | None = None) -> timedelta:
    """Delay before attempt number `attempts + 1` (attempts already made >= 1)."""
    state = RetryCallState(retry_object=None, fn=None, args=(), kwargs={})  # type: ignore[arg-type]
    state.attempt_number = max(attempts, 1)
    seconds = _WAIT(state)
    if retry_after is not None:
        seconds = max(seconds, retry_after)
    return timedelta(seconds=seconds)


def should_give_up(attempts: int, kind: str, created_at: datetime | None, now: datetime) -> bool:
    """After MAX_ATTEMPTS temporary failures and its time to keep trying, a
    message that is not urgent is given up (urgent ones never are)."""
    if attempts < MAX_ATTEMPTS:
        return False
    if created_at is None:
        return True
    return now - created_at >= KEEP_TRYING.get(kind, KEEP_TRYING_DEFAULT)
