"""Snapshots at 80x24 of Suivi des connexions (rows of real sessions, in 16 colours too), the
licences reserved for administrators dialog, and Sécurité with a suspended address.

The module's own service (``clients_support``) and a school with fixed visible data; the
sessions are real logins. Times on screen (connected since, suspended since/until) vary with the
run: they are masked here and checked by ``test_connections_panel``. Update with
``pytest --snapshot-update`` and look at them.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine, Iterator
from pathlib import Path
from typing import Any

import pytest
from clients_support import School, clients_service, school_in_service, suspend_localhost
from console_support import SIZE, TERM_256, logged_in_app_sync, wait_workers
from live_service import LiveService
from textual.pilot import Pilot

from pronote_api.connections import ClientMode
from pronote_tui.app import PronoteApp
from pronote_tui.screens.serveur import ServeurPanel
from pronote_tui.widgets import connections_view, security_view
from pronote_tui.widgets.connections_view import ConnectionsView
from pronote_tui.widgets.live_table import LiveTable
from pronote_tui.widgets.security_view import SecurityView

Snap = Callable[..., bool]

SCHOOL = {
    "hosting_number": "221222100088",
    "client_reference": "91488",
    "uai": "0750088N",
    "name": "Collège Jean Moulin",
    "licence_expires": "2027-08-31",
    "editors": 4,
    "formula": "80",
    "manager_name": "Paul Durant",
    "manager_email": "paul.durant@example.org",
    "manager_phone": "+33612345600",
}


# This module's service: suspension with no allow-list (overrides the session's).
service = pytest.fixture(scope="module", name="service")(clients_service)


@pytest.fixture(scope="module")
def school(service: LiveService, tmp_path_factory: pytest.TempPathFactory) -> Iterator[School]:
    with school_in_service(service, tmp_path_factory.mktemp("ws"), **SCHOOL) as school:
        school.login("alice", "Poste 1")
        school.login("bruno", "Poste 2")
        school.login("prof", "Salle 12", ClientMode.TEACHER)
        school.login("cpe", "Vie scolaire 1", ClientMode.SCHOOL_LIFE)
        yield school


@pytest.fixture(autouse=True)
def masked_times(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(connections_view, "format_datetime_short", lambda *_: "jj/mm/aa hh:mm")
    monkeypatch.setattr(security_view, "format_datetime", lambda *_: "jj/mm/aaaa hh:mm")
    monkeypatch.setattr(security_view, "day_time", lambda *_: "jj/mm hh:mm")


def _in_tab(
    school: School, tab_id: str, *keys: str
) -> Callable[[Pilot[Any]], Coroutine[Any, Any, None]]:
    async def run(pilot: Pilot[Any]) -> None:
        for connection in school.open:
            await asyncio.to_thread(connection.heartbeat)  # on time: État stays Connecté
        await pilot.pause()
        await wait_workers(pilot)
        await pilot.press("2", "escape", "enter")
        pilot.app.screen.query_one(ServeurPanel).show_tab(tab_id)
        await pilot.pause()
        view = pilot.app.screen.query_one(
            ConnectionsView if tab_id == "tab-connections" else SecurityView
        )
        view.query_one(LiveTable).focus()
        await wait_workers(pilot)
        await pilot.pause()
        await pilot.press(*keys)
        await wait_workers(pilot)
        await pilot.pause()

    return run


def app_for(school: School, service: LiveService, console_dir: Path, **options: Any) -> PronoteApp:
    lang = options.pop("lang", "fr")
    return logged_in_app_sync(service, school.secrets, console_dir, lang, **options)


def test_connections_tab(
    snap_compare: Snap, school: School, service: LiveService, console_dir: Path
) -> None:
    app = app_for(school, service, console_dir)
    assert snap_compare(app, terminal_size=SIZE, run_before=_in_tab(school, "tab-connections"))


def test_connections_tab_in_16_colours_in_english(
    snap_compare: Snap, school: School, service: LiveService, console_dir: Path
) -> None:
    app = app_for(school, service, console_dir, lang="en", environ={"TERM": "linux"})
    assert snap_compare(app, terminal_size=SIZE, run_before=_in_tab(school, "tab-connections"))


def test_reserved_licences_dialog(
    snap_compare: Snap, school: School, service: LiveService, console_dir: Path
) -> None:
    app = app_for(school, service, console_dir, environ=TERM_256)
    run_before = _in_tab(school, "tab-connections", "r")
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_connections_tab_with_no_color(
    snap_compare: Snap,
    school: School,
    service: LiveService,
    console_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The cursor's row stands out without colour (reverse video)."""
    monkeypatch.setenv("NO_COLOR", "1")
    app = app_for(school, service, console_dir, environ={"TERM": "linux"})
    assert snap_compare(app, terminal_size=SIZE, run_before=_in_tab(school, "tab-connections"))


def test_security_tab_with_a_suspended_address(
    snap_compare: Snap, school: School, service: LiveService, console_dir: Path
) -> None:
    app = app_for(school, service, console_dir)  # logged in before the suspension
    suspend_localhost(school)
    assert snap_compare(app, terminal_size=SIZE, run_before=_in_tab(school, "tab-security"))
