"""Where the console keeps its configuration, and what it remembers about a service.

Layout (XDG through platformdirs; ``--config-dir`` or ``PRONOTE_TUI_CONFIG_DIR`` moves it all)::

    <config>/last-server                 URL of the service used last (one line)
    <config>/servers/<host>_<port>/
        profile.json                     Profile (no secret in it)
        ca.pem                           the service CA pinned at first contact
        client.key                       this workstation's private key (0600)
        client.crt                       its certificate, signed by the service (0600)
    <data>/credentials.json              the file credential store, when no keyring exists (0600)

When the configuration folder is given explicitly, the data folder is ``<config>/data`` so that
a test or the demo never touches the user's real files.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from pronote_api.catalogue import Lang, detect_lang
from pronote_tui.host import make_private_dir, running_over_ssh, write_file_atomic

if TYPE_CHECKING:
    from pronote_tui.credentials import CredentialStore

APP_NAME = "pronote-tui"
CONFIG_DIR_ENV = "PRONOTE_TUI_CONFIG_DIR"
DEFAULT_ENROL_PORT = 49302
PROFILE_FILE = "profile.json"
LAST_SERVER_FILE = "last-server"


# --- paths ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Paths:
    """The console's folders for one run."""

    config: Path
    data: Path

    @classmethod
    def resolve(
        cls, config_dir: Path | str | None = None, environ: Mapping[str, str] | None = None
    ) -> Paths:
        """``--config-dir`` first, then ``PRONOTE_TUI_CONFIG_DIR``, then the XDG folders."""
        env = os.environ if environ is None else environ
        chosen = config_dir if config_dir is not None else env.get(CONFIG_DIR_ENV) or None
        if chosen is not None:
            base = Path(chosen).expanduser().resolve()
            return cls(config=base, data=base / "data")
        import platformdirs  # deferred: only needed without an explicit folder

        return cls(
            config=Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
            data=Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
        )

    @property
    def servers(self) -> Path:
        return self.config / "servers"

    @property
    def last_server_file(self) -> Path:
        return self.config / LAST_SERVER_FILE

    @property
    def credentials_file(self) -> Path:
        return self.data / "credentials.json"


# --- service addresses ------------------------------------------------------------------------


class InvalidServerUrl(ValueError):
    """A service address that cannot be used (catalogue: ``connection.invalid_url``)."""

    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.url = url


def normalise_server_url(url: str) -> str:
    """``https://host:port`` from what a person may type (``host``, ``host:49302``, ``https://host/``).

    Only https is accepted: everything the console sends is secret or private.
    """
    text = url.strip()
    if not text:
        raise InvalidServerUrl(url)
    if "://" not in text:
        text = "https://" + text
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        raise InvalidServerUrl(url) from None
    if parts.scheme != "https" or not parts.hostname or parts.path not in ("", "/"):
        raise InvalidServerUrl(url)
    if parts.query or parts.fragment or parts.username or parts.password:
        raise InvalidServerUrl(url)
    host = parts.hostname
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    return f"https://{host}:{port or DEFAULT_ENROL_PORT}"


def server_slug(server_url: str) -> str:
    """A folder name for a service address: ``host_port``, safe on every file system."""
    parts = urlsplit(normalise_server_url(server_url))
    host = re.sub(r"[^A-Za-z0-9.-]", "-", parts.hostname or "")
    return f"{host}_{parts.port}"


def api_url_for(server_url: str, api_port: int) -> str:
    """The API listener lives on the same host as the enrolment listener, on its own port."""
    parts = urlsplit(normalise_server_url(server_url))
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    return f"https://{host}:{api_port}"


# --- profile ----------------------------------------------------------------------------------


class Profile(BaseModel):
    """What this workstation knows about one hosting service. No secret is stored here.

    ``directory`` is where the profile and its files live; it is not saved in the JSON (the file
    is found through it).
    """

    model_config = ConfigDict(extra="ignore")

    server_url: str = Field(description="enrolment listener, https://host:port")
    api_url: str | None = Field(default=None, description="API listener, learned from /v1/info")
    ca_fingerprint: str | None = Field(default=None, description="hex SHA-256 of the pinned CA")
    last_hosting_number: str | None = None
    directory: Path = Field(exclude=True)
    config_dir: Path | None = Field(default=None, exclude=True)

    @property
    def profile_file(self) -> Path:
        return self.directory / PROFILE_FILE

    @property
    def ca_path(self) -> Path:
        return self.directory / "ca.pem"

    @property
    def key_path(self) -> Path:
        return self.directory / "client.key"

    @property
    def cert_path(self) -> Path:
        return self.directory / "client.crt"

    @property
    def ca_pinned(self) -> bool:
        return self.ca_fingerprint is not None and self.ca_path.is_file()

    @classmethod
    def for_server(cls, paths: Paths, server_url: str) -> Profile:
        """The saved profile for this service, or a fresh unsaved one (nothing pinned yet)."""
        url = normalise_server_url(server_url)
        directory = paths.servers / server_slug(url)
        loaded = cls._load(directory)
        if loaded is not None and loaded.server_url == url:
            return loaded.model_copy(update={"config_dir": paths.config})
        return cls(server_url=url, directory=directory, config_dir=paths.config)

    @classmethod
    def last_used(cls, paths: Paths) -> Profile | None:
        """The profile of the service used last on this workstation, if any."""
        try:
            url = paths.last_server_file.read_text(encoding="utf-8").strip()
        except OSError:
            return None
        if not url:
            return None
        try:
            return cls.for_server(paths, url)
        except InvalidServerUrl:
            return None

    @classmethod
    def _load(cls, directory: Path) -> Profile | None:
        try:
            raw = (directory / PROFILE_FILE).read_text(encoding="utf-8")
        except OSError:
            return None
        try:
            data = json.loads(raw)
            if not isinstance(data, dict):
                return None
            data["directory"] = directory
            return cls.model_validate(data)
        except ValueError:
            # A damaged profile is treated as absent: first contact again, nothing crashes.
            return None

    def save(self) -> None:
        """Write the profile (temp file + rename) and remember it as the service used last."""
        make_private_dir(self.directory)
        write_file_atomic(self.profile_file, self.model_dump_json(indent=2) + "\n")
        if self.config_dir is not None:
            write_file_atomic(self.config_dir / LAST_SERVER_FILE, self.server_url + "\n")


# --- settings ---------------------------------------------------------------------------------


def _default_blink() -> bool:
    # Over SSH each blink is bytes on the wire every half second; keep the cursor steady there.
    return not running_over_ssh()


class Settings(BaseSettings):
    """The console's preferences: defaults, then ``PRONOTE_TUI_*`` variables, then the CLI."""

    model_config = SettingsConfigDict(env_prefix="PRONOTE_TUI_", extra="ignore")

    lang: Lang = Field(default_factory=detect_lang)
    blink: bool = Field(default_factory=_default_blink)
    poll_interval: float = Field(default=2.0, gt=0, le=600, description="seconds between polls")
    remember_password: bool = Field(
        default=True, description="offer to keep the password (keyring, else a private file)"
    )
    use_keyring: bool = Field(
        default=True, description="False keeps passwords out of the system keyring (the demo)"
    )
    config_dir: Path | None = Field(
        default=None, description="PRONOTE_TUI_CONFIG_DIR or --config-dir; None: XDG folders"
    )
    files_dir: Path | None = Field(
        default=None,
        description="PRONOTE_TUI_FILES_DIR: the folder the file dialogs open first (e.g. where "
        "the old server drops its files); None: the home folder",
    )

    @property
    def paths(self) -> Paths:
        return Paths.resolve(self.config_dir, environ={})

    def credential_store(self) -> CredentialStore:
        """Where the login screen keeps the password, or not (:mod:`pronote_tui.credentials`)."""
        from pronote_tui.credentials import CredentialStore

        return CredentialStore(
            self.paths.credentials_file,
            remember=self.remember_password,
            use_keyring=self.use_keyring,
        )
