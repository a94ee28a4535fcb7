"""The data directory's layout and its ``config.json``.

Everything the service knows lives under one data directory (see ``docs/server.md``); the
configuration file holds no secret except, when the operator puts one there, the database URL's
password (the file is 0600). The SMTP password is read from an environment variable instead.
"""

from __future__ import annotations

import ipaddress
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from pronote_api.connections import DESKTOP_CLIENT_PORT, SuspensionSettings
from pronote_server.store.files import write_private

DEFAULT_API_PORT = 49301
DEFAULT_ENROL_PORT = 49302
DEFAULT_DOMAIN = "localhost"


class SmtpRelay(BaseModel):
    model_config = ConfigDict(extra="forbid")

    host: str
    port: int = 587
    starttls: bool = True
    user: str | None = None
    password_env: str = Field(
        default="PRONOTE_SERVER_SMTP_PASSWORD",
        description="name of the environment variable holding the SMTP password",
    )
    sender: str = "hebergement@localhost"
    sms_gateway_domain: str | None = Field(
        default=None,
        description="when set, SMS are relayed as e-mails to <number>@<this domain>",
    )


class InvoiceReminderLimits(BaseModel):
    """How often "Recevoir mon n° de facture" (``POST /v1/invoice-reminder``, no login) may mail
    a school, and how many such requests one address may make, per window."""

    model_config = ConfigDict(extra="forbid")

    per_account: int = Field(
        default=3, ge=1, description="reminders sent to one account per window"
    )
    per_address: int = Field(
        default=10,
        ge=1,
        description="requests taken from one address (an IPv6 /64) per window, whatever the"
        " number; addresses of suspension.allow_list are not limited",
    )
    window_seconds: int = Field(default=3600, ge=60, description="the window (seconds)")


class ServiceConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    db_url: str
    domain: str = DEFAULT_DOMAIN
    host: str = "127.0.0.1"
    api_port: int = DEFAULT_API_PORT
    enrol_port: int = DEFAULT_ENROL_PORT
    lang: Literal["fr", "en"] = Field(default="fr", description="language of outbox messages")
    sender: str = "hebergement@localhost"
    session_idle_minutes: int = Field(default=30, ge=1)
    session_max_hours: int = Field(default=12, ge=1)
    upload_max_bytes: int = Field(
        default=8 * 1024**3, ge=1, description="largest file the console may upload (bytes)"
    )
    # Uploads, per account (issue 9): what one school's uploads under way may hold.
    upload_quota_bytes: int | None = Field(
        default=None,
        ge=1,
        description="bytes one account's uploads under way (declared, not yet used) may add up "
        "to; default: three times upload_max_bytes",
    )
    upload_max_open: int = Field(
        default=8, ge=1, description="uploads under way one account may have at once"
    )
    upload_expiry_seconds: int = Field(
        default=24 * 3600,
        ge=1,
        description="an upload that receives nothing this long expires and is deleted",
    )
    # Files that expand (issue 12): a .HNOT's base, an annex's contents.
    base_size_max_bytes: int = Field(
        default=16 * 1024**3, ge=1, description="largest base a .HNOT or an archive may hold"
    )
    expansion_ratio_max: int = Field(
        default=200,
        ge=2,
        description="a file declaring more than this many times its compressed size is refused "
        "before it is decompressed (a decompression bomb)",
    )
    smtp: SmtpRelay | None = None
    client_port: int = Field(
        default=DESKTOP_CLIENT_PORT, ge=0, le=65535, description="desktop clients' TCP port"
    )
    client_heartbeat_seconds: int = Field(
        default=10, ge=1, description="how often a desktop client says it is alive"
    )
    client_expiry_seconds: int = Field(
        default=60, ge=2, description="a session silent this long ends (expired)"
    )
    suspension: SuspensionSettings = Field(
        default_factory=SuspensionSettings,
        description="address suspension after repeated failed logins (fail2ban's rules)",
    )
    invoice_reminder: InvoiceReminderLimits = Field(
        default_factory=InvoiceReminderLimits,
        description="throttle of the invoice reminders (per account and per address)",
    )
    known_ents_file: str | None = Field(
        default=None,
        description="a JSON file of known ENTs (PRONOTE.net's CAS delegation) replacing the list "
        "shipped with the service (pronote_server/espaces/ents.json, same format); relative to "
        "the data directory",
    )
    web_port: int | None = Field(
        default=None,
        ge=0,
        le=65535,
        description="the web Espaces' port (HTTPS, 443 in production); None: no web listener "
        "unless serve --web-port names one",
    )
    trusted_proxies: list[str] = Field(
        default_factory=list,
        description="reverse proxies (addresses or networks) whose Forwarded / X-Forwarded-For "
        "headers name the real client; empty: no header is believed",
    )

    @field_validator("trusted_proxies")
    @classmethod
    def _networks(cls, value: list[str]) -> list[str]:
        for item in value:
            try:
                ipaddress.ip_network(item, strict=False)
            except ValueError:
                raise ValueError(f"not an address or a network: {item!r}") from None
        return value


@dataclass(frozen=True)
class DataDir:
    """Paths inside a data directory; nothing here touches the disk."""

    root: Path

    @property
    def config_file(self) -> Path:
        return self.root / "config.json"

    @property
    def default_sqlite(self) -> Path:
        return self.root / "control.sqlite3"

    @property
    def pki(self) -> Path:
        return self.root / "pki"

    @property
    def ca_cert(self) -> Path:
        return self.pki / "ca.pem"

    @property
    def ca_key(self) -> Path:
        return self.pki / "ca.key"

    @property
    def server_cert(self) -> Path:
        return self.pki / "server.pem"

    @property
    def server_key(self) -> Path:
        return self.pki / "server.key"

    @property
    def keys(self) -> Path:
        return self.root / "keys"

    @property
    def invoice_key(self) -> Path:
        return self.keys / "invoice.key"

    @property
    def outbox(self) -> Path:
        return self.root / "outbox"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    def is_initialised(self) -> bool:
        return self.config_file.exists()

    def load_config(self) -> ServiceConfig:
        return ServiceConfig.model_validate_json(self.config_file.read_text(encoding="utf-8"))

    def save_config(self, config: ServiceConfig) -> None:
        text = json.dumps(config.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"
        write_private(self.config_file, text)
