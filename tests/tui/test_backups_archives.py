"""Sauvegardes (Fiche 10), Mes archives, Récupérer les données (Fiche 6) and Changement de
version (Fiche 12): keyboard only, at 80x24, against the real service.

- a backup taken from the tab, work made after it, then "Ouvrir cette archive": the server is
  stopped first, the confirmation names the base replaced and the work lost, the restore runs,
  "Mettre en service" puts it back, and the base before the restore is selected to undo it;
- the tree of categories: "Cocher toutes les données", a parent and its children, the report;
- the download of an archive over a link cut in the middle resumes and is verified; a part that
  does not match is deleted and said;
- the version change: dates refused here and by the service, in the manager's language; saved.
"""

from __future__ import annotations

import asyncio
import hashlib
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from console_support import SIZE, AsyncAppFactory, focused_id, screen_text, shown, tab_to
from link_support import CuttingRelay
from pydantic import SecretStr
from test_server_panel import STRONG, hosting_files, settle, wait_progress
from textual.widgets import Input, TabbedContent

from pronote_api.catalogue import tr
from pronote_api.error_body import ApiError
from pronote_api.errors import ErrorCode
from pronote_api.models import ServerState
from pronote_api.school import (
    CreateBaseRequest,
    JobState,
    SuperadminDefinition,
    TimeGrid,
    UploadKind,
)
from pronote_api.snapshots import RecoveryReport, SnapshotKind, VersionChangeOption
from pronote_server.school.base import open_base, record_entry, transaction
from pronote_server.snapshots import backups as snapshots
from pronote_server.store.config import DataDir
from pronote_tui.app import PronoteApp
from pronote_tui.client import ConsoleClient
from pronote_tui.screens.main import MainScreen
from pronote_tui.widgets.archive_transfer import DownloadDialog, SaveAsDialog
from pronote_tui.widgets.backups_view import BackupsView
from pronote_tui.widgets.confirm import ConfirmDialog
from pronote_tui.widgets.file_picker import FilePicker
from pronote_tui.widgets.recovery_dialog import RecoveryDialog, RecoveryReportDialog

FILES_DIR_ENV = "PRONOTE_TUI_FILES_DIR"


async def bring_base_in(client: ConsoleClient, folder: Path, number: str) -> None:
    """A base from the old server, loaded and put in service (through the client)."""
    files = hosting_files(folder, number)
    upload = await client.upload_file(files.hnot, UploadKind.HNOT)
    job = await client.wait_job(await client.load_base(upload.id), interval=0.05)
    assert job.state == JobState.SUCCEEDED, job.error
    await client.start_server(SuperadminDefinition(identifier="spr", password=SecretStr(STRONG)))


async def take(client: ConsoleClient, kind: SnapshotKind) -> str:
    job = await client.wait_job(await client.take_snapshot(kind), interval=0.05)
    assert job.state == JobState.SUCCEEDED, job.error
    return str(job.result["snapshot_id"])


def add_rooms(service: Any, number: str, n: int) -> None:
    """Work made in the base in service (as a client would): ``n`` new rooms, a new entry."""
    (path,) = (service.data_dir / "schools" / number / "bases").glob("*.sqlite")
    with open_base(path) as conn, transaction(conn):
        for i in range(n):
            conn.execute("INSERT INTO rooms (name) VALUES (?)", (f"Salle ajoutée {i}",))
    # The base keeps whole seconds: an entry in the backup's second would read as older.
    record_entry(path, datetime.now(UTC) + timedelta(seconds=2))


async def into_backups(pilot: Any) -> None:
    """Serveur PRONOTE (2), the Sauvegardes tab, the focus in its list."""
    await settle(pilot)
    await pilot.press("2")
    await settle(pilot)
    await pilot.press("escape", "enter")
    await settle(pilot)
    pilot.app.screen.query_one("#server-tabs", TabbedContent).active = "tab-backups"
    await settle(pilot)
    await tab_to(pilot, "backups-table", limit=20)


async def rooms_now(client: ConsoleClient) -> int:
    current = (await client.bases()).current
    assert current is not None
    return current.counts.resources["rooms"]


async def test_take_a_backup_then_restore_it_and_put_it_back_in_service(
    service: Any, logged_in_app: AsyncAppFactory, tmp_path: Path
) -> None:
    account = service.create_account()
    app = await logged_in_app(account)
    # A base created here (a loaded base keeps the old server's id in its file, which the
    # service's restore does not tie to the base it replaces yet: see the report).
    await app.client.create_base(CreateBaseRequest(time_grid=TimeGrid()))
    await app.client.start_server(
        SuperadminDefinition(identifier="spr", password=SecretStr(STRONG))
    )
    rooms = await rooms_now(app.client)
    async with app.run_test(size=SIZE) as pilot:
        await into_backups(pilot)
        assert "Sauvegardes (0) et archives (0)" in screen_text(app)
        # Sauvegarder maintenant (s): a job with its progress, then listed.
        await pilot.press("s")
        dialog = await wait_progress(pilot)
        assert dialog.succeeded and "Faite :" in shown(app, "#progress-result")
        await pilot.press("escape")
        await settle(pilot)
        view = app.screen.query_one(BackupsView)
        assert view.listing is not None and len(view.listing.backups) == 1
        assert "Sauvegardes (1) et archives (0)" in screen_text(app)
        assert "Sauvegarde" in screen_text(app) and "Ressources :" in screen_text(app)
        # Vérifier (v): read again in full by the service.
        await pilot.press("v")
        dialog = await wait_progress(pilot)
        assert "a été relue entièrement" in shown(app, "#progress-result")
        assert dialog.succeeded  # shown as a success, not in the error colour
        await pilot.press("escape")
        await settle(pilot)

        # Work made after the backup: the restore will lose it, and says so.
        add_rooms(service, account.hosting_number, 3)
        assert await rooms_now(app.client) == rooms + 3
        await tab_to(pilot, "backups-table", limit=20)
        await pilot.press("o")
        await settle(pilot)
        # One question names what is replaced and lost, and the stop (the server is in
        # service): it is still in service until that is answered.
        assert isinstance(app.screen, ConfirmDialog)
        body = shown(app, ".dialog-body")
        assert "La base en cours « Base année " in body and "sera remplacée" in body
        assert "3 saisie(s) faite(s) depuis cette date seront perdues" in body
        assert "Avant restauration" in body
        assert "il sera arrêté d'abord" in body
        assert "Arrêter et remplacer (o)" in screen_text(app)
        assert (await app.client.server_status()).state == ServerState.RUNNING
        await pilot.press("o")
        await settle(pilot)
        dialog = await wait_progress(pilot)
        assert dialog.succeeded, shown(app, "#progress-result")
        assert "est la base en cours" in shown(app, "#progress-result")
        # "Mettre en service" has the focus at the end.
        assert focused_id(pilot) == "progress-start"
        await pilot.press("enter")
        await settle(pilot)
        await settle(pilot)

        assert (await app.client.server_status()).state == ServerState.RUNNING
        assert await rooms_now(app.client) == rooms  # the work after the backup is gone
        # The base as it was before the restore is selected: opening it undoes the restore.
        view = app.screen.query_one(BackupsView)
        assert view.highlighted is not None
        assert view.highlighted.kind == SnapshotKind.BEFORE_RESTORE
        await tab_to(pilot, "backups-table", limit=20)
        assert "Sauvegardes (1) et archives (1)" in screen_text(app)
        assert "Avant rest." in screen_text(app)


async def recover_and_report(pilot: Any) -> RecoveryReport:
    """Ctrl+S: the recovery job's progress, then (Escape) its report."""
    await pilot.press("ctrl+s")
    await settle(pilot)
    progress = await wait_progress(pilot)
    assert progress.succeeded, shown(pilot.app, "#progress-result")
    await pilot.press("escape")
    await settle(pilot)
    assert isinstance(pilot.app.screen, RecoveryReportDialog)
    return pilot.app.screen.report


async def test_recovery_tree_ticks_parents_and_children_and_reports(
    service: Any, logged_in_app: AsyncAppFactory, tmp_path: Path
) -> None:
    account = service.create_account()
    app = await logged_in_app(account)
    await bring_base_in(app.client, tmp_path / "drop", account.hosting_number)
    await take(app.client, SnapshotKind.ARCHIVE)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("2", "escape", "enter")
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, RecoveryDialog)
        text = screen_text(app)
        assert "Récupérer les données d'une base PRONOTE" in text
        assert "[ ] Cocher toutes les données" in text
        # Nothing ticked: said, nothing sent.
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert shown(app, "#recovery-message") == tr("recovery.nothing", "fr")
        assert isinstance(app.screen, RecoveryDialog)

        # "Cocher toutes les données" ticks everything, and again unticks everything.
        await pilot.press("space")
        assert all(dialog.ticks.ticked.values())
        assert "[X] Communications" in screen_text(app)
        await pilot.press("space")
        assert not any(dialog.ticks.ticked.values())
        # Communications ticks its children; Agenda unticked leaves the parent half ticked.
        keys = [key for key, _ in dialog.ticks.rows]
        await pilot.press(*["down"] * keys.index("communications"))
        await pilot.press("space")
        assert "[X] Agenda" in screen_text(app)
        assert dialog.ticks.chosen() == ["communications"]
        await pilot.press("down", "space")
        text = screen_text(app)
        assert "[-] Communications" in text and "[ ] Agenda" in text
        assert "agenda" not in dialog.ticks.chosen()
        # Ressources too, then Ctrl+S.
        await pilot.press(*["down"] * (keys.index("resources") - keys.index("agenda")))
        await pilot.press("space")
        assert "resources" in dialog.ticks.chosen()
        report = await recover_and_report(pilot)

        # The report: the same base's resources were already there, kept as they were.
        lines = {line.category: line for line in report.lines}
        assert lines["resources"].kept > 0 and lines["resources"].recovered == 0
        assert "agenda" not in lines and "useful_links" in lines
        text = screen_text(app)
        assert "Liens utiles" in text and "Déjà là" in text and "Sans lien" in text
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, RecoveryReportDialog)

        # Récupérer les utilisateurs d'une archive: no tree, the users only.
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, RecoveryDialog) and app.screen.users
        report = await recover_and_report(pilot)
        assert [line.category for line in report.lines] == ["users"]
        assert "Utilisateurs" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)

        # Mes archives, shown once, then an archive taken meanwhile (as the scheduler does):
        # it is listed when the panel is shown again.
        await pilot.press("escape", "5")
        await settle(pilot)
        assert "Archives (1)" in screen_text(app)
        await pilot.press("1")
        await settle(pilot)
        await take(app.client, SnapshotKind.ARCHIVE)
        await pilot.press("5")
        await settle(pilot)
        assert "Archives (2)" in screen_text(app)


@pytest.fixture
async def archive_account(service: Any, logged_in_app: AsyncAppFactory, tmp_path: Path) -> Any:
    account = service.create_account()
    app = await logged_in_app(account)
    await bring_base_in(app.client, tmp_path / "drop", account.hosting_number)
    await take(app.client, SnapshotKind.ARCHIVE)
    await app.client.aclose()
    return account


@pytest.fixture
def archive_app(
    archive_account: Any,
    logged_in_app: AsyncAppFactory,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> AsyncAppFactory:
    """The console of an account with one archive; its file dialogs open on ``tmp_path``."""
    monkeypatch.setenv(FILES_DIR_ENV, str(tmp_path))

    async def make(lang: str = "fr") -> PronoteApp:
        return await logged_in_app(archive_account, lang=lang)

    return make


async def start_download(pilot: Any, target: Path) -> DownloadDialog:
    """Mes archives (5), the archive, Télécharger (t), the path, Enter."""
    await settle(pilot)
    await pilot.press("5", "escape", "enter")
    await settle(pilot)
    await tab_to(pilot, "archives-table")
    await pilot.press("t")
    await settle(pilot)
    assert isinstance(pilot.app.screen, SaveAsDialog)
    field = pilot.app.screen.query_one("#save-path", Input)
    field.value = ""
    await pilot.press(*str(target), "enter")
    await pilot.pause()
    dialog = pilot.app.screen
    assert isinstance(dialog, DownloadDialog)
    loop = asyncio.get_running_loop()
    end = loop.time() + 60
    while not dialog.finished:
        assert loop.time() < end, "the download did not end"
        await pilot.pause(0.05)
    await pilot.pause()
    return dialog


async def test_a_download_cut_in_the_middle_resumes_and_is_verified(
    archive_app: AsyncAppFactory, tmp_path: Path
) -> None:
    app: PronoteApp = await archive_app()
    client = app.client
    (item,) = (await client.snapshots()).archives
    assert item.size_bytes > 64 * 1024, "the test needs a file cut in its middle"
    api = client.profile.api_url or ""
    host, port = api.removeprefix("https://").rsplit(":", 1)
    relay = CuttingRelay(host, int(port))
    await relay.start()
    target = tmp_path / "copie.archs"
    try:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            # Through the relay from now on (the console learnt the address at its start).
            client.profile.api_url = f"https://127.0.0.1:{relay.port}"
            client._drop_clients("api")
            relay.cut_downstream_after(item.size_bytes // 2)
            dialog = await start_download(pilot, target)
            text = shown(app, "#download-result")
            assert dialog.succeeded, text
            assert relay.cuts == 1 and dialog.resumes >= 1
            assert "liaison coupée" in shown(app, "#download-detail")
            assert "somme de contrôle vérifiée" in text
            await pilot.press("escape")
            await settle(pilot)
            assert "somme de contrôle vérifiée" in shown(app, "#archives-result")

            # Importer (i): the file dialog opens on the files folder, the file goes up by
            # the resumable upload, the service verifies it and lists it as imported.
            await pilot.press("i")
            await settle(pilot)
            assert isinstance(app.screen, FilePicker)
            assert "copie.archs" in screen_text(app)
            await pilot.press("enter")
            progress = await wait_progress(pilot)
            assert progress.succeeded, shown(app, "#progress-result")
            assert "Archive importée : copie.archs" in shown(app, "#progress-result")
            await pilot.press("escape")
            await settle(pilot)
            assert "Archives (2)" in screen_text(app)
    finally:
        await relay.stop()
    kinds = sorted(s.kind.value for s in (await client.snapshots()).archives)
    assert kinds == ["archive", "imported"]
    data = target.read_bytes()
    assert len(data) == item.size_bytes
    assert hashlib.sha256(data).hexdigest() == item.sha256
    assert not target.with_name("copie.archs.part").exists()


async def test_a_part_that_does_not_match_is_deleted_and_said(
    archive_app: AsyncAppFactory, tmp_path: Path
) -> None:
    app: PronoteApp = await archive_app("en")
    (item,) = (await app.client.snapshots()).archives
    target = tmp_path / "other.archs"
    part = tmp_path / "other.archs.part"
    part.write_bytes(b"\0" * item.size_bytes)  # left by something else: the same size, wrong
    async with app.run_test(size=SIZE) as pilot:
        dialog = await start_download(pilot, target)
        assert not dialog.succeeded
        assert "different checksum" in shown(app, "#download-result")
    assert not part.exists() and not target.exists()


async def test_version_change_dates_are_checked_and_the_choice_saved(
    service: Any, logged_in_app: AsyncAppFactory
) -> None:
    app = await logged_in_app(service.create_account())
    plan = await app.client.calendar()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("0", "escape", "enter")
        await settle(pilot)
        app.screen.query_one("#account-tabs", TabbedContent).active = "tab-version"
        await settle(pilot)
        await tab_to(pilot, "vchange-options", limit=20)
        text = screen_text(app)
        assert "Changement de version de PRONOTE" in text
        assert plan.release_on.strftime("%d/%m/%Y") in text
        # Différer, avec une nouvelle base vide: the second option.
        await pilot.press("down", "enter")
        await settle(pilot)
        await pilot.press("tab")
        assert focused_id(pilot) == "vchange-date"
        # A date before the release, then an unreadable one: said here, nothing sent.
        before = plan.release_on.replace(day=plan.release_on.day - 1)
        await pilot.press(*before.strftime("%d/%m/%Y"), "enter")
        await settle(pilot)
        assert "après la sortie" in shown(app, "#vchange-error")
        await pilot.press("ctrl+u", *"31/02/2027", "enter")
        await settle(pilot)
        assert "Date illisible" in shown(app, "#vchange-error")
        assert (await app.client.calendar()).choice.option == VersionChangeOption.AT_RELEASE
        # Too late for the service: its refusal, in French, under the date.
        late = plan.release_on.replace(month=12, day=1)
        await pilot.press("ctrl+u", *late.strftime("%d/%m/%Y"), "enter")
        await settle(pilot)
        assert "la date doit être comprise entre" in shown(app, "#vchange-error")
        # A good date: saved, and the calendar follows.
        good = plan.release_on.replace(month=9, day=10)
        await pilot.press("ctrl+u", *good.strftime("%d/%m/%Y"), "enter")
        await settle(pilot)
        assert shown(app, "#vchange-result") == tr("vchange.saved", "fr")
        saved = await app.client.calendar()
        assert saved.choice.option == VersionChangeOption.DEFERRED_NEW_BASE
        assert saved.choice.deferred_to == good
        assert good.strftime("%d/%m/%Y") in shown(app, "#vchange-events")
        # Every action of this issue is in the palette (Ctrl+P).
        assert isinstance(app.screen, MainScreen)
        labels = {command.label for command in app.screen.palette_commands()}
        for key in (
            "backups.key.take",
            "backups.open",
            "backups.verify",
            "recovery.title",
            "recovery.users_title",
            "archives.upload",
            "backups.key.download",
        ):
            assert tr(key, "fr") in labels, key
        assert "Mon compte : onglet Changement de version" in labels


async def test_accueil_warns_when_the_last_scheduled_backup_failed(
    service: Any, logged_in_app: AsyncAppFactory
) -> None:
    account = service.create_account()
    # What the service's scheduler keeps when a backup fails (full disk), written as it does.
    failure = ApiError(
        code=ErrorCode.SNAPSHOT_FAILED,
        message_fr=tr("error.snapshot_failed", "fr", reason=tr("snapshot.problem.disk_full")),
        message_en=tr("error.snapshot_failed", "en", reason="the disk is full"),
    )
    data = DataDir(service.data_dir)
    with snapshots.updating_state(data, account.hosting_number) as state:
        state["last_failure"] = {
            "at": datetime(2026, 11, 2, 10, 0, tzinfo=UTC).isoformat(),
            "error": failure.model_dump(mode="json"),
        }
    app = await logged_in_app(account)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        text = shown(app, "#accueil-backup")
        assert text.startswith("La dernière sauvegarde automatique a échoué le 02/11/2026")
        assert "plus de place sur le disque" in text
        assert "La dernière sauvegarde automatique a échoué" in screen_text(app)
    with snapshots.updating_state(data, account.hosting_number) as state:
        state.pop("last_failure")
    app = await logged_in_app(account)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert not app.screen.query_one("#accueil-backup").display
