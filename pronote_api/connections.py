"""Wire contract of the school server's clients: live connections, licences, suspended addresses.

Routes (API listener, session required; see ``docs/api.md``):

* ``GET  /v1/connections?since=V`` -> :class:`ConnectionsPage`. Without ``since`` (or with a
  ``since`` the service no longer remembers) the whole table, ``full=True``; otherwise only the
  sessions that changed after version ``V`` and the ids of those that left. Answered with an
  ``ETag``; ``If-None-Match`` with the current one gets ``304`` and no body, so a poll that finds
  nothing changed costs only its headers.
* ``POST /v1/connections/{session_id}/disable`` -> :class:`ClientSession` ("Désactiver un
  client": the session ends at once, its client is told at its next heartbeat, and the same
  workstation and user cannot come back with that session; written to the history)
* ``GET  /v1/licences`` -> :class:`LicenceUsage` (ETag/304 as above)
* ``PUT  /v1/licences/reserved`` (:class:`ReservedLicences`) -> ``LicenceUsage``
* ``GET  /v1/security`` -> :class:`SecurityState` (ETag/304 as above)
* ``POST /v1/security/unblock`` (:class:`UnblockRequest`) -> ``SecurityState`` (history)

The desktop clients' own protocol (TCP listener, port 49300 by default) is described in
``docs/client-protocol.md``; its login refusals use the error codes of :mod:`pronote_api.errors`.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

DESKTOP_CLIENT_PORT = 49300


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ClientMode(StrEnum):
    """The mode a desktop client logs in with (catalogue ``mode.<value>``)."""

    ADMINISTRATIVE = "administrative"  # Mode administratif
    TEACHER = "teacher"  # Mode enseignant
    SCHOOL_LIFE = "school_life"  # Mode vie scolaire


class ConnectedApplication(StrEnum):
    """Application connectée (catalogue ``application.<value>``)."""

    CLIENT = "client"  # Client PRONOTE (desktop)
    PRONOTE_NET = "pronote_net"  # the web server of the Espaces, one session of its own


class SessionState(StrEnum):
    """État (catalogue ``session_state.<value>``)."""

    CONNECTED = "connected"  # heartbeats on time
    SILENT = "silent"  # heartbeats late; expires when the grace runs out
    DISABLED = "disabled"  # disconnected by the administrator; leaves the table shortly


class ClientSession(_Model):
    id: str = Field(description="stable for the session's life: rows are keyed by it")
    workstation: str = Field(description="Poste")
    application: ConnectedApplication
    state: SessionState
    mode: ClientMode | None = Field(default=None, description="None for PRONOTE.net")
    consultation: bool = False
    user: str = Field(description="Utilisateur: the identifier, never anything secret")
    base: str = Field(description="the name of the base the session works on")
    source_ip: str
    connected_at: datetime
    last_seen_at: datetime


class ConnectionsPage(_Model):
    version: int = Field(description="the table's version: pass it back as ?since=")
    full: bool = Field(description="True: 'sessions' is the whole table, replace yours")
    sessions: list[ClientSession] = Field(default_factory=list)
    removed: list[str] = Field(default_factory=list, description="ids of sessions that left")


class LicenceUsage(_Model):
    """Licences utilisées. ``None`` as a limit means unlimited; ``0`` means not bought."""

    editing_used: int
    editing_total: int = Field(description="the account's 'Administrateurs et modifiants'")
    reserved_for_administrators: int = Field(description="of editing_total, 0 .. editing_total")
    consultation_used: int
    consultation_total: int | None
    teachers_used: int
    teachers_limit: int | None
    school_life_used: int
    espaces_used: int = Field(description="web Espaces sessions (unlimited)")


class ReservedLicences(_Model):
    reserved_for_administrators: int = Field(ge=0)


class SuspensionSettings(_Model):
    """fail2ban's semantics; set in the service's configuration, shown in the console."""

    max_failures: int = Field(default=5, ge=1, description="maxretry")
    window_seconds: int = Field(default=600, ge=1, description="findtime")
    suspension_seconds: int = Field(default=600, ge=1, description="bantime")
    allow_list: list[str] = Field(
        default_factory=list,
        description="addresses or networks never suspended (none by default: behind a proxy on "
        "the same host every client would come from the loopback)",
    )


class SuspendedAddress(_Model):
    address: str
    since: datetime
    until: datetime
    failures: int = Field(description="failures in the window that led to the suspension")
    door: str = Field(description="where the last failure came from (catalogue door.<value>)")


class SecurityState(_Model):
    settings: SuspensionSettings
    suspended: list[SuspendedAddress] = Field(default_factory=list)


class UnblockRequest(_Model):
    address: str | None = Field(default=None, description="None: unblock every address")
