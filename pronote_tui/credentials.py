"""Keeping the hosting password between runs, when the manager asks for it.

Three ways, tried in this order:

* ``keyring``: the system keyring (Secret Service, KWallet, macOS Keychain ...) when one is
  actually usable. keyring's *fail* and *null* backends, and its chainer with nothing to chain,
  mean "there is none"; so does an SSH session without a display on Linux, where a desktop
  keyring could only wait for an unlock prompt nobody sees. That is the normal case: a
  headless server reached over SSH.
* ``file``: a JSON file in the user's data folder, created 0600 inside a 0700 folder. **It is not
  encrypted**: the protection is the file permission, exactly as for an SSH private key without a
  passphrase. Anyone who can read the user's files (root, a backup) can read the password. The
  console says so to the manager (:meth:`CredentialStore.describe`).
* ``ask``: nothing is kept; the password is asked at each login. Used when the manager chose not
  to remember it, or when neither of the above can be written.

A keyring that worked when the console started may fail later (a locked wallet, a D-Bus session
gone): such errors are caught at use time and the store falls back to the file.

Passwords are handled as :class:`pydantic.SecretStr` and never logged; errors name the backend,
never the value.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pronote_api.catalogue import Lang, tr
from pronote_tui.host import make_private_dir, running_over_ssh, write_file_atomic

if TYPE_CHECKING:
    from pydantic import SecretStr

log = logging.getLogger(__name__)

KEYRING_SERVICE = "pronote-tui"
BackendName = Literal["keyring", "file", "ask"]


def _desktop_keyring_reachable(environ: Mapping[str, str]) -> bool:
    """Whether a desktop keyring (Secret Service, KWallet) could answer without hanging.

    Over SSH without a display, a locked desktop keyring waits for an unlock prompt nobody can
    see: the console would freeze at the login screen. Without a session bus there is nothing
    to talk to at all. Both cases are decided here from the environment, without importing
    keyring (whose backend discovery costs a noticeable part of a second).
    """
    if not sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        return True
    has_display = bool(environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"))
    if running_over_ssh(environ) and not has_display:
        return False
    if environ.get("DBUS_SESSION_BUS_ADDRESS"):
        return True
    runtime_dir = environ.get("XDG_RUNTIME_DIR")
    if not runtime_dir:
        return False
    return Path(runtime_dir, "bus").exists()


def usable_keyring(environ: Mapping[str, str] | None = None) -> Any | None:
    """The keyring backend to use, or None when there is no real one.

    ``PYTHON_KEYRING_BACKEND`` (keyring's own variable) is an explicit choice and always goes
    to keyring. Otherwise, on Linux and the BSDs, a session where a desktop keyring cannot
    answer (see :func:`_desktop_keyring_reachable`) has none. Then keyring decides: its *fail*
    and *null* backends, and its chainer with nothing to chain, mean none.
    """
    env = os.environ if environ is None else environ
    if not env.get("PYTHON_KEYRING_BACKEND") and not _desktop_keyring_reachable(env):
        return None
    try:
        import keyring
        from keyring.backends import chainer, fail, null
    except Exception:  # an absent or broken keyring package is "no keyring"
        return None
    try:
        backend = keyring.get_keyring()
    except Exception:
        return None
    if isinstance(backend, fail.Keyring | null.Keyring):
        return None
    if isinstance(backend, chainer.ChainerBackend) and not backend.backends:
        return None
    return backend


def _backend_label(backend: Any) -> str:
    name = getattr(backend, "name", None)
    return str(name) if name else type(backend).__name__


class CredentialStore:
    """Remember or forget the hosting password per hosting number.

    ``remember=False`` is the manager's choice not to keep passwords: nothing is read or
    written, everything is asked each time. ``keyring_backend`` lets tests force a backend;
    by default :func:`usable_keyring` decides.
    """

    def __init__(
        self,
        credentials_file: Path,
        *,
        remember: bool = True,
        keyring_backend: Any | None = None,
        use_keyring: bool = True,
    ) -> None:
        self._file = credentials_file
        self._keyring: Any | None = None
        self._keyring_failed = False
        self._backend: BackendName
        if not remember:
            self._backend = "ask"
            return
        if use_keyring:
            self._keyring = keyring_backend if keyring_backend is not None else usable_keyring()
        if self._keyring is not None:
            self._backend = "keyring"
        elif self._file_writable():
            self._backend = "file"
        else:
            self._backend = "ask"

    # --- what the manager is told ----------------------------------------------------------------

    @property
    def backend_name(self) -> BackendName:
        return self._backend

    @property
    def file_path(self) -> Path:
        return self._file

    def describe(self, lang: Lang = "fr") -> str:
        """One sentence saying where the password is kept (or that it is not)."""
        if self._backend == "keyring":
            return tr("credentials.keyring", lang, name=_backend_label(self._keyring))
        if self._backend == "file":
            key = "credentials.keyring_failed" if self._keyring_failed else "credentials.file"
            return tr(key, lang, path=str(self._file))
        return tr("credentials.ask", lang)

    # --- use --------------------------------------------------------------------------------------

    def get(self, hosting_number: str) -> SecretStr | None:
        """The kept password for this hosting number, or None (then ask)."""
        from pydantic import SecretStr  # after the first frame (see pronote_tui.config)

        if self._backend == "keyring":
            try:
                value = self._keyring.get_password(KEYRING_SERVICE, hosting_number)  # type: ignore[union-attr]
            except Exception as exc:
                self._keyring_broke(exc)
            else:
                return SecretStr(value) if value else None
        if self._backend == "file":
            value = self._read_file().get(hosting_number)
            return SecretStr(value) if isinstance(value, str) and value else None
        return None

    def remember(self, hosting_number: str, password: SecretStr) -> bool:
        """Keep the password; False when the store is "ask" (nothing kept)."""
        if self._backend == "keyring":
            try:
                self._keyring.set_password(  # type: ignore[union-attr]
                    KEYRING_SERVICE, hosting_number, password.get_secret_value()
                )
            except Exception as exc:
                self._keyring_broke(exc)
            else:
                return True
        if self._backend == "file":
            try:
                entries = self._read_file()
                entries[hosting_number] = password.get_secret_value()
                self._write_file(entries)
            except OSError as exc:
                log.warning(
                    "credential file not writable (%s); asking each time", type(exc).__name__
                )
                self._backend = "ask"
                return False
            return True
        return False

    def forget(self, hosting_number: str) -> None:
        """Remove any kept password for this number, wherever it was kept."""
        if self._keyring is not None and not self._keyring_failed:
            try:
                self._keyring.delete_password(KEYRING_SERVICE, hosting_number)
            except Exception as exc:  # PasswordDeleteError when absent; others mean broken
                if type(exc).__name__ != "PasswordDeleteError":
                    self._keyring_broke(exc)
        # The file may hold an older copy from a time the keyring was unavailable.
        entries = self._read_file()
        if hosting_number in entries:
            del entries[hosting_number]
            with contextlib.suppress(OSError):
                self._write_file(entries)

    # --- internals --------------------------------------------------------------------------------

    def _keyring_broke(self, exc: Exception) -> None:
        # Only the error's class: its text could, with some backends, quote what was stored.
        log.warning("keyring backend failed (%s); using the private file", type(exc).__name__)
        self._keyring_failed = True
        self._backend = "file" if self._file_writable() else "ask"

    def _file_writable(self) -> bool:
        try:
            make_private_dir(self._file.parent)
        except OSError:
            return False
        return os.access(self._file.parent, os.W_OK)

    def _read_file(self) -> dict[str, str]:
        try:
            raw = self._file.read_text(encoding="utf-8")
        except OSError:
            return {}
        try:
            data = json.loads(raw)
        except ValueError:
            return {}
        if not isinstance(data, dict):
            return {}
        return {k: v for k, v in data.items() if isinstance(k, str) and isinstance(v, str)}

    def _write_file(self, entries: dict[str, str]) -> None:
        make_private_dir(self._file.parent)
        write_file_atomic(self._file, json.dumps(entries, indent=2) + "\n", private=True)

    def __repr__(self) -> str:
        return f"CredentialStore(backend={self._backend!r})"
