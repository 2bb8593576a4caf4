"""Which channel reaches a person: the simulator on the embedded defaults, else
Telegram (free, buttons), then SMS."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol, TypeVar

from bot.channels.types import Channel
from bot.core.config import Config


class _HasChannel(Protocol):
    @property
    def channel(self) -> str: ...


AddressLike = TypeVar("AddressLike", bound=_HasChannel)


def reachable_channels(config: Config) -> list[str]:
    """Channels to start a conversation on, best first."""
    if config.simulator_only:
        return [Channel.SIMULATOR.value]
    order = []
    if config.telegram.enabled:
        order.append(Channel.TELEGRAM.value)
    if config.twilio.enabled:
        order.append(Channel.SMS.value)
    return order


def pick_address(
    config: Config, rows: Iterable[AddressLike], channels: list[str] | None = None
) -> AddressLike | None:
    """The best of a person's usable addresses, or None: no way to reach them.
    `channels`: `reachable_channels()` computed once by a caller with many people."""
    by_channel = {row.channel: row for row in rows}
    for channel in reachable_channels(config) if channels is None else channels:
        if channel in by_channel:
            return by_channel[channel]
    return None
