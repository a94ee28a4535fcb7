"""Serveur PRONOTE, keyboard only, against the real service: Créer une base, Mettre en service
(the superadministrator the first time), Arrêter le serveur, Charger une base from a folder the
old server dropped its files in (pick, the replacement and the stop confirmed, upload, load,
put in service), the annexes and users with their reports, a refused file, Autres bases and
Ouvrir cette base, Préparer l'année suivante; Accueil and the status line follow."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from console_support import (
    SIZE,
    AsyncAppFactory,
    focused_id,
    screen_text,
    shown,
    type_text,
    wait_workers,
)
from textual.pilot import Pilot
from textual.widgets import OptionList, TabbedContent

from pronote_api.catalogue import tr
from pronote_api.models import ServerState
from pronote_api.school import BaseOrigin
from pronote_server.school.export import export_hosting_files
from pronote_server.school.populate import generate_base
from pronote_tui.app import PronoteApp
from pronote_tui.screens.serveur import ServeurPanel
from pronote_tui.widgets.confirm import ChoiceDialog, ConfirmDialog
from pronote_tui.widgets.file_picker import FilePicker
from pronote_tui.widgets.progress_dialog import ProgressDialog
from pronote_tui.widgets.status_line import StatusLine
from pronote_tui.widgets.superadmin_dialog import SuperadminDialog
from pronote_tui.widgets.time_grid import TimeGridDialog

STRONG = "Vx7#qLm2!pR9zT"
JOB_WAIT = 60.0


FILES_DIR_ENV = "PRONOTE_TUI_FILES_DIR"  # Settings.files_dir: where the file dialogs open


async def settle(pilot: Pilot[Any]) -> None:
    """Let the requests in flight finish; the file dialog's watcher runs until it closes."""
    await pilot.pause()
    workers = [w for w in pilot.app.workers if w.group != "picker-watch"]
    if workers:  # (an empty list would mean "all of them")
        await wait_workers(pilot, workers)
    await pilot.pause()


def panel(app: PronoteApp) -> ServeurPanel:
    return app.screen.query_one(ServeurPanel)


async def open_serveur(pilot: Pilot[Any]) -> None:
    """Key 2, then Enter: into the panel (its keys work where the focus is)."""
    await settle(pilot)
    await pilot.press("2")
    await pilot.press("escape", "enter")
    await settle(pilot)
    assert focused_id(pilot) != "nav"


async def answer_confirmation(pilot: Pilot[Any], key: str, says: str, answer: str = "o") -> None:
    """Press ``key``; a confirmation that says ``says`` comes; answer it."""
    await pilot.press(key)
    await settle(pilot)
    assert isinstance(pilot.app.screen, ConfirmDialog)
    assert says in shown(pilot.app, ".dialog-body")
    await pilot.press(answer)
    await settle(pilot)


async def create_base(pilot: Pilot[Any]) -> None:
    """Créer une base with the grid offered."""
    await pilot.press("b")
    await settle(pilot)
    assert isinstance(pilot.app.screen, TimeGridDialog)
    await pilot.press("ctrl+s")
    await settle(pilot)


async def define_superadmin(pilot: Pilot[Any]) -> None:
    assert isinstance(pilot.app.screen, SuperadminDialog)
    await type_text(pilot, "spr.admin")
    await pilot.press("enter")
    await type_text(pilot, STRONG)
    await pilot.press("enter")
    await type_text(pilot, STRONG)
    await pilot.press("enter")
    await settle(pilot)


async def wait_progress(pilot: Pilot[Any]) -> ProgressDialog:
    dialog = pilot.app.screen
    assert isinstance(dialog, ProgressDialog)
    loop = asyncio.get_running_loop()
    end = loop.time() + JOB_WAIT
    while not dialog.finished:
        assert loop.time() < end, "the operation did not end"
        await pilot.pause(0.05)
    await pilot.pause()
    return dialog


async def succeeds_with(pilot: Pilot[Any], says: str) -> None:
    """The operation started ends well, its report says ``says``; Escape closes it."""
    await settle(pilot)
    dialog = await wait_progress(pilot)
    report = shown(pilot.app, "#progress-result")
    assert dialog.succeeded, report
    assert says in report
    await pilot.press("escape")
    await settle(pilot)


def hosting_files(folder: Path, number: str, *, name: str = "Base année 2025-2026") -> Any:
    base = folder.parent / f"old-{name[-9:]}-{number}.sqlite"
    generate_base(base, scale=0.01, name=name, school_year="2025-2026", hosting_number=number)
    return export_hosting_files(base, folder, hosting_number=number)


def state_line(app: PronoteApp) -> str:
    return shown(app, "#serveur-state")


async def test_create_a_base_put_it_in_service_and_stop_the_server(
    service: Any, logged_in_app: AsyncAppFactory
) -> None:
    app = await logged_in_app(service.create_account())
    async with app.run_test(size=SIZE) as pilot:
        await open_serveur(pilot)
        assert shown(app, "#serveur-base") == tr("serveur.no_base", "fr")
        # Mettre en service without a base: said, nothing asked.
        await pilot.press("m")
        await settle(pilot)
        assert shown(app, "#serveur-result") == tr("error.no_base", "fr")

        await create_base(pilot)
        text = screen_text(app)
        assert "Base en cours : Base année" in text
        assert "0 élèves" in text and "0 retards" in text
        assert "Arrêté" in state_line(app)

        # First start: the superadministrator is defined, then the base is in service.
        await pilot.press("m")
        await settle(pilot)
        await define_superadmin(pilot)
        assert "En service" in state_line(app)
        status_line = str(app.screen.query_one(StatusLine).content)
        assert tr("server.state.running", "fr") in status_line
        await pilot.press("1")
        await settle(pilot)
        assert "Base en cours : Base année" in screen_text(app)
        assert "En service" in shown(app, "#accueil-state")

        # Stopping names what is lost; "no" changes nothing.
        await pilot.press("2", "escape", "enter")
        await answer_confirmation(pilot, "x", "seront déconnectés", "n")
        assert (await app.client.server_status()).state == ServerState.RUNNING
        assert shown(app, "#serveur-result") == tr("serveur.cancelled", "fr")
        await answer_confirmation(pilot, "x", "seront déconnectés")
        assert "Arrêté" in state_line(app)
        assert (await app.client.server_status()).state == ServerState.STOPPED
        # Once defined, the superadministrator is not asked again.
        await pilot.press("m")
        await settle(pilot)
        assert not isinstance(app.screen, SuperadminDialog)
        assert "En service" in state_line(app)


async def test_load_a_base_from_the_drop_folder_then_annexes_users_and_other_bases(
    service: Any,
    logged_in_app: AsyncAppFactory,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    account = service.create_account()
    number = account.hosting_number
    drop = tmp_path / "depot"
    files = hosting_files(drop, number)
    monkeypatch.setenv(FILES_DIR_ENV, str(drop))
    app = await logged_in_app(account)
    async with app.run_test(size=SIZE) as pilot:
        await open_serveur(pilot)
        # A base of our own, in service: loading must stop the server first.
        await create_base(pilot)
        await pilot.press("m")
        await settle(pilot)
        await define_superadmin(pilot)
        assert "En service" in state_line(app)
        created = (await app.client.bases()).current
        assert created is not None

        # The file first (the server still in service), then one question names the base
        # replaced, where it goes, and the stop; only then is the server stopped.
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, FilePicker)
        assert app.screen.folder == drop
        # The .HNOT is highlighted (the annexes and .profils beside it are not listed).
        assert "Base_annee_2025-2026.HNOT" in screen_text(app)
        assert ".profils" not in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        body = shown(app, ".dialog-body")
        assert f"à la place de « {created.name} »" in body and "Base_annee_2025-2026.HNOT" in body
        assert "« Bases précédemment mises en service »" in body
        assert "il sera arrêté d'abord" in body
        assert (await app.client.server_status()).state == ServerState.RUNNING
        await pilot.press("o")
        await settle(pilot)
        dialog = await wait_progress(pilot)
        assert dialog.succeeded, shown(app, "#progress-result")
        assert "Base année 2025-2026" in shown(app, "#progress-result")
        assert "100 %" in screen_text(app)
        # "Mettre en service" is offered, and the loaded base needs its superadministrator.
        assert focused_id(pilot) == "progress-start"
        await pilot.press("enter")
        await settle(pilot)
        await define_superadmin(pilot)
        assert "En service" in state_line(app)
        listing = await app.client.bases()
        assert listing.current is not None and listing.current.origin == BaseOrigin.UPLOADED
        text = screen_text(app)
        assert "Base en cours : Base année 2025-2026 (2025-2026)" in text
        students = listing.current.counts.resources["students"]
        assert f"{students} élèves" in text
        # The base created before is now "previously in service", in Autres bases.
        other = app.screen.query_one("#other-bases-list", OptionList)
        prompts = [str(other.get_option_at_index(i).prompt) for i in range(other.option_count)]
        assert any(created.name in p for p in prompts)

        # Compléter la base hébergée with each annex, then Récupérer les utilisateurs.
        for annex in files.annexes.values():
            await pilot.press("h")
            await settle(pilot)
            assert isinstance(app.screen, FilePicker)
            picker = app.screen
            options = picker.query_one("#picker-list", OptionList)
            for index in range(options.option_count):
                if options.get_option_at_index(index).id == annex.name:
                    options.highlighted = index
            await pilot.press("enter")
            await succeeds_with(pilot, "élément(s) ajouté(s)")
        await pilot.press("u")
        await settle(pilot)
        assert isinstance(app.screen, FilePicker)
        await pilot.press("enter")
        await succeeds_with(pilot, f"{files.users} utilisateur(s) créé(s)")

        # Ouvrir cette base: the earlier base comes back; one question names both bases and
        # the stop, and the server is stopped only once it is answered.
        app.screen.query_one("#server-tabs", TabbedContent).active = "tab-other-bases"
        other.focus()
        await pilot.pause()
        await answer_confirmation(pilot, "o", "il sera arrêté d'abord", "n")
        assert (await app.client.server_status()).state == ServerState.RUNNING
        assert shown(app, "#serveur-result") == tr("serveur.cancelled", "fr")
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        body = shown(app, ".dialog-body")
        assert f"« {created.name} »" in body and "à la place de « Base année 2025-2026 »" in body
        await pilot.press("o")
        await settle(pilot)
        assert (await app.client.bases()).current.id == created.id  # type: ignore[union-attr]
        assert f"Base en cours : {created.name}" in screen_text(app)


async def test_a_file_for_another_hosting_number_is_refused_and_nothing_changes(
    service: Any,
    logged_in_app: AsyncAppFactory,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    drop = tmp_path / "depot"
    hosting_files(drop, "999999999999", name="Base d'un autre")
    monkeypatch.setenv(FILES_DIR_ENV, str(drop))
    app = await logged_in_app(service.create_account())
    async with app.run_test(size=SIZE) as pilot:
        await open_serveur(pilot)
        await pilot.press("c")  # stopped already: straight to the file dialog
        await settle(pilot)
        assert isinstance(app.screen, FilePicker)
        await pilot.press("enter")
        await settle(pilot)
        dialog = await wait_progress(pilot)
        assert not dialog.succeeded
        assert tr("error.foreign_file", "fr").split(" ")[0] in shown(app, "#progress-result")
        assert app.screen.query("#progress-start").first().disabled
        await pilot.press("escape")
        await settle(pilot)
        assert (await app.client.bases()).current is None
        assert shown(app, "#serveur-base") == tr("serveur.no_base", "fr")


async def test_prepare_next_year_archives_and_lists_the_new_base(
    service: Any, logged_in_app: AsyncAppFactory
) -> None:
    app = await logged_in_app(service.create_account())
    async with app.run_test(size=SIZE) as pilot:
        await open_serveur(pilot)
        await create_base(pilot)
        current = (await app.client.bases()).current
        assert current is not None
        await answer_confirmation(pilot, "y", "sera archivée")
        # Keep the grid? "n": change it, to 8 periods.
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, TimeGridDialog)
        app.screen.query_one("#grid-sequences").focus()
        await pilot.press("end", "backspace", "backspace", "8", "ctrl+s")
        await succeeds_with(pilot, "attend")
        listing = await app.client.bases()
        assert listing.current is not None and listing.current.id == current.id
        upcoming = [b for b in listing.prepared if b.origin == BaseOrigin.NEXT_YEAR]
        assert len(upcoming) == 1 and upcoming[0].time_grid is not None
        assert upcoming[0].time_grid.sequences == 8
        panel(app).show_tab("tab-other-bases")  # the panel opens on its first tab, Sauvegardes
        await settle(pilot)
        assert upcoming[0].name in screen_text(app)


async def test_escape_at_the_grid_question_prepares_nothing(
    service: Any, logged_in_app: AsyncAppFactory
) -> None:
    """ "La garder (o)" / "En changer (n)": Escape is neither; the whole action is cancelled."""
    app = await logged_in_app(service.create_account())
    async with app.run_test(size=SIZE) as pilot:
        await open_serveur(pilot)
        await create_base(pilot)
        before = await app.client.bases()
        await answer_confirmation(pilot, "y", "sera archivée")
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, (ChoiceDialog, TimeGridDialog))
        assert shown(app, "#serveur-result") == tr("serveur.cancelled", "fr")
        after = await app.client.bases()
        assert after.prepared == before.prepared and after.current == before.current


async def test_every_action_is_in_the_palette(service: Any, logged_in_app: AsyncAppFactory) -> None:
    app = await logged_in_app(service.create_account(), lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        labels = [c.label for c in app.screen.palette_commands()]  # type: ignore[attr-defined]
        for key in ("start", "stop", "load", "create", "prepare", "annexes", "users"):
            assert tr(f"serveur.{key}", "en") in labels
        await pilot.press("ctrl+p")
        await settle(pilot)
        await type_text(pilot, "Create a base")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, TimeGridDialog)
        assert "Time grid settings" in screen_text(app)
