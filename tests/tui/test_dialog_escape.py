"""Escape cancels every dialog of the console: each dismisses with its own "cancel" answer
(:attr:`ConsoleDialog.CANCEL`), and a flow cancelled at its first dialog changes nothing on the
service (the server's state, the bases and the snapshots are as they were)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

import pytest
from console_support import SIZE, AsyncAppFactory, shown
from dialog_support import DialogHost
from pydantic import SecretStr
from test_server_panel import STRONG, open_serveur, settle
from test_snapshots_archives import LISTING

from pronote_api.catalogue import tr
from pronote_api.connections import LicenceUsage
from pronote_api.publication import KnownEnt
from pronote_api.school import CreateBaseRequest, SuperadminDefinition, TimeGrid
from pronote_api.snapshots import RecoveryCategory, RecoveryReport, RecoveryTree
from pronote_tui.app import PronoteApp
from pronote_tui.client import ConsoleClient
from pronote_tui.widgets.archive_transfer import DownloadDialog, SaveAsDialog
from pronote_tui.widgets.confirm import ConfirmDialog
from pronote_tui.widgets.connections_view import RowMenu
from pronote_tui.widgets.dialog import ConsoleDialog
from pronote_tui.widgets.file_picker import FilePicker
from pronote_tui.widgets.licences_view import ReservedDialog
from pronote_tui.widgets.message_dialog import MessageDialog
from pronote_tui.widgets.progress_dialog import Operation, ProgressDialog
from pronote_tui.widgets.publication_dialogs import CasDialog, MatrixDialog
from pronote_tui.widgets.recovery_dialog import RecoveryDialog, RecoveryReportDialog
from pronote_tui.widgets.superadmin_dialog import SuperadminDialog
from pronote_tui.widgets.time_grid import TimeGridDialog

ARCHIVE = LISTING.archives[0]
USAGE = LicenceUsage(
    editing_used=2,
    editing_total=10,
    reserved_for_administrators=1,
    consultation_used=0,
    consultation_total=None,
    teachers_used=3,
    teachers_limit=None,
    school_life_used=0,
    espaces_used=0,
)


class Unanswered:
    """A client whose every call waits for ever: the dialog is cancelled while it waits."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    def __getattr__(self, name: str) -> Callable[..., Any]:
        async def call(*_args: Any, **_kwargs: Any) -> Any:
            self.calls.append(name)
            await asyncio.Event().wait()

        return call


async def never(_upload: str | None) -> Any:
    await asyncio.Event().wait()


ENT = KnownEnt(id="eclat-bfc", name="Eclat-BFC", server_url="https://cas.eclat-bfc.fr/")


def _dialogs(tmp_path: Path) -> dict[str, Callable[[], ConsoleDialog[Any]]]:
    client = cast(ConsoleClient, Unanswered())
    tree = RecoveryTree(categories=[RecoveryCategory(key="agenda_categories")])
    return {
        "confirm": lambda: ConfirmDialog("Arrêter le serveur", "Les clients seront déconnectés."),
        "message": lambda: MessageDialog("Où est mon serveur ?", "Texte."),
        "superadmin": lambda: SuperadminDialog(base_name="Base 2026-2027"),
        "time grid": lambda: TimeGridDialog(),
        "file picker": lambda: FilePicker(title="Charger", suffixes=(".hnot",), folder=tmp_path),
        "save as": lambda: SaveAsDialog("Télécharger", tmp_path / ARCHIVE.name),
        "download": lambda: DownloadDialog(client, ARCHIVE, tmp_path / ARCHIVE.name),
        "progress": lambda: ProgressDialog(client, Operation("Sauvegarder", never, str)),
        "recovery": lambda: RecoveryDialog([ARCHIVE], tree),
        "recovery report": lambda: RecoveryReportDialog(
            "Récupérer", RecoveryReport(snapshot_id="s1", lines=[])
        ),
        "row menu": lambda: RowMenu("poste-12 : Professeur"),
        "reserved licences": lambda: ReservedDialog(USAGE),
        "cas delegation": lambda: CasDialog(None, [ENT]),
        "delegation matrix": lambda: MatrixDialog({}, has_cas=True),
    }


CANCELS = {
    "confirm": False,
    "message": None,
    "superadmin": None,
    "time grid": None,
    "file picker": None,
    "save as": None,
    "download": False,
    "progress": None,
    "recovery": None,
    "recovery report": None,
    "row menu": None,
    "reserved licences": None,
    "cas delegation": None,
    "delegation matrix": None,
}


@pytest.mark.parametrize("name", sorted(CANCELS))
async def test_escape_dismisses_each_dialog_with_its_cancel_answer(
    name: str, tmp_path: Path
) -> None:
    dialog = _dialogs(tmp_path)[name]()
    host = DialogHost(dialog)
    async with host.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert host.screen is dialog
        await pilot.press("escape")
        await pilot.pause()
        assert host.answered
        assert host.result is CANCELS[name] is type(dialog).CANCEL
        assert host.screen is not dialog


async def _service_state(app: PronoteApp) -> tuple[Any, ...]:
    client = app.client
    return (
        (await client.server_status()).model_dump(),
        (await client.bases()).model_dump(),
        (await client.snapshots()).model_dump(),
    )


# (key in Serveur PRONOTE, server in service first, the dialog that comes)
FLOWS = [
    ("m", False, SuperadminDialog),
    ("x", True, ConfirmDialog),
    ("b", False, TimeGridDialog),
    ("b", True, TimeGridDialog),  # the grid first: the server is stopped only at the end
    ("c", False, FilePicker),
    ("c", True, FilePicker),
    ("y", False, ConfirmDialog),
    ("h", False, FilePicker),
    ("u", False, FilePicker),
]


@pytest.mark.parametrize(("key", "running", "expected"), FLOWS)
async def test_escape_at_a_flows_first_dialog_changes_nothing_on_the_service(
    key: str,
    running: bool,
    expected: type[ConsoleDialog[Any]],
    service: Any,
    logged_in_app: AsyncAppFactory,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PRONOTE_TUI_FILES_DIR", str(tmp_path))
    app = await logged_in_app(service.create_account())
    await app.client.create_base(CreateBaseRequest(time_grid=TimeGrid()))
    if running:
        spr = SuperadminDefinition(identifier="spr", password=SecretStr(STRONG))
        await app.client.start_server(spr)
    async with app.run_test(size=SIZE) as pilot:
        await open_serveur(pilot)
        before = await _service_state(app)
        await pilot.press(key)
        await settle(pilot)
        assert isinstance(app.screen, expected)
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, ConsoleDialog)
        assert shown(app, "#serveur-result") == tr("serveur.cancelled", "fr")
        assert await _service_state(app) == before
