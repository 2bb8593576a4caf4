"""Everything a running service holds: database, shell, adapters, dispatcher.

Built in the web app's lifespan (or by a test) and torn down with it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from bot.campaigns.service import CampaignService
from bot.channels.simulator import simulator_send
from bot.channels.telegram import TelegramAdapter, parse_update
from bot.channels.twilio_sms import TwilioSmsAdapter, public_request_url
from bot.channels.types import (
    Button,
    Channel,
    OutgoingMessage,
    PermanentDeliveryError,
    RetryableDeliveryError,
)
from bot.core.clock import system_clock
from bot.core.config import Config
from bot.core.logs import log_event
from bot.core.shell import Shell, build_shell
from bot.db.database import Database
from bot.db.outbox import SqlOutboxStore, apply_kept_statuses
from bot.db.timers import TimerHandlers, fire_due
from bot.escalations.overdue import report_overdue
from bot.people.upkeep import Upkeep
from bot.turns.inbound import receive
from bot.turns.timer_handlers import timer_handlers
from scheduler.dispatcher import (
    Dispatcher,
    GiveUp,
    InDoubt,
    Lookup,
    OutboxItem,
    Retry,
    Sender,
    Sent,
)
from scheduler.ratelimit import ChannelRateLimit

log = logging.getLogger("hejsan.runtime")

TIMER_POLL_SECONDS = 5.0
UPKEEP_POLL_SECONDS = 300.0


def _outgoing(channel: Channel, item: OutboxItem) -> OutgoingMessage:
    return OutgoingMessage(
        channel=channel,
        address=item.address,
        text=item.text,
        buttons=tuple(Button(label, value) for label, value in item.buttons),
        outbox_id=item.id,
    )


def adapter_sender(channel: Channel, send: Callable[[OutgoingMessage], object]) -> Sender:
    """Turn an adapter's typed errors into the dispatcher's Retry / GiveUp."""

    async def sender(item: OutboxItem) -> Sent:
        try:
            result = await send(_outgoing(channel, item))  # type: ignore[misc]
        except RetryableDeliveryError as exc:
            raise Retry(str(exc), exc.code, exc.retry_after) from exc
        except PermanentDeliveryError as exc:
            raise GiveUp(str(exc), exc.code) from exc
        return Sent(result.provider_message_id, result.status)

    return sender


def twilio_lookup(twilio: TwilioSmsAdapter) -> Lookup:
    """After a crash mid-request: did Twilio accept this SMS? (None: no.)"""

    async def lookup(doubt: InDoubt) -> Sent | None:
        found = await twilio.find_sent(doubt.item.address, doubt.item.text, doubt.started_at)
        return None if found is None else Sent(found.provider_message_id, found.status)

    return lookup


@dataclass
class Runtime:
    config: Config
    database: Database
    shell: Shell
    dispatcher: Dispatcher
    telegram: TelegramAdapter | None = None
    twilio: TwilioSmsAdapter | None = None
    tasks: list[asyncio.Task[None]] = field(default_factory=list)
    campaigns: CampaignService | None = None
    # What each timer does when it fires: the one table, built here at the top.
    timers: TimerHandlers = field(default_factory=timer_handlers)

    async def start(self, *, dispatch: bool = True, telegram_polling: bool = False) -> None:
        """Start sending, timers and campaign schedules (dispatch=False: none of
        them, for tests that drive each step by hand)."""
        if self.telegram is not None:
            await self.telegram.initialize()
        if dispatch:
            self.tasks.append(asyncio.create_task(self.dispatcher.run(), name="dispatcher"))
            self.tasks.append(asyncio.create_task(self._run_timers(), name="timers"))
            self.tasks.append(asyncio.create_task(self._run_upkeep(), name="upkeep"))
            self.campaigns = CampaignService(self.database, self.shell)
            await self.campaigns.start()
        if telegram_polling and self.telegram is not None:
            self.tasks.append(asyncio.create_task(self._poll_telegram(), name="telegram-poll"))

    async def stop(self) -> None:
        if self.campaigns is not None:
            await self.campaigns.stop()
        await self.dispatcher.stop()
        for task in self.tasks:
            task.cancel()
        for task in self.tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self.tasks.clear()
        if self.telegram is not None:
            await self.telegram.shutdown()
        if self.twilio is not None:
            await self.twilio.close()

    async def _run_upkeep(self) -> None:
        """Pauses that end and nightly retention (bot.people.upkeep), and
        delivery callbacks kept while their send was being recorded
        (bot.db.outbox.apply_kept_statuses), every few minutes."""
        upkeep = Upkeep(self.config)
        while True:
            try:
                await upkeep.run(self.database, self.shell.now())
            except Exception:  # the database may be briefly away; try again soon
                log.exception("upkeep.failed")
            await asyncio.sleep(UPKEEP_POLL_SECONDS)
            try:  # not at start: a callback kept a moment ago may still be applied with its send
                await apply_kept_statuses(self.database, self.shell.now())
            except Exception:
                log.exception("upkeep.kept_statuses_failed")

    async def _run_timers(self) -> None:
        """Fire due timers (reply windows, offers, ladder steps) every few
        seconds, and tell the coordinators about urgent messages stuck unsent."""
        while True:
            try:
                await fire_due(self.database, self.shell, self.timers)
                if await report_overdue(self.database, self.shell):
                    self.dispatcher.wake()
            except Exception:  # the database may be briefly away; try again soon
                log.exception("timers.loop_failed")
            await asyncio.sleep(TIMER_POLL_SECONDS)

    async def _poll_telegram(self) -> None:
        """Long polling, for running without a public URL (`--telegram-polling`)."""
        assert self.telegram is not None
        await self.telegram.delete_webhook()
        offset = 0
        while True:
            try:
                updates = await self.telegram.get_updates(offset=offset, timeout=25)
            except Exception:  # network trouble: wait and poll again, never stop
                log.exception("telegram.poll_failed")
                await asyncio.sleep(5)
                continue
            for update in updates:
                offset = max(offset, int(update.get("update_id", 0)) + 1)
                inbound = parse_update(update, self.shell.now())
                if inbound is None:
                    continue
                await receive(self.database, self.shell, inbound)
                if inbound.callback_query_id:
                    await self.telegram.answer_callback(inbound.callback_query_id)


def build_runtime(
    config: Config,
    database: Database | None = None,
    *,
    clock: Callable[[], datetime] | None = None,
) -> Runtime:
    database = database or Database(config.database.url, clock=clock or system_clock)
    if clock is not None and clock is not database.clock:
        raise ValueError("two clocks: build the Database with the runtime's clock")
    shell = build_shell(config, database.clock)
    senders: dict[str, Sender] = {Channel.SIMULATOR.value: simulator_send}
    limits: dict[str, ChannelRateLimit] = {}
    lookups: dict[str, Lookup] = {}
    telegram = twilio = None
    if config.telegram.enabled:
        telegram = TelegramAdapter(config.telegram.token, config.telegram.api_base_url)
        senders[Channel.TELEGRAM.value] = adapter_sender(Channel.TELEGRAM, telegram.send)
        limits[Channel.TELEGRAM.value] = ChannelRateLimit(
            config.telegram.rate_per_second, config.telegram.rate_per_chat_per_second
        )
    if config.twilio.enabled:
        twilio = TwilioSmsAdapter(
            config.twilio.account_sid,
            config.twilio.auth_token,
            from_number=None if config.twilio.messaging_service_sid else config.twilio.from_number,
            messaging_service_sid=config.twilio.messaging_service_sid or None,
            status_callback_url=public_request_url(
                config.service.public_url, "/webhooks/twilio/status"
            ),
            api_base_url=config.twilio.api_base_url,
            clock=shell.clock,
        )
        senders[Channel.SMS.value] = adapter_sender(Channel.SMS, twilio.send)
        lookups[Channel.SMS.value] = twilio_lookup(twilio)
        limits[Channel.SMS.value] = ChannelRateLimit(config.twilio.rate_per_second)
    dispatcher = Dispatcher(
        SqlOutboxStore(database, shell.clock), senders, limits, clock=shell.clock, lookups=lookups
    )
    shell.on_outbox = dispatcher.wake
    log_event(
        log,
        "runtime.built",
        telegram_enabled=telegram is not None,
        twilio_enabled=twilio is not None,
        simulator=config.simulator_only,
    )
    return Runtime(config, database, shell, dispatcher, telegram, twilio)
