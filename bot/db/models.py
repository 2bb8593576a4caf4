"""The database tables, as typed SQLAlchemy 2 models.

Times are stored in UTC (`UtcDateTime` refuses naive datetimes). Names follow
the coordinators' words: seniors, volunteers, escalations, outbox messages.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    false,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.engine.default import DefaultExecutionContext
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


CLOCK_OPTION = "hejsan_clock"
"""The engine execution option that carries the clock (see `bot.db.database`)."""


def stamp(context: DefaultExecutionContext) -> datetime:
    """Now, read from the clock of the database that writes the row.

    Default and on-update timestamps come from the same injected clock as
    every other time Hejsan records, so a test's fake clock governs them
    too. An engine without a clock is a wiring mistake, not a reason to
    read the system clock behind the caller's back.
    """
    clock = context.execution_options.get(CLOCK_OPTION)
    if clock is None:
        raise RuntimeError("a row was written through an engine without a clock (use Database)")
    now: datetime = clock()
    return now


class UtcDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC in, aware UTC out, on SQLite and PostgreSQL alike."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the database; pass an aware UTC time")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UtcDateTime(),
        dict[str, Any]: JSON,
        list[str]: JSON,
    }


class Senior(Base):
    __tablename__ = "seniors"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    lang: Mapped[str] = mapped_column(String(5), default="sv")
    tags: Mapped[list[str]] = mapped_column(default=list)
    area: Mapped[str | None] = mapped_column(String(100))
    notes: Mapped[str | None] = mapped_column(Text)
    paused: Mapped[bool] = mapped_column(Boolean, default=False)
    opted_out_at: Mapped[datetime | None]
    # --- safety check (migration 0004s) ---
    # The daily safety check's local time ("09:30"), None when off; the
    # reminders' minutes after it ("30,60"). A pause the senior asks for by
    # text (PAUS 7) is `paused_until` below, as a coordinator's pause is.
    safety_check_at: Mapped[str | None] = mapped_column(String(5))
    safety_reminders: Mapped[str] = mapped_column(String(50), default="30,60")
    # --- end safety check ---
    created_at: Mapped[datetime] = mapped_column(default=stamp)
    updated_at: Mapped[datetime] = mapped_column(default=stamp, onupdate=stamp)
    # --- people over time (migration 0004p) ---
    paused_until: Mapped[datetime | None]
    opted_out_by: Mapped[str | None] = mapped_column(String(100))
    removed_at: Mapped[datetime | None]
    erased_at: Mapped[datetime | None]
    demo: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # --- end 0004p ---

    addresses: Mapped[list[Address]] = relationship(
        back_populates="senior", foreign_keys="Address.senior_id"
    )


class Volunteer(Base):
    __tablename__ = "volunteers"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    org: Mapped[str | None] = mapped_column(String(200))
    lang: Mapped[str] = mapped_column(String(5), default="sv")
    tags: Mapped[list[str]] = mapped_column(default=list)
    # e.g. "mon-fri 09:00-17:00"; empty means any time.
    availability: Mapped[str] = mapped_column(String(200), default="")
    max_open_cases: Mapped[int] = mapped_column(Integer, default=3)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    last_alerted_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=stamp)
    updated_at: Mapped[datetime] = mapped_column(default=stamp, onupdate=stamp)
    # --- people over time (migration 0004p) ---
    paused_until: Mapped[datetime | None]
    removed_at: Mapped[datetime | None]
    erased_at: Mapped[datetime | None]
    demo: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # --- end 0004p ---

    addresses: Mapped[list[Address]] = relationship(
        back_populates="volunteer", foreign_keys="Address.volunteer_id"
    )


class Address(Base):
    """A way to reach a person: a phone number or a Telegram chat.

    An address with no owner is an unknown sender, kept so coordinators can
    see who wrote and so the polite reply goes out at most once a day.
    """

    __tablename__ = "addresses"
    __table_args__ = (
        UniqueConstraint("channel", "value"),
        CheckConstraint("senior_id IS NULL OR volunteer_id IS NULL", name="one_owner"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(20))  # sms | telegram | simulator
    value: Mapped[str] = mapped_column(String(64))
    senior_id: Mapped[int | None] = mapped_column(
        ForeignKey("seniors.id", ondelete="CASCADE"), index=True
    )
    volunteer_id: Mapped[int | None] = mapped_column(
        ForeignKey("volunteers.id", ondelete="CASCADE"), index=True
    )
    unusable_reason: Mapped[str | None] = mapped_column(String(200))
    unusable_at: Mapped[datetime | None]
    last_unknown_reply_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=stamp)

    senior: Mapped[Senior | None] = relationship(
        back_populates="addresses", foreign_keys=[senior_id]
    )
    volunteer: Mapped[Volunteer | None] = relationship(
        back_populates="addresses", foreign_keys=[volunteer_id]
    )


class ConversationState(Base):
    """Where one senior's conversation stands, stored after every turn."""

    __tablename__ = "conversation_states"

    senior_id: Mapped[int] = mapped_column(
        ForeignKey("seniors.id", ondelete="CASCADE"), primary_key=True
    )
    state: Mapped[dict[str, Any]] = mapped_column(default=dict)
    updated_at: Mapped[datetime] = mapped_column(default=stamp, onupdate=stamp)


class Message(Base):
    """Every message in and out. Outgoing rows are the outbox."""

    __tablename__ = "messages"
    __table_args__ = (
        UniqueConstraint("channel", "direction", "provider_message_id"),
        UniqueConstraint("idempotency_key"),
        Index("ix_messages_outbox_due", "status", "next_attempt_at"),
        Index("ix_messages_outbox_kind_due", "kind", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    direction: Mapped[str] = mapped_column(String(3))  # in | out
    channel: Mapped[str] = mapped_column(String(20))
    address_id: Mapped[int] = mapped_column(ForeignKey("addresses.id"), index=True)
    senior_id: Mapped[int | None] = mapped_column(
        ForeignKey("seniors.id", ondelete="SET NULL"), index=True
    )
    volunteer_id: Mapped[int | None] = mapped_column(
        ForeignKey("volunteers.id", ondelete="SET NULL"), index=True
    )
    body: Mapped[str] = mapped_column(Text, default="")
    buttons: Mapped[list[str]] = mapped_column(default=list)
    kind: Mapped[str] = mapped_column(String(20), default="reply")  # reply|proactive|alert
    template: Mapped[str | None] = mapped_column(String(100))
    provider_message_id: Mapped[str | None] = mapped_column(String(100))
    idempotency_key: Mapped[str | None] = mapped_column(String(200))
    # queued -> sending -> sent -> delivered | failed   (inbound: received)
    status: Mapped[str] = mapped_column(String(20), default="queued")
    error_code: Mapped[str | None] = mapped_column(String(50))
    error_detail: Mapped[str | None] = mapped_column(String(500))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=stamp)
    sent_at: Mapped[datetime | None]
    delivered_at: Mapped[datetime | None]
    updated_at: Mapped[datetime] = mapped_column(default=stamp, onupdate=stamp)
    # --- delivery under failure (revision 0004d) ---
    # Which dispatcher claimed the row (its worker number) and when the request
    # to the provider started: a row `sending` with no attempt start was never
    # sent; one with a start is in doubt after a crash.
    claimed_by: Mapped[int | None] = mapped_column(Integer)
    attempt_started_at: Mapped[datetime | None]
    # An urgent alert or reply not out in time: the coordinators were told.
    overdue_at: Mapped[datetime | None]


class Reading(Base):
    """What an inbound message was understood to mean."""

    __tablename__ = "readings"

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(
        ForeignKey("messages.id", ondelete="CASCADE"), unique=True
    )
    context: Mapped[str] = mapped_column(String(20))
    mood: Mapped[str | None] = mapped_column(String(10))
    rsvp: Mapped[str | None] = mapped_column(String(10))
    guests: Mapped[int | None] = mapped_column(Integer)
    contact: Mapped[bool] = mapped_column(Boolean, default=False)
    urgent: Mapped[bool] = mapped_column(Boolean, default=False)
    stop: Mapped[bool] = mapped_column(Boolean, default=False)
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=stamp)
    # --- review (issue 13, migration 0004r) ---------------------------------
    # A person should read this reply (the console's "Att läsa" list) until
    # someone marks it handled.
    review: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    review_reason: Mapped[str | None] = mapped_column(String(20))
    reviewed_at: Mapped[datetime | None]
    reviewed_by: Mapped[str | None] = mapped_column(String(100))

    __table_args__ = (Index("ix_readings_to_review", "review", "reviewed_at"),)


class ReadingCorrection(Base):
    """A coordinator's corrected reading of a reply (issue 13, migration 0004r):
    `hejsan readings export --jsonl` turns these into labelled training data."""

    __tablename__ = "reading_corrections"

    id: Mapped[int] = mapped_column(primary_key=True)
    reading_id: Mapped[int] = mapped_column(
        ForeignKey("readings.id", ondelete="CASCADE"), index=True
    )
    mood: Mapped[str | None] = mapped_column(String(10))
    rsvp: Mapped[str | None] = mapped_column(String(10))
    guests: Mapped[int | None] = mapped_column(Integer)
    contact: Mapped[bool] = mapped_column(Boolean, default=False)
    urgent: Mapped[bool] = mapped_column(Boolean, default=False)
    stop: Mapped[bool] = mapped_column(Boolean, default=False)
    corrected_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(default=stamp)


# --- end of review (issue 13) ------------------------------------------------


class CheckInResult(Base):
    """One senior's answer (or silence) to one check-in occurrence."""

    __tablename__ = "checkin_results"
    __table_args__ = (UniqueConstraint("senior_id", "campaign", "occurrence"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    senior_id: Mapped[int] = mapped_column(ForeignKey("seniors.id", ondelete="CASCADE"))
    campaign: Mapped[str] = mapped_column(String(100))
    occurrence: Mapped[str] = mapped_column(String(100))
    asked_at: Mapped[datetime] = mapped_column(default=stamp)
    answered_at: Mapped[datetime | None]
    mood: Mapped[str | None] = mapped_column(String(10))
    message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id", ondelete="SET NULL"))


class Event(Base):
    """A soup lunch, coffee morning or similar, with a capacity that counts guests."""

    __tablename__ = "events"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    venue: Mapped[str] = mapped_column(String(200))
    starts_at: Mapped[datetime]
    capacity: Mapped[int | None] = mapped_column(Integer)
    price: Mapped[str | None] = mapped_column(String(100))
    rsvp_by: Mapped[datetime | None]
    audience_tag: Mapped[str | None] = mapped_column(String(100))
    invite_days_before: Mapped[int] = mapped_column(Integer, default=7)
    remind_days_before: Mapped[int] = mapped_column(Integer, default=1)
    series: Mapped[str | None] = mapped_column(String(100))
    cancelled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=stamp)
    # --- people over time (migration 0004p) ---
    cancelled_at: Mapped[datetime | None]
    demo: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # --- end 0004p ---


class Rsvp(Base):
    __tablename__ = "rsvps"
    __table_args__ = (UniqueConstraint("event_id", "senior_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    senior_id: Mapped[int] = mapped_column(ForeignKey("seniors.id", ondelete="CASCADE"))
    answer: Mapped[str] = mapped_column(String(10))  # yes | no | maybe | waitlist
    guests: Mapped[int] = mapped_column(Integer, default=0)
    answered_at: Mapped[datetime] = mapped_column(default=stamp)
    updated_at: Mapped[datetime] = mapped_column(default=stamp, onupdate=stamp)


class Escalation(Base):
    """A case for a human: open -> alerted -> claimed -> resolved (or cancelled)."""

    __tablename__ = "escalations"
    __table_args__ = (Index("ix_escalations_status", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    senior_id: Mapped[int] = mapped_column(ForeignKey("seniors.id", ondelete="CASCADE"))
    message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id", ondelete="SET NULL"))
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id", ondelete="SET NULL"))
    reason: Mapped[str] = mapped_column(String(30))
    urgency: Mapped[str] = mapped_column(String(10), default="normal")
    quote: Mapped[str] = mapped_column(String(300), default="")
    status: Mapped[str] = mapped_column(String(20), default="open")
    level: Mapped[int] = mapped_column(Integer, default=0)
    claimed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("volunteers.id", ondelete="SET NULL")
    )
    claimed_at: Mapped[datetime | None]
    resolved_at: Mapped[datetime | None]
    resolution_note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=stamp)
    updated_at: Mapped[datetime] = mapped_column(default=stamp, onupdate=stamp)
    # (revision 0004d) An alert or reply about this case has not gone out in time.
    delivery_overdue_at: Mapped[datetime | None]


class AuditEntry(Base):
    """Who did what and when: claims, resolutions, imports, opt-outs."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=stamp, index=True)
    actor: Mapped[str] = mapped_column(String(100))  # "system", "cli", "volunteer:3"
    action: Mapped[str] = mapped_column(String(100))
    subject_type: Mapped[str | None] = mapped_column(String(50))
    subject_id: Mapped[int | None] = mapped_column(Integer)
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # console (0004c): the account that acted and from where (never content).
    account_id: Mapped[int | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="SET NULL"), index=True
    )
    ip: Mapped[str | None] = mapped_column(String(64))
    senior_id: Mapped[int | None] = mapped_column(Integer, index=True)


class Timer(Base):
    """Something that must happen later: a reply window, a reminder, a ladder step.

    Every timer is a row, so a restart loses none. `subject` says whose timer
    it is ("senior:4", "escalation:17", "event:3"); one timer per subject and kind.
    """

    __tablename__ = "timers"
    __table_args__ = (UniqueConstraint("subject", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    subject: Mapped[str] = mapped_column(String(50))
    kind: Mapped[str] = mapped_column(String(50))
    due_at: Mapped[datetime] = mapped_column(index=True)
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=stamp)


class LinkToken(Base):
    """A single-use Telegram onboarding token (the deep link's `start` payload)."""

    __tablename__ = "link_tokens"

    token: Mapped[str] = mapped_column(String(64), primary_key=True)
    senior_id: Mapped[int | None] = mapped_column(ForeignKey("seniors.id", ondelete="CASCADE"))
    volunteer_id: Mapped[int | None] = mapped_column(
        ForeignKey("volunteers.id", ondelete="CASCADE")
    )
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=stamp)


class EscalationAlert(Base):
    """One alert about one case to one volunteer or coordinator, and their answer."""

    __tablename__ = "escalation_alerts"
    __table_args__ = (UniqueConstraint("escalation_id", "address_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    escalation_id: Mapped[int] = mapped_column(
        ForeignKey("escalations.id", ondelete="CASCADE"), index=True
    )
    address_id: Mapped[int] = mapped_column(ForeignKey("addresses.id", ondelete="CASCADE"))
    volunteer_id: Mapped[int | None] = mapped_column(
        ForeignKey("volunteers.id", ondelete="SET NULL")
    )
    level: Mapped[int] = mapped_column(Integer, default=0)
    message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id", ondelete="SET NULL"))
    response: Mapped[str | None] = mapped_column(String(20))  # claimed | passed | taken
    responded_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=stamp)


class CampaignRun(Base):
    """One occurrence of a campaign that has been planned: the exactly-once record."""

    __tablename__ = "campaign_runs"
    __table_args__ = (UniqueConstraint("campaign", "occurrence"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign: Mapped[str] = mapped_column(String(100))
    occurrence: Mapped[str] = mapped_column(String(50))
    scheduled_for: Mapped[datetime]
    started_at: Mapped[datetime] = mapped_column(default=stamp)
    finished_at: Mapped[datetime | None]
    planned: Mapped[int] = mapped_column(Integer, default=0)
    skipped: Mapped[dict[str, Any]] = mapped_column(default=dict)


class CampaignState(Base):
    """Paused or not: set from the CLI, kept across restarts and config reloads."""

    __tablename__ = "campaign_states"

    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    paused: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(default=stamp, onupdate=stamp)


# --- close contacts (migration 0004s) ---


class CloseContact(Base):
    """A senior's närstående: a relative or neighbour, with the senior's
    consent recorded. Reached and answering like a volunteer (the Volunteer
    row holds name, language and addresses), but alerted only about this
    senior, and first when `first_tier` is set."""

    __tablename__ = "close_contacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    senior_id: Mapped[int] = mapped_column(ForeignKey("seniors.id", ondelete="CASCADE"), index=True)
    volunteer_id: Mapped[int] = mapped_column(
        ForeignKey("volunteers.id", ondelete="CASCADE"), unique=True
    )
    relation: Mapped[str] = mapped_column(String(100), default="")
    has_key: Mapped[bool] = mapped_column(Boolean, default=False)
    first_tier: Mapped[bool] = mapped_column(Boolean, default=True)
    consent_by: Mapped[str] = mapped_column(String(200))
    consent_at: Mapped[datetime]
    created_at: Mapped[datetime] = mapped_column(default=stamp)


# --- end close contacts ---


# ---------------------------------------------------------------- console (0004c)
# Coordinators' accounts, their sessions and API tokens, campaigns edited in the
# console, and which "to read" replies a person has handled.


class Account(Base):
    """A coordinator's login to the console: admin, coordinator or viewer."""

    __tablename__ = "accounts"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))  # admin | coordinator | viewer
    password_hash: Mapped[str | None] = mapped_column(String(300))
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None]
    last_login_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=stamp)
    updated_at: Mapped[datetime] = mapped_column(default=stamp, onupdate=stamp)


class ConsoleSession(Base):
    """A logged-in browser, stored server-side so it can be revoked.

    The cookie holds only the random id; idle and absolute timeouts are checked
    against `last_seen_at` and `created_at` on every request.
    """

    __tablename__ = "console_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    csrf_token: Mapped[str] = mapped_column(String(64))
    ip: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=stamp)
    last_seen_at: Mapped[datetime] = mapped_column(default=stamp)
    revoked_at: Mapped[datetime | None]


class ApiToken(Base):
    """A bearer token for the JSON API; only its SHA-256 is stored."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[datetime] = mapped_column(default=stamp)
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]


class CampaignDefinition(Base):
    """A campaign as the console edits it while the service runs.

    Seeded from `[[campaigns]]` in the config on first start (`from_config`);
    the scheduler reloads when `updated_at` moves. Paused state stays in
    `campaign_states`.
    """

    __tablename__ = "campaigns"

    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # checkin | invitation | message
    schedule: Mapped[str] = mapped_column(String(100))
    audience_tags: Mapped[list[str]] = mapped_column(default=list)
    audience_orgs: Mapped[list[str]] = mapped_column(default=list)
    audience_langs: Mapped[list[str]] = mapped_column(default=list)
    text: Mapped[dict[str, Any]] = mapped_column(default=dict)
    reply_window_hours: Mapped[float | None]
    from_config: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=stamp)
    updated_at: Mapped[datetime] = mapped_column(default=stamp, onupdate=stamp)


class ReviewHandled(Base):
    """An inbound reply on the "to read" list that a person has dealt with."""

    __tablename__ = "review_handled"

    message_id: Mapped[int] = mapped_column(
        ForeignKey("messages.id", ondelete="CASCADE"), primary_key=True
    )
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))
    how: Mapped[str] = mapped_column(String(20))  # handled | answered | case
    handled_at: Mapped[datetime] = mapped_column(default=stamp)


# Indexes the console's pages read by (console, 0004c): today's check-ins by
# time, and recent inbound replies for "Att läsa".
Index("ix_checkin_results_asked_at", CheckInResult.asked_at)
Index("ix_messages_direction_created_at", Message.direction, Message.created_at)
# Replies nothing was recognised in: the "Att läsa" list starts from these few rows.
# The index is partial, WHERE mood IS NULL AND rsvp IS NULL AND contact, urgent
# and stop are false, as migration 0004c creates it on each database (Alembic's
# comparison of models and schema does not look at the condition). It is not
# repeated here: `postgresql_where` would load SQLAlchemy's PostgreSQL dialect
# in every process, a SQLite one too (a tenth of `hejsan seniors list`).
Index("ix_readings_not_understood", Reading.message_id)

# --- delivery under failure (revision 0004d) ---------------------------------


class EarlyStatus(Base):
    """A delivery callback that came before its message's provider id was
    recorded; applied when the id is (then deleted)."""

    __tablename__ = "early_statuses"
    __table_args__ = (Index("ix_early_statuses_lookup", "channel", "provider_message_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(20))
    provider_message_id: Mapped[str] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(20))
    error_code: Mapped[str | None] = mapped_column(String(50))
    received_at: Mapped[datetime] = mapped_column(default=stamp)


class RateSlot(Base):
    """PostgreSQL: the next free send slot of a channel, shared by every worker,
    so two processes together keep the provider's rate (not twice it)."""

    __tablename__ = "rate_slots"

    channel: Mapped[str] = mapped_column(String(20), primary_key=True)
    next_free: Mapped[datetime]


# --- set-password links (revision 0005s) -------------------------------------


class PasswordLink(Base):
    """A one-time link that lets a person set their own account's password.

    Only the SHA-256 of the link's token is stored, so a copy of the database
    holds no usable link. Used once (`used_at`), dead after `expires_at`.
    """

    __tablename__ = "password_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=stamp)


# --- end set-password links ---
