"""Snapshots at 80x24 of the login screen, each panel and Mon compte's tabs.

They run against the ``demo_account`` fixture (and ``school_account``, whose base is in
service), whose visible data is fixed (Lycée Charlemagne, 221222100001 ...), so the screens
are the same at every run; the dialogs of the school base are shown on a bare host. No clock
is on screen; the history tab (its times vary) is checked by the Pilot tests instead, and the
Serveur PRONOTE snapshot shows the Sauvegardes tab. Update with ``pytest --snapshot-update``
and look at them.
"""

from __future__ import annotations

import asyncio
import os
import socket
from collections.abc import Callable, Coroutine, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from console_support import (
    SIZE,
    TERM_256,
    logged_in_app_sync,
    make_client,
    make_settings,
    settle,
)
from dialog_support import DialogHost
from live_service import DEMO, LiveService
from textual.pilot import Pilot
from textual.widgets import TabbedContent

from pronote_api.connections import DESKTOP_CLIENT_PORT
from pronote_tui.app import PronoteApp
from pronote_tui.widgets.file_picker import FilePicker
from pronote_tui.widgets.superadmin_dialog import SuperadminDialog
from pronote_tui.widgets.time_grid import TimeGridDialog

Snap = Callable[..., bool]


async def _settled(pilot: Pilot[Any]) -> None:
    await settle(pilot)
    # A widget filled by the last answer (Static.update) is laid out on the screen's next
    # refresh; on a loaded machine the idle wait can end before it. A short real pause lets
    # that refresh happen before the screenshot (seen: Mon compte's card still one line high).
    await pilot.pause(0.1)


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


@pytest.fixture
def default_port_service(tmp_path: Path) -> Iterator[LiveService]:
    """A service whose clients' listener is on the default port, 49300: the Clients panel shows
    the port really bound, and the snapshot needs one that is the same at every run."""
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", DESKTOP_CLIENT_PORT))
        except OSError:
            pytest.skip(f"port {DESKTOP_CLIENT_PORT} is in use on this machine")
    live = LiveService(data_dir=tmp_path / "data", log_path=tmp_path / "service.out")
    live.init()
    live.start("--client-port", str(DESKTOP_CLIENT_PORT))
    try:
        yield live
    finally:
        live.stop()


def test_clients(snap_compare: Snap, default_port_service: LiveService, console_dir: Path) -> None:
    account = default_port_service.create_account(**DEMO)
    app = logged_in_app_sync(default_port_service, account, console_dir)
    assert snap_compare(app, terminal_size=SIZE, run_before=_after("3"))


def test_clients_at_60x20(
    snap_compare: Snap, default_port_service: LiveService, console_dir: Path
) -> None:
    account = default_port_service.create_account(**DEMO)
    app = logged_in_app_sync(default_port_service, account, console_dir)
    assert snap_compare(app, terminal_size=(60, 20), run_before=_after("3"))


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


# --- the school base ------------------------------------------------------------------------

SCHOOL = {
    "hosting_number": "221222100002",
    "client_reference": "91431",
    "uai": "0750654D",
    "name": "Lycée Fénelon",
    "licence_expires": "2027-08-31",
    "editors": 6,
    "formula": "unlimited",
    "manager_name": "Samia Bounhar",
    "manager_email": "samia.bounhar@example.org",
    "manager_phone": "+33612345678",
}


@pytest.fixture(scope="module")
def school_account(service: Any, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """An account whose base came from the old server and is in service (fixed data: the
    generated base is seeded and dated, so the panel is the same at every run)."""
    from console_support import enrol_and_login
    from pydantic import SecretStr

    from pronote_api.school import SuperadminDefinition, UploadKind
    from pronote_server.school.export import export_hosting_files
    from pronote_server.school.populate import generate_base

    account = service.create_account(**SCHOOL)
    work = tmp_path_factory.mktemp("school")
    base = work / "old.sqlite"
    generate_base(base, scale=0.01, name="Base année 2025-2026", school_year="2025-2026")
    files = export_hosting_files(base, work / "drop", hosting_number=str(SCHOOL["hosting_number"]))

    async def bring_in() -> None:
        client = make_client(service, make_settings(work / "console"), pinned=True)
        try:
            await enrol_and_login(client, account)
            upload = await client.upload_file(files.hnot, UploadKind.HNOT)
            job = await client.wait_job(await client.load_base(upload.id), interval=0.05)
            assert job.state == "succeeded", job.error
            spr = SuperadminDefinition(identifier="spr", password=SecretStr("Vx7#qLm2!pR9zT"))
            await client.start_server(spr)
        finally:
            await client.aclose()

    asyncio.run(bring_in())
    return account


def test_serveur_with_a_base_in_service(
    snap_compare: Snap, service: Any, school_account: Any, console_dir: Path
) -> None:
    app = logged_in_app_sync(service, school_account, console_dir)
    assert snap_compare(app, terminal_size=SIZE, run_before=_after("2"))


def test_accueil_with_a_base_in_service(
    snap_compare: Snap, service: Any, school_account: Any, console_dir: Path
) -> None:
    app = logged_in_app_sync(service, school_account, console_dir)
    assert snap_compare(app, terminal_size=SIZE, run_before=_after())


def test_time_grid_dialog_refusing_a_grid(snap_compare: Snap) -> None:
    async def run(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        pilot.app.screen.query_one("#grid-minutes").focus()
        await pilot.press("end", "backspace", "backspace", "5", "0", "tab", "right", "enter")
        await pilot.pause()

    app = DialogHost(TimeGridDialog())
    assert snap_compare(app, terminal_size=SIZE, run_before=run)


def test_superadmin_dialog_with_a_weak_password(snap_compare: Snap) -> None:
    async def run(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        await pilot.press(*"martin", "enter", *"martin2024", "enter", *"martin")
        await pilot.pause()

    app = DialogHost(SuperadminDialog(base_name="Base année 2026-2027"))
    assert snap_compare(app, terminal_size=SIZE, run_before=run)


def test_load_dialog(snap_compare: Snap, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    drop = tmp_path / "depot"
    (drop / "archives").mkdir(parents=True)
    stamp = datetime(2026, 11, 20, 17, 45).timestamp()
    for name, size in (("Base_annee_2025-2026.HNOT", 3_456_789), ("Ancienne.hnot", 1_200)):
        (drop / name).write_bytes(b"\0" * size)
        os.utime(drop / name, (stamp, stamp))
    (drop / "Base_annee_2025-2026.profils").write_text("not listed")
    monkeypatch.chdir(tmp_path)  # the folder shown is the relative "depot": the same each run
    picker = FilePicker(
        title="Charger une base (.HNOT)",
        suffixes=(".hnot",),
        folder=Path("depot"),
        follow=False,
    )
    assert snap_compare(DialogHost(picker), terminal_size=SIZE, run_before=_after())
