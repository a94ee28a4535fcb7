"""Snapshots at 80x24 of the login screen, each panel and Mon compte's tabs.

They run against the ``demo_account`` fixture, whose visible data is fixed (Lycée Charlemagne,
221222100001 ...), so the screens are the same at every run. No clock is on screen; the
history tab (its times vary) is checked by the Pilot tests instead, and the Serveur PRONOTE
snapshot shows the Sauvegardes tab. Update with ``pytest --snapshot-update`` and look at them.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

import pytest
from console_support import SIZE, TERM_256, logged_in_app_sync, make_client, make_settings
from textual.pilot import Pilot
from textual.widgets import TabbedContent

from pronote_tui.app import PronoteApp

Snap = Callable[..., bool]


async def _settled(pilot: Pilot[Any]) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def _after(
    *keys: str, tab: tuple[str, str] | None = None
) -> Callable[[Pilot[Any]], Coroutine[Any, Any, None]]:
    """Press ``keys``, optionally open a tab (``(tabs id, tab id)``), wait for the data."""

    async def run(pilot: Pilot[Any]) -> None:
        await _settled(pilot)
        await pilot.press(*keys)
        await _settled(pilot)
        if tab is not None:
            pilot.app.screen.query_one(f"#{tab[0]}", TabbedContent).active = tab[1]
            await _settled(pilot)

    return run


@pytest.fixture
def demo_app(service: Any, demo_account: Any, console_dir: Path) -> Callable[..., PronoteApp]:
    def make(lang: str = "fr") -> PronoteApp:
        return logged_in_app_sync(service, demo_account, console_dir, lang)  # type: ignore[arg-type]

    return make


def test_login_screen(snap_compare: Snap, service: Any, console_dir: Path) -> None:
    # "Ask each time": the file store would print this run's temporary path.
    settings = make_settings(console_dir, remember=False)
    app = PronoteApp(make_client(service, settings, pinned=True), settings, environ=TERM_256)
    assert snap_compare(app, terminal_size=SIZE, run_before=_after())


def test_login_screen_in_16_colours(snap_compare: Snap, service: Any, console_dir: Path) -> None:
    settings = make_settings(console_dir, "en", remember=False)
    client = make_client(service, settings, pinned=True)
    app = PronoteApp(client, settings, environ={"TERM": "linux"})
    assert snap_compare(app, terminal_size=SIZE, run_before=_after())


def test_accueil(snap_compare: Snap, demo_app: Callable[..., PronoteApp]) -> None:
    assert snap_compare(demo_app(), terminal_size=SIZE, run_before=_after())


def test_serveur(snap_compare: Snap, demo_app: Callable[..., PronoteApp]) -> None:
    run = _after("2", tab=("server-tabs", "tab-backups"))
    assert snap_compare(demo_app(), terminal_size=SIZE, run_before=run)


def test_clients(snap_compare: Snap, demo_app: Callable[..., PronoteApp]) -> None:
    assert snap_compare(demo_app(), terminal_size=SIZE, run_before=_after("3"))


def test_pronote_net(snap_compare: Snap, demo_app: Callable[..., PronoteApp]) -> None:
    assert snap_compare(demo_app(), terminal_size=SIZE, run_before=_after("4"))


def test_archives(snap_compare: Snap, demo_app: Callable[..., PronoteApp]) -> None:
    assert snap_compare(demo_app(), terminal_size=SIZE, run_before=_after("5"))


def test_assistance(snap_compare: Snap, demo_app: Callable[..., PronoteApp]) -> None:
    assert snap_compare(demo_app(), terminal_size=SIZE, run_before=_after("6"))


@pytest.mark.parametrize("tab", ["tab-card", "tab-contact", "tab-notifications", "tab-password"])
def test_mon_compte(snap_compare: Snap, demo_app: Callable[..., PronoteApp], tab: str) -> None:
    run = _after("0", tab=("account-tabs", tab))
    assert snap_compare(demo_app(), terminal_size=SIZE, run_before=run)


def test_accueil_in_english(snap_compare: Snap, demo_app: Callable[..., PronoteApp]) -> None:
    assert snap_compare(demo_app("en"), terminal_size=SIZE, run_before=_after())
