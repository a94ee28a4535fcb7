"""Fixtures of the console's screen tests (helpers in ``console_support``).

Each test gets its own configuration folder under ``tmp_path`` and the keyring's *fail*
backend, so nothing touches the machine's keyring or the user's files.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from console_support import (
    TERM_256,
    AppFactory,
    AsyncAppFactory,
    enrol_and_login,
    make_client,
    make_settings,
)

from pronote_api.catalogue import Lang
from pronote_tui.app import PronoteApp


@pytest.fixture
def console_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private configuration folder; keyring forced to its failing backend."""
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    for name in ("PRONOTE_TUI_CONFIG_DIR", "PRONOTE_TUI_LANG", "PRONOTE_TUI_THEME", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path / "console"


@pytest.fixture
def login_app(service: Any, console_dir: Path) -> AppFactory:
    """``login_app(lang=..., pinned=..., remember=...)``: the console on its login screen."""

    def make(lang: Lang = "fr", *, pinned: bool = True, remember: bool = True) -> PronoteApp:
        settings = make_settings(console_dir, lang, remember=remember)
        client = make_client(service, settings, pinned=pinned)
        return PronoteApp(client, settings, environ=TERM_256)

    return make


@pytest.fixture
def logged_in_app(service: Any, console_dir: Path) -> AsyncAppFactory:
    """``await logged_in_app(account, lang=...)``: the console opened on the panels, logged in
    (certificate installed and session opened through the real service beforehand)."""

    async def make(account: Any, lang: Lang = "fr") -> PronoteApp:
        settings = make_settings(console_dir, lang)
        client = make_client(service, settings, pinned=True)
        session = await enrol_and_login(client, account)
        return PronoteApp(client, settings, session=session, environ=TERM_256)

    return make
