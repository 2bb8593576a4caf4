"""What every part of the shell needs for a turn: config, engine settings, clock.

Built once at start (and per test); passed explicitly, never a global.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.core.clock import system_clock
from bot.core.config import Config
from bot.core.errors import ConfigError
from conversations.settings import Settings
from conversations.templates import TemplateError
from scheduler.pacing import Pacing
from scheduler.quiet_hours import QuietHours


@dataclass
class Shell:
    config: Config
    settings: Settings
    tz: ZoneInfo
    quiet_hours: QuietHours
    pacing: Pacing = field(default_factory=Pacing)
    clock: Callable[[], datetime] = system_clock
    # Called after a commit that added outbox rows (the dispatcher's wake()).
    on_outbox: Callable[[], None] = field(default=lambda: None)

    def now(self) -> datetime:
        return self.clock()

    def settings_now(self, *, help_available: bool, next_available: datetime | None) -> Settings:
        """Engine settings with the current volunteer availability."""
        return replace(
            self.settings,
            help_available_now=help_available,
            help_next_available=next_available,
        )


def build_settings(config: Config) -> Settings:
    """Engine settings from config; a bad text override is a ConfigError naming the key."""
    try:
        return Settings.build(
            organisation=config.service.organisation,
            service_name=config.service.name,
            coordinator_phone=config.service.coordinator_phone,
            default_lang=config.service.default_lang,
            reply_window=timedelta(hours=config.checkin.reply_window_hours),
            bad_moods_before_escalation=config.checkin.bad_moods_before_escalation,
            template_overrides={lang: dict(texts) for lang, texts in config.templates.items()},
        )
    except TemplateError as exc:
        raise ConfigError(f"[templates] {exc}") from None


def build_shell(config: Config, clock: Callable[[], datetime] = system_clock) -> Shell:
    return Shell(
        config=config,
        settings=build_settings(config),
        tz=ZoneInfo(config.service.timezone),
        quiet_hours=QuietHours.parse(config.service.quiet_hours),
        pacing=Pacing(
            daily_cap=config.pacing.daily_cap,
            min_gap=timedelta(minutes=config.pacing.min_gap_minutes),
        ),
        clock=clock,
    )
