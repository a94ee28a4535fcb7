"""Request and response bodies of the console API (``/v1``).

Two listeners serve them (see ``docs/api.md``):

* the **enrolment listener** (server-authenticated TLS only): ``GET /v1/info``,
  ``POST /v1/enrol``, ``POST /v1/invoice-reminder``;
* the **API listener** (mutual TLS: a client certificate issued by ``/v1/enrol`` is required):
  ``GET /v1/info``, ``POST``/``DELETE /v1/session`` and everything else, with
  ``Authorization: Bearer <token>`` from ``POST /v1/session``.

Secrets are typed :data:`WireSecret`: masked in ``repr``/``str`` (so never in a log or a
traceback), sent in clear only inside the JSON body over TLS.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, SecretStr

WireSecret = Annotated[
    SecretStr,
    PlainSerializer(lambda s: s.get_secret_value(), return_type=str, when_used="json"),
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


# --- service ----------------------------------------------------------------------------------


class ServiceInfo(_Model):
    """What any listener tells about itself, before any authentication."""

    service: str = "pronote-server"
    version: str
    api_version: str = "v1"
    api_port: int
    enrol_port: int
    client_port: int = Field(
        default=0,
        description="the TCP port the desktop clients' listener is bound to; 0 when none runs",
    )
    web_port: int = Field(
        default=0,
        description="the TCP port the web Espaces' listener (PRONOTE.net) is bound to; 0 when "
        "none runs",
    )
    web_url: str | None = Field(
        default=None,
        description="the web listener's base URL as bound (https://, or http:// on 127.0.0.1)",
    )
    ca_fingerprint_sha256: str = Field(description="hex SHA-256 of the service CA's DER")
    hosting_domain: str


# --- enrolment (first login from a workstation) -------------------------------------------------


class EnrolRequest(_Model):
    hosting_number: str
    password: WireSecret
    invoice_number: str
    licence_accepted: bool
    csr_pem: str = Field(description="PKCS#10 request made on the workstation; key never leaves it")
    workstation: str = Field(max_length=128, description="host name shown in the history")


class EnrolResponse(_Model):
    certificate_pem: str
    ca_pem: str
    serial: str
    not_after: datetime


class HostingNumberRequest(_Model):
    hosting_number: str


class Accepted(_Model):
    """A request taken on trust; the answer reveals nothing (e.g. whether the number exists)."""

    accepted: bool = True


# --- session ------------------------------------------------------------------------------------


class LoginRequest(_Model):
    hosting_number: str
    password: WireSecret


class SessionInfo(_Model):
    token: WireSecret
    expires_at: datetime
    hosting_number: str
    school_name: str
    uai: str


# --- account (Mon compte) -----------------------------------------------------------------------


class TeacherFormula(StrEnum):
    TEACHERS_30 = "30"
    TEACHERS_50 = "50"
    TEACHERS_80 = "80"
    UNLIMITED = "unlimited"


class AccountOptions(_Model):
    edt_connection: bool = True
    consultation_edt: bool = False
    consultation_pronote: bool = True
    sms_edt: bool = False
    sms_pronote: bool = False
    pronote_net: bool = True


class AccountCard(_Model):
    client_reference: str
    hosting_number: str
    uai: str
    school_name: str
    licence_expires_on: date
    administrators_and_editors: int = Field(
        description="editing licences ('Administrateurs et modifiants')"
    )
    formula: TeacherFormula
    options: AccountOptions
    created_at: datetime


class ManagerContact(_Model):
    name: str = Field(min_length=1, max_length=120)
    email: str
    phone: str


class NotificationChannel(StrEnum):
    EMAIL = "email"
    SMS = "sms"
    NONE = "none"


class NotificationEvent(StrEnum):
    BACKUP_FAILED = "backup_failed"
    SERVER_STOPPED = "server_stopped"
    ADDRESS_SUSPENDED = "address_suspended"
    VERSION_CHANGE = "version_change"
    LICENCE_EXPIRY = "licence_expiry"


class NotificationPrefs(_Model):
    """Which channel each event reaches the manager on."""

    channels: dict[NotificationEvent, NotificationChannel]


# --- server state (details in pronote_api.school) ----------------------------------------------


class ServerState(StrEnum):
    RUNNING = "running"
    STOPPED = "stopped"


class ServerStatus(_Model):
    """The school server's state; the base's details are in ``GET /v1/bases``."""

    state: ServerState
    base_id: str | None = Field(default=None, description="the 'Base en cours', if any")
    base_name: str | None = None
    school_year: str | None = None
    superadmin_defined: bool = Field(
        default=False, description="False until the base's first 'Mettre en service'"
    )


# --- history ------------------------------------------------------------------------------------


class Outcome(StrEnum):
    SUCCESS = "success"
    FAILURE = "failure"


class HistoryAction(StrEnum):
    """Every kind of administrative action the service writes to the history (catalogue
    ``history.<value>``): the console's Historique filters among them. An entry's ``action`` stays
    a string, so that a console older than its service still shows what it does not know."""

    ACCOUNT_CREATE = "account.create"
    ACCOUNT_RESET_PASSWORD = "account.reset_password"  # noqa: S105 (an action key)
    CERTIFICATE_ENROL = "certificate.enrol"
    CERTIFICATE_REVOKE = "certificate.revoke"
    SESSION_LOGIN = "session.login"
    SESSION_LOGOUT = "session.logout"
    CONTACT_UPDATE = "contact.update"
    NOTIFICATIONS_UPDATE = "notifications.update"
    CREDENTIALS_RESEND = "credentials.resend"
    INVOICE_REMINDER = "invoice.reminder"
    SERVER_START = "server.start"
    SERVER_STOP = "server.stop"
    BASE_CREATE = "base.create"
    BASE_OPEN = "base.open"
    BASE_LOAD = "base.load"
    BASE_ANNEXES = "base.annexes"
    BASE_USERS = "base.users"
    BASE_PREPARE_NEXT_YEAR = "base.prepare_next_year"
    CLIENT_DISABLE = "client.disable"
    LICENCES_RESERVE = "licences.reserve"
    SECURITY_UNBLOCK = "security.unblock"
    SNAPSHOT_TAKE = "snapshot.take"
    SNAPSHOT_SCHEDULED_FAILURE = "snapshot.scheduled_failure"
    SNAPSHOT_VERIFY = "snapshot.verify"
    SNAPSHOT_RESTORE = "snapshot.restore"
    SNAPSHOT_IMPORT = "snapshot.import"
    SNAPSHOT_DELETE = "snapshot.delete"
    RECOVERY_RECOVER = "recovery.recover"
    CALENDAR_UPDATE = "calendar.update"
    CALENDAR_YEARLY_ARCHIVE = "calendar.yearly_archive"
    CALENDAR_PRE_RELEASE = "calendar.pre_release"
    CALENDAR_NEW_BASE = "calendar.new_base"
    CALENDAR_VERSION_CHANGE = "calendar.version_change"
    PUBLICATION_PUBLISH = "publication.publish"
    PUBLICATION_STOP = "publication.stop"
    PUBLICATION_SETTINGS = "publication.settings"
    BASE_USER_PASSWORD = "base.user_password"  # noqa: S105 (an action key)


class HistoryEntry(_Model):
    id: int
    at: datetime
    actor: str = Field(description="hosting number, 'provider' (CLI) or 'scheduler'")
    source: str | None = Field(default=None, description="IP address, or None for the CLI")
    action: str = Field(
        description="dotted action key, e.g. 'session.login'; catalogue 'history.<action>'"
    )
    outcome: Outcome
    detail: dict[str, str | int | bool | None] = Field(default_factory=dict)


class HistoryPage(_Model):
    entries: list[HistoryEntry]
    next_before: int | None = Field(default=None, description="pass as ?before= for the next page")
