"""Where the console keeps the hosting password: keyring, else a private file, else nowhere."""

from __future__ import annotations

import logging
import stat
import sys
from pathlib import Path
from typing import Any

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import chainer, fail, null
from keyring.errors import KeyringLocked, PasswordDeleteError
from pydantic import SecretStr

from pronote_api.catalogue import tr
from pronote_tui.config import Settings
from pronote_tui.credentials import KEYRING_SERVICE, CredentialStore, usable_keyring

NUMBER = "221222100001"
PASSWORD = "Abcdefgh123456"


class MemoryKeyring(KeyringBackend):
    """A working keyring backend kept in memory (the system ones need a desktop session)."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if (service, username) not in self.items:
            raise PasswordDeleteError(username)
        del self.items[(service, username)]


class LockedKeyring(MemoryKeyring):
    """A keyring that existed at start but refuses at use time (a locked wallet)."""

    def get_password(self, service: str, username: str) -> str | None:
        raise KeyringLocked("wallet locked")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise KeyringLocked("wallet locked")


@pytest.fixture
def restore_keyring() -> Any:
    before = keyring.get_keyring()
    yield
    keyring.set_keyring(before)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# A desktop session (a session bus, no SSH): the keyring package is asked.
DESKTOP = {"DBUS_SESSION_BUS_ADDRESS": "unix:path=/run/user/1000/bus", "DISPLAY": ":0"}


def test_a_working_backend_is_used_in_a_desktop_session(restore_keyring: Any) -> None:
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    assert usable_keyring(DESKTOP) is backend


@pytest.mark.parametrize("backend", [fail.Keyring(), null.Keyring()])
def test_fail_and_null_keyrings_count_as_none(backend: Any, restore_keyring: Any) -> None:
    keyring.set_keyring(backend)
    assert usable_keyring(DESKTOP) is None


def test_chainer_with_nothing_to_chain_counts_as_none(
    restore_keyring: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(chainer.ChainerBackend, "backends", [])
    keyring.set_keyring(chainer.ChainerBackend())
    assert usable_keyring(DESKTOP) is None


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the rule is for Linux/BSD")
def test_over_ssh_without_a_display_a_desktop_keyring_is_not_tried(restore_keyring: Any) -> None:
    # It could only wait for an unlock prompt that nobody sees: the console would freeze.
    keyring.set_keyring(MemoryKeyring())
    ssh = {**DESKTOP, "SSH_CONNECTION": "192.0.2.1 50000 192.0.2.2 22"}
    del ssh["DISPLAY"]
    assert usable_keyring(ssh) is None
    assert usable_keyring({}) is None  # no session bus at all
    # keyring's own variable is an explicit choice and is honoured even there.
    assert usable_keyring({**ssh, "PYTHON_KEYRING_BACKEND": "x"}) is not None


def test_without_keyring_the_password_goes_to_a_0600_file(
    tmp_path: Path, restore_keyring: Any
) -> None:
    keyring.set_keyring(fail.Keyring())
    store = CredentialStore(tmp_path / "data" / "credentials.json")
    assert store.backend_name == "file"
    assert store.remember(NUMBER, SecretStr(PASSWORD))

    assert _mode(store.file_path) == 0o600
    assert _mode(store.file_path.parent) == 0o700
    again = CredentialStore(tmp_path / "data" / "credentials.json")
    found = again.get(NUMBER)
    assert found is not None and found.get_secret_value() == PASSWORD
    assert again.get("221222100002") is None


def test_the_file_store_says_it_is_not_encrypted(tmp_path: Path, restore_keyring: Any) -> None:
    keyring.set_keyring(fail.Keyring())
    store = CredentialStore(tmp_path / "credentials.json")
    fr, en = store.describe("fr"), store.describe("en")
    assert "sans chiffrement" in fr and str(store.file_path) in fr
    assert "without encryption" in en and str(store.file_path) in en


def test_env_variable_forcing_the_fail_backend_gives_the_file_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, restore_keyring: Any
) -> None:
    import keyring.core

    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    keyring.core.init_backend()
    settings = Settings(config_dir=tmp_path / "cfg")
    store = settings.credential_store()
    assert store.backend_name == "file"
    assert store.file_path == tmp_path / "cfg" / "data" / "credentials.json"


def test_a_usable_keyring_is_preferred_and_the_file_is_not_written(tmp_path: Path) -> None:
    backend = MemoryKeyring()
    store = CredentialStore(tmp_path / "credentials.json", keyring_backend=backend)
    assert store.backend_name == "keyring"
    assert store.remember(NUMBER, SecretStr(PASSWORD))
    assert backend.items == {(KEYRING_SERVICE, NUMBER): PASSWORD}
    assert not store.file_path.exists()
    found = store.get(NUMBER)
    assert found is not None and found.get_secret_value() == PASSWORD
    assert store.describe("en").startswith("The password is kept in the system keyring (")
    assert "MemoryKeyring" in store.describe("fr")


def test_forget_removes_the_password_everywhere(tmp_path: Path) -> None:
    backend = MemoryKeyring()
    store = CredentialStore(tmp_path / "credentials.json", keyring_backend=backend)
    store.remember(NUMBER, SecretStr(PASSWORD))
    store.forget(NUMBER)
    store.forget(NUMBER)  # forgetting twice is not an error
    assert store.get(NUMBER) is None
    assert backend.items == {}

    file_store = CredentialStore(tmp_path / "credentials.json", use_keyring=False)
    file_store.remember(NUMBER, SecretStr(PASSWORD))
    file_store.forget(NUMBER)
    assert file_store.get(NUMBER) is None
    assert PASSWORD not in file_store.file_path.read_text()


def test_a_keyring_failing_at_use_time_falls_back_to_the_file(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    store = CredentialStore(tmp_path / "credentials.json", keyring_backend=LockedKeyring())
    assert store.backend_name == "keyring"
    assert store.remember(NUMBER, SecretStr(PASSWORD))
    assert store.backend_name == "file"
    assert _mode(store.file_path) == 0o600
    found = store.get(NUMBER)
    assert found is not None and found.get_secret_value() == PASSWORD
    assert "ne répond pas" in store.describe("fr")
    assert PASSWORD not in caplog.text


def test_not_remembering_keeps_nothing_and_says_it_asks(tmp_path: Path) -> None:
    store = CredentialStore(tmp_path / "credentials.json", remember=False)
    assert store.backend_name == "ask"
    assert not store.remember(NUMBER, SecretStr(PASSWORD))
    assert store.get(NUMBER) is None
    assert not store.file_path.exists()
    assert store.describe("en") == tr("credentials.ask", "en")


def test_an_unwritable_data_folder_means_asking_each_time(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    store = CredentialStore(blocker / "credentials.json", use_keyring=False)
    assert store.backend_name == "ask"
    assert not store.remember(NUMBER, SecretStr(PASSWORD))


def test_a_damaged_file_is_read_as_empty_and_rewritten(tmp_path: Path) -> None:
    path = tmp_path / "credentials.json"
    path.write_text("{not json")
    store = CredentialStore(path, use_keyring=False)
    assert store.get(NUMBER) is None
    store.remember(NUMBER, SecretStr(PASSWORD))
    assert _mode(path) == 0o600
    found = store.get(NUMBER)
    assert found is not None and found.get_secret_value() == PASSWORD


def test_the_password_never_shows_in_repr(tmp_path: Path) -> None:
    store = CredentialStore(tmp_path / "credentials.json", use_keyring=False)
    store.remember(NUMBER, SecretStr(PASSWORD))
    secret = store.get(NUMBER)
    assert (
        PASSWORD not in repr(store) and PASSWORD not in repr(secret) and PASSWORD not in str(secret)
    )
