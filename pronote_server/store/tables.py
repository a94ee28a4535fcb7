"""The control-plane tables (SQLAlchemy 2 declarative models).

The schema itself is owned by the Alembic migrations in ``pronote_server/migrations``; these
classes must stay in step with them (``tests/server/test_store.py`` checks it on SQLite and
PostgreSQL). Everything a second worker would need lives here, never in process memory.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    TypeDecorator,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class UtcDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes on every backend (SQLite hands back naive values otherwise)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    type_annotation_map = {datetime: UtcDateTime, dict[str, Any]: JSON}


class Account(Base):
    """A school's hosting account. Secrets are only stored as a hash (password) or encrypted
    (invoice number, which must be re-sendable)."""

    __tablename__ = "accounts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    hosting_number: Mapped[str] = mapped_column(String(12), unique=True)
    client_reference: Mapped[str] = mapped_column(String(32))
    uai: Mapped[str] = mapped_column(String(8), index=True)
    school_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(255))
    password_changed_at: Mapped[datetime]
    invoice_number_encrypted: Mapped[bytes] = mapped_column(LargeBinary)
    formula: Mapped[str] = mapped_column(String(16))
    options: Mapped[dict[str, Any]]
    editing_licences: Mapped[int] = mapped_column(Integer)
    licence_expires_on: Mapped[date] = mapped_column(Date)
    manager_name: Mapped[str] = mapped_column(String(120))
    manager_email: Mapped[str] = mapped_column(String(254))
    manager_phone: Mapped[str] = mapped_column(String(20))
    notifications: Mapped[dict[str, Any]]
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime]


class Certificate(Base):
    """A console workstation's client certificate, issued by ``/v1/enrol``."""

    __tablename__ = "certificates"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    serial: Mapped[str] = mapped_column(String(40), unique=True)
    fingerprint_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    workstation: Mapped[str] = mapped_column(String(128))
    issued_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]


class ConsoleSession(Base):
    """A logged-in console. Only the token's SHA-256 is stored: the token itself is a 256-bit
    random value, so a plain hash is enough and a stolen database yields no usable token."""

    __tablename__ = "sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    certificate_fingerprint: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]
    expires_at: Mapped[datetime] = mapped_column(index=True)


class HistoryRecord(Base):
    """One administrative action. ``detail`` never holds a secret (checked by the tests)."""

    __tablename__ = "history"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"), index=True)
    at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(32))
    source_ip: Mapped[str | None] = mapped_column(String(45))
    action: Mapped[str] = mapped_column(String(64), index=True)
    outcome: Mapped[str] = mapped_column(String(16))
    detail: Mapped[dict[str, Any]]


class AuthFailure(Base):
    """A failed authentication, counted per source address and school aimed at by the suspension
    rules (:mod:`pronote_server.security.suspensions`). The typed value is never stored, only why
    it failed."""

    __tablename__ = "auth_failures"
    __table_args__ = (
        # The suspension rules count an address's failures at one school's doors (or at doors
        # naming no school) since a moment: one range of this index.
        Index("ix_auth_failures_ip_account_at", "source_ip", "account_id", "at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(index=True)
    source_ip: Mapped[str] = mapped_column(String(45), index=True)
    door: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(String(32))
    # The account the attempt aimed at, when the door names one (hosting number, UAI): the
    # Sécurité tab shows a school only the addresses that tried its own doors.
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"), index=True)


# --- the school base (issue 3) ------------------------------------------------------------------


class SchoolServer(Base):
    """The school server of an account: running or stopped. No row means stopped."""

    __tablename__ = "school_servers"

    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), primary_key=True)
    state: Mapped[str] = mapped_column(String(16))
    changed_at: Mapped[datetime]


class SchoolBase(Base):
    """A base of an account. The file is ``<data>/<path>``; name, year and creation date are
    copied from the file when it is registered so that lists never depend on reading it.
    At most one base per account is current (a partial unique index says so to every worker)."""

    __tablename__ = "school_bases"
    __table_args__ = (
        Index(
            "uq_school_bases_current",
            "account_id",
            unique=True,
            sqlite_where=text("is_current"),
            postgresql_where=text("is_current"),
        ),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    origin: Mapped[str] = mapped_column(String(16))
    path: Mapped[str] = mapped_column(String(255))
    name: Mapped[str] = mapped_column(String(120))
    school_year: Mapped[str] = mapped_column(String(9))
    created_at: Mapped[datetime]
    added_at: Mapped[datetime]
    is_current: Mapped[bool] = mapped_column(Boolean)
    first_in_service_at: Mapped[datetime | None]
    superadmin_defined: Mapped[bool] = mapped_column(Boolean)
    source_filename: Mapped[str | None] = mapped_column(String(255))


class Upload(Base):
    """A file the console is sending in chunks (``<data>/uploads/<id>.part``). ``received`` is
    the number of bytes safely on disk (written and synced): the console resumes there."""

    __tablename__ = "uploads"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    filename: Mapped[str] = mapped_column(String(255))
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    received: Mapped[int] = mapped_column(BigInteger)
    complete: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime] = mapped_column(index=True)  # the expiry sweep reads it


class JobRecord(Base):
    """A long operation on an account's bases. Kept in the store so that any worker can answer
    for it; ``heartbeat_at`` is refreshed while it runs, so a job whose worker died is seen as
    failed (at the next start of the service, or as soon as the heartbeat is too old)."""

    __tablename__ = "jobs"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    state: Mapped[str] = mapped_column(String(16), index=True)
    progress: Mapped[float] = mapped_column(Float)
    step: Mapped[str | None] = mapped_column(String(64))
    error: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    result: Mapped[dict[str, Any]]
    worker: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime]
    heartbeat_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]


# --- the school server's clients (issue 4) --------------------------------------------------------


class ClientCounter(Base):
    """Named counters; ``connections:<account id>`` numbers every change of one account's
    ``client_sessions`` rows (one counter per school, so that its versions reveal nothing of the
    others)."""

    __tablename__ = "client_counters"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger)


class ClientAccount(Base):
    """Per-account settings of the clients: the editing licences reserved for administrators, and
    the highest version whose tombstones were forgotten (an older ``since`` gets the full table)."""

    __tablename__ = "client_accounts"

    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), primary_key=True)
    reserved_for_administrators: Mapped[int] = mapped_column(Integer)
    forgotten_through: Mapped[int] = mapped_column(BigInteger)


class ClientSessionRow(Base):
    """A desktop client's (or PRONOTE.net's) session. Ended sessions stay a while as tombstones
    (``state`` ended or disabled, ``ended_at`` set) so that a delta can name them as removed."""

    __tablename__ = "client_sessions"
    __table_args__ = (
        Index("ix_client_sessions_account_version", "account_id", "version"),
        Index("ix_client_sessions_version", "version"),
        Index("ix_client_sessions_state", "state"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    base_id: Mapped[str] = mapped_column(String(32))
    base_name: Mapped[str] = mapped_column(String(120))
    workstation: Mapped[str] = mapped_column(String(64))
    application: Mapped[str] = mapped_column(String(16))
    mode: Mapped[str | None] = mapped_column(String(16))
    consultation: Mapped[bool] = mapped_column(Boolean)
    licence: Mapped[str] = mapped_column(String(16))
    administrator: Mapped[bool] = mapped_column(Boolean)
    user_identifier: Mapped[str] = mapped_column(String(64))
    source_ip: Mapped[str] = mapped_column(String(45))
    state: Mapped[str] = mapped_column(String(16))
    version: Mapped[int] = mapped_column(BigInteger)
    connected_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]
    end_reason: Mapped[str | None] = mapped_column(String(32))


class Suspension(Base):
    """An address suspended after too many failures (fail2ban's ban), for one school: the one
    whose doors it failed at (``account_id``), or, when ``account_id`` is null, for every school
    (its failures named no school: an unknown hosting number or UAI; only the provider lifts
    it). Lifted early by an unblock (``lifted_at``; ``lifted_by`` is the school that lifted it,
    null when the provider did); otherwise over at ``until``."""

    __tablename__ = "suspensions"
    __table_args__ = (
        # A school's Sécurité tab: its suspensions in force.
        Index("ix_suspensions_account_until", "account_id", "until"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_ip: Mapped[str] = mapped_column(String(45), index=True)
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    since: Mapped[datetime]
    until: Mapped[datetime] = mapped_column(index=True)
    failures: Mapped[int] = mapped_column(Integer)
    door: Mapped[str] = mapped_column(String(16))
    lifted_at: Mapped[datetime | None]
    lifted_by: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))


class ReminderThrottle(Base):
    """How many invoice reminders one hosting number (``scope`` "number") or one source address
    (``scope`` "address"; an IPv6 address counts as its /64) asked for in the window that began
    at ``window_start``: ``sent`` taken, ``refused`` beyond the limit. ``history_id`` is the one
    history line of the window that counts the refusals of an existing account. Rows of windows
    long over are deleted as new requests come."""

    __tablename__ = "reminder_throttles"

    scope: Mapped[str] = mapped_column(String(8), primary_key=True)
    subject: Mapped[str] = mapped_column(String(64), primary_key=True)
    window_start: Mapped[datetime] = mapped_column(index=True)
    sent: Mapped[int] = mapped_column(Integer)
    refused: Mapped[int] = mapped_column(Integer)
    history_id: Mapped[int | None] = mapped_column(Integer)


# --- the scheduler (issue 5) ---------------------------------------------------------------------


class SchedulerLease(Base):
    """Who runs the scheduler's turns (``holder``: host and process) until ``expires_at``; another
    worker takes it over once it has expired (its holder died or stopped renewing it)."""

    __tablename__ = "scheduler_leases"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    holder: Mapped[str] = mapped_column(String(128))
    expires_at: Mapped[datetime]


# --- PRONOTE.net, the web Espaces (issue 13) ----------------------------------------------------


class Publication(Base):
    """A school's publication of its Espaces (Fiche 8): published or not, and its settings
    (:class:`pronote_api.publication.PublicationSettings` as JSON, validated on every read and
    write). ``version`` grows with every change. No row: not published, the default settings."""

    __tablename__ = "publications"

    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), primary_key=True)
    published: Mapped[bool] = mapped_column(Boolean)
    settings: Mapped[dict[str, Any]]
    version: Mapped[int] = mapped_column(BigInteger)
    changed_at: Mapped[datetime]


class EspaceSessionRow(Base):
    """A person logged in to an Espace. Only the cookie token's SHA-256 is kept (a 256-bit random
    value: a stolen database yields no usable cookie). The session shows in Suivi des connexions
    as its ``client_sessions`` row (application PRONOTE.net); it ends at ``idle_until`` (the
    school's inactivity time after the last request), at logout, or with that row."""

    __tablename__ = "espace_sessions"

    token_sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    client_session_id: Mapped[str] = mapped_column(String(32), index=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    espace: Mapped[str] = mapped_column(String(16))
    login: Mapped[str] = mapped_column(String(64))
    display_name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]
    idle_until: Mapped[datetime] = mapped_column(index=True)
