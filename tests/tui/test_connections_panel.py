"""Suivi des connexions, Licences utilisées and Sécurité in the console, against the real service.

The module has its own service (``clients_support``: nothing allow-listed, 3 failures suspend an
address) so that 127.0.0.1, where the test's desktop clients come from, can be suspended.
Sessions are real logins on the client port (what ``pronote-client`` uses).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from bases_support import history_actions
from clients_support import (
    School,
    clients_service,
    school_in_service,
    start_clients_service,
    suspend_localhost,
    told_at_heartbeat,
)
from console_support import (
    SIZE,
    TERM_256,
    enrol_and_login,
    make_client,
    make_settings,
    screen_text,
    settle,
    shown,
)
from live_service import LiveService
from textual.pilot import Pilot

from pronote_api.connections import ClientMode
from pronote_tui.app import PronoteApp
from pronote_tui.client import ConnectionState
from pronote_tui.screens.serveur import ServeurPanel
from pronote_tui.widgets.confirm import ConfirmDialog
from pronote_tui.widgets.connections_view import ConnectionsView, RowMenu
from pronote_tui.widgets.security_view import SecurityView

# This module's service: suspension with no allow-list (overrides the session's).
service = pytest.fixture(scope="module", name="service")(clients_service)


@pytest.fixture(scope="module")
def school(service: LiveService, tmp_path_factory: pytest.TempPathFactory) -> Iterator[School]:
    with school_in_service(service, tmp_path_factory.mktemp("ws"), editors=4) as school:
        yield school


def serveur(app: PronoteApp) -> ServeurPanel:
    return app.screen.query_one(ServeurPanel)


async def open_tab(pilot: Pilot[Any], tab_id: str) -> None:
    await settle(pilot)
    await pilot.press("2", "escape", "enter")
    serveur(pilot.app).show_tab(tab_id)  # type: ignore[arg-type]
    await settle(pilot)


async def wait_rows(pilot: Pilot[Any], view: ConnectionsView, count: int) -> None:
    deadline = time.monotonic() + 10
    while view.table.row_count != count:
        assert time.monotonic() < deadline, view.table.visible_keys
        view.poll()
        await settle(pilot)


async def test_rows_appear_the_cursor_stays_and_a_disable_makes_the_row_leave(
    school: School, logged_in_app: Any
) -> None:
    alice = school.login("alice", "Poste 1")
    bruno = school.login("bruno", "Poste 2")
    school.login("prof", "Salle 12", ClientMode.TEACHER)
    app = await logged_in_app(school.secrets)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)  # Accueil: the users connected by kind
        home = screen_text(app)
        assert "Connectés : 2 en modification, 1 en Mode enseignant" in home
        await open_tab(pilot, "tab-connections")
        view = app.screen.query_one(ConnectionsView)
        await wait_rows(pilot, view, 3)
        view.table.focus()  # the panel scrolls the table into view
        await settle(pilot)
        text = screen_text(app)
        for word in ("Poste 1", "Poste 2", "Salle 12", "alice", "Enseig", "Admini"):
            assert word in text
        assert "Modification : 2/4" in text  # two administrative sessions of four licences
        assert "Enseignant : 1/" in text

        # The cursor on bruno's row stays there while another session comes and the order moves.
        table = view.table
        bruno_id = next(k for k, s in view.sessions.items() if s.user == "bruno")
        table.move_cursor_to(bruno_id)
        school.login("chloe", "Poste 0")
        await wait_rows(pilot, view, 4)
        assert table.cursor_key == bruno_id
        await pilot.press("s")  # sort by Application, then by the whole row
        assert table.cursor_key == bruno_id

        # Désactiver un client: the confirmation names the user and the workstation.
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        assert "bruno" in screen_text(app) and "Poste 2" in screen_text(app)
        await pilot.press("o")
        await settle(pilot)
        assert bruno_id not in table.visible_keys
        assert "bruno a été déconnecté du poste Poste 2" in screen_text(app)
        assert table.cursor_key is not None and table.cursor_key != bruno_id
        assert told_at_heartbeat(bruno) == "disconnected_by_administrator"
        assert history_actions(school.console)[0]["action"] == "client.disable"

        # The right-click menu leads to the same confirmation; refusing it changes nothing.
        alice_id = next(k for k, s in view.sessions.items() if s.user == "alice")
        line = table.visible_keys.index(alice_id) + 1 - int(table.scroll_offset.y)
        await pilot.click(table, offset=(2, line), button=3)  # a right click on alice's row
        await settle(pilot)
        assert table.cursor_key == alice_id
        assert isinstance(app.screen, RowMenu)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await settle(pilot)
        assert alice_id in table.visible_keys
        alice.heartbeat()  # still connected


async def test_filter_pause_and_interval_from_the_keyboard(
    school: School, logged_in_app: Any
) -> None:
    school.login("cpe", "Vie scolaire 1", ClientMode.SCHOOL_LIFE)
    school.login("prof", "Salle 13", ClientMode.TEACHER)
    app = await logged_in_app(school.secrets, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await open_tab(pilot, "tab-connections")
        view = app.screen.query_one(ConnectionsView)
        view.poll()
        await settle(pilot)
        # Nothing changed since: both requests of the next poll are answered 304, no body.
        # (Counted per path: the status line's and the timer's own polls may come in between.)
        seen = app.client.not_modified_by_path
        before = (seen["/v1/connections"], seen["/v1/licences"])
        view.poll()
        await settle(pilot)
        assert seen["/v1/connections"] > before[0] and seen["/v1/licences"] > before[1]
        view.table.focus()
        await settle(pilot)
        assert "refreshed every 2 s" in screen_text(app)
        assert "+ More often" in screen_text(app) and "p Pause" in screen_text(app)  # footer
        await pilot.press("minus")
        assert "refreshed every 5 s" in screen_text(app)
        await pilot.press("plus", "plus")
        assert "refreshed every 1 s" in screen_text(app)
        await pilot.press("p")
        await settle(pilot)
        assert "refreshing paused" in screen_text(app)
        polls = view.polls
        view._tick()
        await settle(pilot)
        assert view.polls == polls  # paused: the tick asks nothing
        await pilot.press("slash", *"CPE")
        await settle(pilot)
        users = [view.sessions[k].user for k in view.table.visible_keys]
        assert users == ["cpe"]
        await pilot.press("enter")
        assert "filter “cpe”" in screen_text(app)
        await pilot.press("slash", "escape")
        await settle(pilot)
        assert len(view.table.visible_keys) == view.table.row_count > 1
        await pilot.press("p")  # polling again
        await settle(pilot)
        assert "refreshed every 1 s" in screen_text(app)
        # Another tab in view: the ticks ask nothing.
        serveur(app).show_tab("tab-other-bases")
        await settle(pilot)
        polls = view.polls
        view._tick()
        await settle(pilot)
        assert view.polls == polls


async def test_reserved_licences_are_validated_and_saved(
    school: School, logged_in_app: Any
) -> None:
    app = await logged_in_app(school.secrets)
    async with app.run_test(size=SIZE) as pilot:
        await open_tab(pilot, "tab-connections")
        view = app.screen.query_one(ConnectionsView)
        view.poll()
        await settle(pilot)
        # From the command palette's entry (the key is r in the tab).
        entry = next(
            c
            for c in serveur(app).palette_commands()
            if c.label == "Licences réservées pour les administrateurs"
        )
        entry.run()
        await settle(pilot)
        await pilot.press("backspace", "9", "enter")
        await settle(pilot)
        assert "entre 0 et 4" in screen_text(app)
        assert school.console.get("/v1/licences").json()["reserved_for_administrators"] == 1
        await pilot.press("backspace", "2", "enter")
        await settle(pilot)
        assert "Licences réservées pour les administrateurs : 2." in screen_text(app)
        assert "réservées admin : 2" in screen_text(app)
        assert school.console.get("/v1/licences").json()["reserved_for_administrators"] == 2
        school.console.put("/v1/licences/reserved", json={"reserved_for_administrators": 1})


async def test_a_suspended_address_is_listed_and_unblocked(
    school: School, logged_in_app: Any
) -> None:
    app = await logged_in_app(school.secrets)  # logged in before the address is suspended
    suspend_localhost(school)
    async with app.run_test(size=SIZE) as pilot:
        await open_tab(pilot, "tab-security")
        view = app.screen.query_one(SecurityView)
        view.fetch()
        await settle(pilot)
        view.table.focus()
        await settle(pilot)
        text = screen_text(app)
        assert "Suspension après 3 échecs en 10 min pendant 15 min" in text
        assert "Jamais suspendues : aucune" in text
        assert "127.0.0.1" in text
        assert "après 3 échecs (accès : Client PRONOTE)" in text  # the chosen row, whole
        await pilot.press("u")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        assert "127.0.0.1" in screen_text(app)
        await pilot.press("o")
        await settle(pilot)
        assert "127.0.0.1 est débloquée." in screen_text(app)
        assert view.table.row_count == 0
        assert school.console.get("/v1/security").json()["suspended"] == []
        assert history_actions(school.console)[0]["action"] == "security.unblock"


@pytest.fixture
def own_school(tmp_path_factory: pytest.TempPathFactory) -> Iterator[School]:
    """A service and a school of the test's own: the test stops that service, and no other test
    depends on the order in which they run."""
    live = start_clients_service(tmp_path_factory.mktemp("lost-service"))
    try:
        with school_in_service(live, tmp_path_factory.mktemp("ws-lost"), editors=4) as school:
            yield school
    finally:
        live.stop()


async def test_losing_the_service_mid_poll_breaks_nothing(
    own_school: School, console_dir: Path
) -> None:
    school = own_school
    settings = make_settings(console_dir, "fr")
    client = make_client(school.service, settings, pinned=True)
    session = await enrol_and_login(client, school.secrets)
    app = PronoteApp(client, settings, session=session, environ=TERM_256)
    async with app.run_test(size=SIZE) as pilot:
        await open_tab(pilot, "tab-connections")
        view = app.screen.query_one(ConnectionsView)
        view.poll()
        await settle(pilot)
        rows = view.table.visible_keys
        polls = view.polls
        school.service.stop()
        view.poll()  # the client retries, then gives up: said in the tab, the table kept
        await settle(pilot)
        assert app.client.state == ConnectionState.OFFLINE
        assert view.polls == polls
        assert view.table.visible_keys == rows
        assert shown(app, "#conn-detail").startswith("Service injoignable")
        view._tick()  # offline: the tick asks nothing (the client probes on its own)
        await settle(pilot)
        assert view.polls == polls
        assert app.is_running
