"""Snapshots at 80x24 of PRONOTE.net (Fiches 8 and 9): the panel stopped with its table of
addresses, the panel published on Déléguer l'authentification (read-only, the offer to stop),
the CAS delegation dialog refusing an address, and the matrix of delegation per Espace (also in
16 colours, where the marks alone tell the choice).

The panel runs against a school with fixed visible data whose publication is set before each
snapshot; the dialogs are shown on a bare host. Update with ``pytest --snapshot-update`` and
look at them.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from console_support import SIZE, enrol_and_login, logged_in_app_sync, make_client, make_settings
from dialog_support import DialogHost
from publication_support import school_in_service
from test_snapshots import _after
from textual.pilot import Pilot

from pronote_api.publication import (
    CasDelegation,
    DelegationProtocol,
    EspaceKind,
    KnownEnt,
    PublicationSettings,
)
from pronote_tui.app import ANSI_THEME
from pronote_tui.widgets.publication_dialogs import CasDialog, MatrixDialog

Snap = Callable[..., bool]

SCHOOL = {
    "hosting_number": "221222100013",
    "client_reference": "91413",
    "uai": "0750660K",
    "name": "Lycée Condorcet",
    "licence_expires": "2027-08-31",
    "editors": 6,
    "formula": "unlimited",
    "manager_name": "Samia Bounhar",
    "manager_email": "samia.bounhar@example.org",
    "manager_phone": "+33612345678",
}

CAS = CasDelegation(name="Mon Bureau Numérique", server_url="https://cas.monbureaunumerique.fr/")
MATRIX = {
    EspaceKind.TEACHER: DelegationProtocol.CAS,
    EspaceKind.PARENT: DelegationProtocol.CAS,
    EspaceKind.COMPANION: DelegationProtocol.CAS,
    EspaceKind.STUDENT: DelegationProtocol.CAS,
}
ENTS = [
    KnownEnt(id="monbureaunumerique", name="Mon Bureau Numérique", region="Grand Est",
             server_url="https://cas.monbureaunumerique.fr/"),
    KnownEnt(id="eclat-bfc", name="Eclat-BFC", region="Bourgogne-Franche-Comté",
             server_url="https://cas.eclat-bfc.fr/"),
]  # fmt: skip


@pytest.fixture(scope="module")
def school(service: Any, tmp_path_factory: pytest.TempPathFactory) -> Any:
    return asyncio.run(school_in_service(service, tmp_path_factory.mktemp("pub"), **SCHOOL))


def set_publication(
    service: Any, account: Any, work: Path, settings: PublicationSettings, *, published: bool
) -> None:
    """The school's publication as the snapshot needs it, set through the service."""

    async def run() -> None:
        client = make_client(service, make_settings(work), pinned=True)
        try:
            await enrol_and_login(client, account)
            if (await client.publication()).published:
                await client.stop_publication()
            await client.save_publication_settings(settings)
            if published:
                await client.publish()
        finally:
            await client.aclose()

    asyncio.run(run())


def test_panel_stopped(
    snap_compare: Snap, service: Any, school: Any, console_dir: Path, tmp_path: Path
) -> None:
    set_publication(service, school, tmp_path / "set", PublicationSettings(), published=False)
    app = logged_in_app_sync(service, school, console_dir)
    assert snap_compare(app, terminal_size=SIZE, run_before=_after("4", "escape", "enter"))


def test_panel_published_on_the_delegation_tab(
    snap_compare: Snap, service: Any, school: Any, console_dir: Path, tmp_path: Path
) -> None:
    settings = PublicationSettings(cas=CAS, delegation_active=True, espace_delegation=MATRIX)
    set_publication(service, school, tmp_path / "set", settings, published=True)
    app = logged_in_app_sync(service, school, console_dir)
    run = _after("4", tab=("pub-tabs", "tab-pub-delegation"))
    assert snap_compare(app, terminal_size=SIZE, run_before=run)


def test_cas_dialog_refusing_a_plain_http_address(snap_compare: Snap) -> None:
    async def run(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        await pilot.press("tab", *"ENT du lycée", "tab", *"http://cas.example.org/cas/")
        await pilot.pause()

    app = DialogHost(CasDialog(None, ENTS))
    assert snap_compare(app, terminal_size=SIZE, run_before=run)


def test_matrix_with_an_unavailable_protocol_refused(snap_compare: Snap) -> None:
    async def run(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        await pilot.press("down", "down", "left", "left", "left", "enter")  # WS-Federation
        await pilot.pause()

    app = DialogHost(MatrixDialog(MATRIX, has_cas=True))
    assert snap_compare(app, terminal_size=SIZE, run_before=run)


def test_matrix_with_no_color(snap_compare: Snap, monkeypatch: pytest.MonkeyPatch) -> None:
    """NO_COLOR and the ANSI theme: "●", "○", "×" and the cursor's brackets tell it all."""
    monkeypatch.setenv("NO_COLOR", "1")  # read by Textual as the app is made

    async def run(pilot: Pilot[Any]) -> None:
        pilot.app.theme = ANSI_THEME
        await pilot.pause()
        await pilot.press("down", "down", "down", "left", "left", "left", "left", "space")
        await pilot.pause()

    app = DialogHost(MatrixDialog(MATRIX, has_cas=True), lang="en")
    assert snap_compare(app, terminal_size=SIZE, run_before=run)
