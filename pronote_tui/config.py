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
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from pronote_api.catalogue import LANGS, Lang, detect_lang
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


@dataclass
class Profile:
    """What this workstation knows about one hosting service. No secret is stored here.

    ``directory`` is where the profile and its files live; it is not saved in the JSON (the file
    is found through it). A plain dataclass, not a pydantic model: it is read before the login
    screen's first frame, and pydantic is imported only after it.
    """

    server_url: str
    """enrolment listener, https://host:port"""
    directory: Path
    api_url: str | None = None
    """API listener, learned from /v1/info"""
    ca_fingerprint: str | None = None
    """hex SHA-256 of the pinned CA"""
    last_hosting_number: str | None = None
    config_dir: Path | None = None

    SAVED = ("server_url", "api_url", "ca_fingerprint", "last_hosting_number")

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
            return replace(loaded, config_dir=paths.config)
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
        # A damaged profile is treated as absent: first contact again, nothing crashes.
        try:
            data = json.loads(raw)
        except ValueError:
            return None
        if not isinstance(data, dict) or not isinstance(data.get("server_url"), str):
            return None
        known: dict[str, Any] = {name: data.get(name) for name in cls.SAVED}
        if any(value is not None and not isinstance(value, str) for value in known.values()):
            return None
        return cls(directory=directory, **known)

    def save(self) -> None:
        """Write the profile (temp file + rename) and remember it as the service used last."""
        make_private_dir(self.directory)
        saved = {name: getattr(self, name) for name in self.SAVED}
        write_file_atomic(self.profile_file, json.dumps(saved, indent=2, ensure_ascii=False) + "\n")
        if self.config_dir is not None:
            write_file_atomic(self.config_dir / LAST_SERVER_FILE, self.server_url + "\n")


# --- settings ---------------------------------------------------------------------------------


def _default_blink() -> bool:
    # Over SSH each blink is bytes on the wire every half second; keep the cursor steady there.
    return not running_over_ssh()


class SettingsInvalid(ValueError):
    """``PRONOTE_TUI_*`` variables that cannot be used (catalogue: ``cli.bad_setting``)."""

    def __init__(self, names: list[str]) -> None:
        super().__init__(", ".join(names))
        self.names = names


ENV_PREFIX = "PRONOTE_TUI_"
_TRUE = frozenset({"1", "true", "yes", "on", "y", "t"})
_FALSE = frozenset({"0", "false", "no", "off", "n", "f"})
_UNSET: Any = object()
POLL_INTERVAL_MAX = 600.0


def _env_value(name: str, text: str) -> object:
    """A ``PRONOTE_TUI_<NAME>`` value as the setting's type; ValueError when it is not one."""
    value = text.strip()
    if name == "lang":
        if value not in LANGS:
            raise ValueError(name)
        return value
    if name in ("blink", "remember_password", "use_keyring"):
        low = value.lower()
        if low not in _TRUE | _FALSE:
            raise ValueError(name)
        return low in _TRUE
    if name == "poll_interval":
        number = float(value)
        if not 0 < number <= POLL_INTERVAL_MAX:
            raise ValueError(name)
        return number
    return Path(value) if value else None  # config_dir, files_dir


@dataclass(frozen=True, init=False)
class Settings:
    """The console's preferences: defaults, then ``PRONOTE_TUI_*`` variables, then the
    arguments (the CLI's). Read before the first frame, so without pydantic; a variable that
    cannot be used raises :class:`SettingsInvalid` naming it."""

    lang: Lang
    blink: bool
    poll_interval: float
    """seconds between polls"""
    remember_password: bool
    """offer to keep the password (keyring, else a private file)"""
    use_keyring: bool
    """False keeps passwords out of the system keyring (the demo)"""
    config_dir: Path | None
    """PRONOTE_TUI_CONFIG_DIR or --config-dir; None: XDG folders"""
    files_dir: Path | None
    """PRONOTE_TUI_FILES_DIR: the folder the file dialogs open first (e.g. where the old server
    drops its files); None: the home folder"""

    def __init__(
        self,
        *,
        lang: Lang = _UNSET,
        blink: bool = _UNSET,
        poll_interval: float = _UNSET,
        remember_password: bool = _UNSET,
        use_keyring: bool = _UNSET,
        config_dir: Path | str | None = _UNSET,
        files_dir: Path | str | None = _UNSET,
        environ: Mapping[str, str] | None = None,
    ) -> None:
        given: dict[str, object] = {
            "lang": lang,
            "blink": blink,
            "poll_interval": poll_interval,
            "remember_password": remember_password,
            "use_keyring": use_keyring,
            "config_dir": config_dir,
            "files_dir": files_dir,
        }
        env = {k.upper(): v for k, v in (os.environ if environ is None else environ).items()}
        defaults: dict[str, Any] = {
            "lang": detect_lang,
            "blink": _default_blink,
            "poll_interval": lambda: 2.0,
            "remember_password": lambda: True,
            "use_keyring": lambda: True,
            "config_dir": lambda: None,
            "files_dir": lambda: None,
        }
        invalid: list[str] = []
        for name, value in given.items():
            if value is _UNSET:
                text = env.get(ENV_PREFIX + name.upper())
                if text is None:
                    value = defaults[name]()
                else:
                    try:
                        value = _env_value(name, text)
                    except ValueError:
                        invalid.append(ENV_PREFIX + name.upper())
                        continue
            elif name in ("config_dir", "files_dir") and isinstance(value, str):
                value = Path(value)
            object.__setattr__(self, name, value)
        if invalid:
            raise SettingsInvalid(invalid)

    def replace(self, **changes: object) -> Settings:
        """A copy with ``changes`` (the language chosen with F2, the demo's folders)."""
        current: dict[str, Any] = {f.name: getattr(self, f.name) for f in fields(self)}
        current.update(changes)
        return Settings(environ={}, **current)

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
