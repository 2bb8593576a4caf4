"""Configuration: one TOML file, validated at start, secrets from the environment.

Every key is documented in `config.example.toml`. A typo (`shedule`) is an
error naming the key, never silently ignored.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
)

from bot.core.errors import ConfigError
from conversations.templates import SUPPORTED_LANGUAGES
from scheduler.quiet_hours import QuietHours, QuietHoursError
from scheduler.schedules import ScheduleError, validate_schedule

# The languages Hejsan speaks are the engine's, derived from its template
# files: one list for config, people and the CLI.
LANGS: tuple[str, ...] = SUPPORTED_LANGUAGES

ENV_CONFIG_PATH = "HEJSAN_CONFIG"
_QUIET_HOURS = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")


def _supported_lang(value: str) -> str:
    if value not in SUPPORTED_LANGUAGES:
        supported = ", ".join(SUPPORTED_LANGUAGES)
        raise ValueError(f"unknown language {value!r}; one of {supported}")
    return value


# A language Hejsan ships texts for; the list comes from the template files.
Lang = Annotated[str, AfterValidator(_supported_lang)]


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ServiceConfig(_Section):
    name: str = "Hejsan"
    organisation: str = "kommunen"
    public_url: str = "http://127.0.0.1:8080"
    timezone: str = "Europe/Stockholm"
    quiet_hours: str = "20:00-09:00"
    default_lang: Lang = "sv"
    coordinator_phone: str = ""
    demo_data: bool = True

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r} (e.g. Europe/Stockholm)") from exc
        return value

    @field_validator("quiet_hours")
    @classmethod
    def _quiet_hours_format(cls, value: str) -> str:
        if value.strip() == "":
            return ""
        match = _QUIET_HOURS.match(value)
        if not match:
            raise ValueError('expected "HH:MM-HH:MM", e.g. "20:00-09:00", or "" for none')
        hours = (int(match[1]), int(match[3]))
        minutes = (int(match[2]), int(match[4]))
        if any(h > 23 for h in hours) or any(m > 59 for m in minutes):
            raise ValueError("hours must be 00-23 and minutes 00-59")
        try:
            QuietHours.parse(value)
        except QuietHoursError as exc:
            raise ValueError(str(exc)) from None
        return value.strip()

    @field_validator("public_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value.rstrip("/")


class DatabaseConfig(_Section):
    url: str = "sqlite:///hejsan.db"

    @field_validator("url")
    @classmethod
    def _supported(cls, value: str) -> str:
        if not value.startswith(("sqlite", "postgresql", "postgres://")):
            raise ValueError("must be a sqlite:/// or postgresql:// URL")
        return value


class LoggingConfig(_Section):
    level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    format: Literal["auto", "json", "text"] = "auto"
    library_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "WARNING"


class TelegramConfig(_Section):
    token: str = ""
    webhook_secret: str = ""
    api_base_url: str = "https://api.telegram.org/bot"
    rate_per_second: float = Field(default=30.0, gt=0)
    rate_per_chat_per_second: float = Field(default=1.0, gt=0)

    @property
    def enabled(self) -> bool:
        return bool(self.token)

    @field_validator("webhook_secret")
    @classmethod
    def _secret_chars(cls, value: str) -> str:
        if value and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", value):
            raise ValueError("1-256 characters of A-Z, a-z, 0-9, _ and -")
        return value


class TwilioConfig(_Section):
    account_sid: str = ""
    auth_token: str = ""
    from_number: str = ""
    messaging_service_sid: str = ""
    api_base_url: str = "https://api.twilio.com"
    rate_per_second: float = Field(default=1.0, gt=0)
    price_per_segment: float = Field(default=0.45, ge=0)
    currency: str = "SEK"

    @property
    def enabled(self) -> bool:
        return bool(self.account_sid and self.auth_token)


class EscalationConfig(_Section):
    coordinators: list[str] = Field(default_factory=list)
    alert_count: int = Field(default=2, ge=1)
    claim_timeout_minutes: int = Field(default=15, ge=1)
    urgent_claim_timeout_minutes: int = Field(default=5, ge=1)
    # A reply flagged for a person to read becomes a case if nobody has read
    # it in this many daytime minutes (issue 13).
    review_after_minutes: int = Field(default=120, ge=1)


# A week: a longer reply window is a typo, and an endless one ("inf") would
# make every send of the campaign fail when its timer is computed.
MAX_REPLY_WINDOW_HOURS = 168


class CheckInConfig(_Section):
    reply_window_hours: float = Field(default=4.0, gt=0, le=MAX_REPLY_WINDOW_HOURS)
    missed_before_escalation: int = Field(default=2, ge=1)
    bad_moods_before_escalation: int = Field(default=3, ge=1)


class PrivacyConfig(_Section):
    """How long personal data is kept (GDPR storage limitation)."""

    retention_days: int = Field(default=30, ge=0)
    message_retention_days: int = Field(default=365, ge=1)


class PacingConfig(_Section):
    """How often Hejsan may start contact with one senior (replies are never paced)."""

    daily_cap: int = Field(default=2, ge=1)
    min_gap_minutes: int = Field(default=30, ge=0)


class CampaignConfig(_Section):
    name: str = Field(min_length=1)
    kind: Literal["checkin", "invitation", "message"]
    schedule: str
    audience_tags: list[str] = Field(default_factory=list)
    audience_orgs: list[str] = Field(default_factory=list)
    audience_areas: list[str] = Field(default_factory=list)
    audience_langs: list[Lang] = Field(default_factory=list)
    text: dict[str, str] = Field(default_factory=dict)
    reply_window_hours: float | None = Field(default=None, gt=0, le=MAX_REPLY_WINDOW_HOURS)
    paused: bool = False

    @field_validator("schedule")
    @classmethod
    def _valid_schedule(cls, value: str) -> str:
        """Five cron fields, optionally "every N weeks from YYYY-MM-DD" (scheduler.schedules)."""
        try:
            return validate_schedule(value)
        except ScheduleError as exc:
            raise ValueError(f"not a usable cron schedule: {exc}") from None


class Config(_Section):
    service: ServiceConfig = Field(default_factory=ServiceConfig)
    database: DatabaseConfig = Field(default_factory=DatabaseConfig)
    logging: LoggingConfig = Field(default_factory=LoggingConfig)
    telegram: TelegramConfig = Field(default_factory=TelegramConfig)
    twilio: TwilioConfig = Field(default_factory=TwilioConfig)
    escalation: EscalationConfig = Field(default_factory=EscalationConfig)
    checkin: CheckInConfig = Field(default_factory=CheckInConfig)
    privacy: PrivacyConfig = Field(default_factory=PrivacyConfig)
    pacing: PacingConfig = Field(default_factory=PacingConfig)
    templates: dict[Lang, dict[str, str]] = Field(default_factory=dict)
    campaigns: list[CampaignConfig] = Field(default_factory=list)

    @property
    def simulator_only(self) -> bool:
        """No real channel configured: the built-in simulator is the channel."""
        return not (self.telegram.enabled or self.twilio.enabled)


# Environment variables that override scalar keys, so secrets need not sit in files.
_ENV_SECTIONS = ("service", "database", "logging", "telegram", "twilio")


def _env_overrides(environ: Mapping[str, str]) -> dict[str, dict[str, str]]:
    overrides: dict[str, dict[str, str]] = {}
    for section in _ENV_SECTIONS:
        model = Config.model_fields[section].annotation
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            continue
        for key in model.model_fields:
            name = f"HEJSAN_{section.upper()}_{key.upper()}"
            if name in environ:
                overrides.setdefault(section, {})[key] = environ[name]
    return overrides


def _format_error(source: str, error: ValidationError) -> str:
    lines = [f"{source}: invalid configuration"]
    for item in error.errors():
        loc = [str(part) for part in item["loc"]]
        if len(loc) > 2 and loc[0] == "campaigns" and loc[1].isdigit():
            where = f"[[campaigns]] #{int(loc[1]) + 1} {'.'.join(loc[2:])}"
        elif len(loc) > 1:
            where = f"[{loc[0]}] {'.'.join(loc[1:])}"
        else:
            where = loc[0] if loc else "?"
        if item["type"] == "extra_forbidden":
            message = "unknown key (check the spelling against config.example.toml)"
        else:
            message = item["msg"].removeprefix("Value error, ")
        lines.append(f"  {where.strip()}: {message}")
    return "\n".join(lines)


def resolve_config_path(path: Path | None, environ: Mapping[str, str]) -> Path | None:
    """`--config` wins, then HEJSAN_CONFIG; None means embedded defaults."""
    if path is not None:
        return path
    from_env = environ.get(ENV_CONFIG_PATH, "").strip()
    return Path(from_env) if from_env else None


def load_config(path: Path | None = None, environ: Mapping[str, str] | None = None) -> Config:
    """Read, merge with the environment, and validate; raise ConfigError on any problem."""
    env = os.environ if environ is None else environ
    resolved = resolve_config_path(path, env)
    data: dict[str, Any] = {}
    source = "embedded defaults"
    if resolved is not None:
        source = str(resolved)
        try:
            data = tomllib.loads(resolved.read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise ConfigError(f"{resolved}: config file not found") from exc
        except UnicodeDecodeError as exc:
            raise ConfigError(f"{resolved}: not UTF-8 text") from exc
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{resolved}: not valid TOML: {exc}") from exc
    for section, values in _env_overrides(env).items():
        if section in data and not isinstance(data[section], dict):
            raise ConfigError(f"{source}: [{section}] must be a table")
        data.setdefault(section, {}).update(values)
    try:
        return Config.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(_format_error(source, exc)) from None
