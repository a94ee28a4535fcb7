"""Créer une base while a base is in service, keyboard only at 80x24, against the real service:
the grid is asked first, then the replacement is confirmed naming the base (its year, size,
students) and the section of Autres bases it goes to; the server is stopped only after that
last answer, so a cancel anywhere leaves it in service and "Rien n'a été changé." is true.
Autres bases then tells bases of one year apart (how and when each came), each in its section;
``o`` on an empty list says why nothing opens."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from console_support import SIZE, AsyncAppFactory, screen_text, shown
from test_server_panel import (
    STRONG,
    hosting_files,
    open_serveur,
    settle,
    state_line,
    wait_progress,
)

from pronote_api.catalogue import tr
from pronote_api.models import ServerState
from pronote_api.school import BaseOrigin, SuperadminDefinition, UploadKind
from pronote_server.bases.registry import default_name, school_year_of
from pronote_server.school.export import export_hosting_files
from pronote_server.school.populate import generate_base
from pronote_tui.app import PronoteApp
from pronote_tui.widgets.confirm import ConfirmDialog
from pronote_tui.widgets.file_picker import FilePicker, format_size
from pronote_tui.widgets.other_bases import OtherBases
from pronote_tui.widgets.time_grid import TimeGridDialog

YEAR = school_year_of(datetime.now().astimezone())
NAME = default_name(YEAR)  # the school's base has the name a created one gets: the case


async def in_service(app: PronoteApp, folder: Path, number: str) -> int:
    """The school's populated base of this year loaded and put in service, through the
    console's client (the panel's own flows are tested elsewhere): its number of students."""
    base = folder / "old.sqlite"
    folder.mkdir()
    generate_base(base, scale=0.01, name=NAME, school_year=YEAR, hosting_number=number)
    files = export_hosting_files(base, folder / "depot", hosting_number=number)
    upload = await app.client.upload_file(files.hnot, UploadKind.HNOT)
    job = await app.client.wait_job(await app.client.load_base(upload.id))
    assert job.state == "succeeded", job
    superadmin = SuperadminDefinition(identifier="spr.admin", password=STRONG)
    assert (await app.client.start_server(superadmin)).state == ServerState.RUNNING
    current = (await app.client.bases()).current
    assert current is not None
    return current.counts.resources["students"]


async def first_dialog(pilot: Any, key: str, expected: type[Any]) -> None:
    """``key`` in the panel: its first dialog is ``expected``, and the server's state is as it
    was (nothing is stopped before the last question)."""
    before = (await pilot.app.client.server_status()).state
    await pilot.press(key)
    await settle(pilot)
    assert isinstance(pilot.app.screen, expected)
    assert (await pilot.app.client.server_status()).state == before


async def create_up_to_replacement(pilot: Any) -> ConfirmDialog:
    """Créer une base: the grid comes first (nothing else asked before), validated; then the
    replacement question."""
    await first_dialog(pilot, "b", TimeGridDialog)
    await pilot.press("ctrl+s")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ConfirmDialog)
    return pilot.app.screen


def other_bases_lines(app: PronoteApp) -> list[str]:
    options = app.screen.query_one("#other-bases-list")
    return [
        str(options.get_option_at_index(i).prompt).strip()  # type: ignore[attr-defined]
        for i in range(options.option_count)  # type: ignore[attr-defined]
    ]


async def still_in_service(app: PronoteApp, base_id: str) -> None:
    status = await app.client.server_status()
    assert status.state == ServerState.RUNNING and status.base_id == base_id
    assert "En service" in state_line(app)
    assert shown(app, "#serveur-result") == tr("serveur.cancelled", "fr")


async def test_a_cancelled_grid_or_replacement_leaves_the_base_in_service(
    service: Any, logged_in_app: AsyncAppFactory, tmp_path: Path
) -> None:
    account = service.create_account()
    app = await logged_in_app(account)
    students = await in_service(app, tmp_path / "school", account.hosting_number)
    before = (await app.client.bases()).current
    assert before is not None and students > 0
    async with app.run_test(size=SIZE) as pilot:
        await open_serveur(pilot)
        # The grid first: no stop question before it; Escape there changes nothing.
        await first_dialog(pilot, "b", TimeGridDialog)
        await pilot.press("escape")
        await settle(pilot)
        await still_in_service(app, before.id)

        # Then the replacement, named: the base, its year, size and students, where it goes,
        # and that the server will be stopped. Escape and "n" both leave it in service.
        for answer in ("escape", "n"):
            dialog = await create_up_to_replacement(pilot)
            body = shown(app, ".dialog-body")
            assert f"« {NAME} » ({YEAR}, {format_size(before.size_bytes, 'fr')}" in body
            assert f"{students} élèves" in body
            assert f"« {tr('bases.previously', 'fr')} »" in body
            assert "il sera arrêté d'abord" in body
            assert "Arrêter et remplacer (o)" in screen_text(app)
            assert dialog.query_one("#no").has_focus  # Enter by habit replaces nothing
            await pilot.press(answer)
            await settle(pilot)
            await still_in_service(app, before.id)
        listing = await app.client.bases()
        assert listing.current == before
        assert not listing.previously_in_service and not listing.uploaded
        assert not listing.prepared


async def test_a_confirmed_replacement_files_the_old_base_where_it_said(
    service: Any, logged_in_app: AsyncAppFactory, tmp_path: Path
) -> None:
    account = service.create_account()
    app = await logged_in_app(account)
    await in_service(app, tmp_path / "school", account.hosting_number)
    loaded = (await app.client.bases()).current
    assert loaded is not None
    async with app.run_test(size=SIZE) as pilot:
        await open_serveur(pilot)
        await create_up_to_replacement(pilot)
        await pilot.press("o")
        await settle(pilot)
        # Stopped, then replaced: the new empty base is current, the old one in Autres bases.
        assert "Arrêté" in state_line(app)
        listing = await app.client.bases()
        assert listing.current is not None and listing.current.origin == BaseOrigin.CREATED
        assert [b.id for b in listing.previously_in_service] == [loaded.id]
        assert shown(app, "#serveur-result").startswith(f"« {NAME} » est créée")
        lines = other_bases_lines(app)
        section = lines.index(tr("bases.previously", "fr"))
        assert lines[section + 1].startswith(f"{NAME} · chargée le ")

        # Again, server stopped: the empty base never put in service goes among the bases made
        # here, not those brought from the school; no stop is announced.
        await create_up_to_replacement(pilot)
        body = shown(app, ".dialog-body")
        assert f"« {tr('bases.prepared', 'fr')} »" in body and "arrêté" not in body
        assert "Remplacer (o)" in screen_text(app)
        await pilot.press("o")
        await settle(pilot)
        listing = await app.client.bases()
        assert [b.origin for b in listing.prepared] == [BaseOrigin.CREATED]
        assert not listing.uploaded
        lines = other_bases_lines(app)
        made = lines.index(tr("bases.prepared", "fr"))
        assert lines[made + 1].startswith(f"{NAME} · créée vide le ")
        uploaded = lines.index(tr("bases.uploaded", "fr"))
        assert lines[uploaded + 1] == tr("bases.none", "fr")
        # Two bases of one year and one name, told apart on screen.
        same_name = [line for line in lines if line.startswith(NAME)]
        assert len(same_name) == 2 and len(set(same_name)) == 2
        # The details say the file the loaded one came from.
        other = app.screen.query_one(OtherBases)
        other.query_one("#other-bases-list").focus()
        await pilot.pause()
        assert "chargée de Base_annee_" in shown(app, "#other-bases-details")


@pytest.mark.parametrize("lang", ["fr", "en"])
async def test_open_on_an_empty_other_bases_says_why_nothing_opens(
    service: Any, logged_in_app: AsyncAppFactory, lang: str
) -> None:
    app = await logged_in_app(service.create_account(), lang=lang)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await open_serveur(pilot)
        other = app.screen.query_one(OtherBases)
        app.screen.query_one("#server-tabs").active = "tab-other-bases"  # type: ignore[attr-defined]
        other.query_one("#other-bases-list").focus()
        await pilot.pause()
        await pilot.press("o")
        await settle(pilot)
        said = tr("bases.nothing_to_open", lang)  # type: ignore[arg-type]
        assert shown(app, "#other-bases-details") == said
        await pilot.pause()
        assert said.split(":")[0] in screen_text(app)  # (the message wraps on screen)


async def test_a_load_refused_after_the_stop_says_the_server_was_left_stopped(
    service: Any,
    logged_in_app: AsyncAppFactory,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    drop = tmp_path / "other-school"
    hosting_files(drop, "999999999999", name="Base d'un autre")
    monkeypatch.setenv("PRONOTE_TUI_FILES_DIR", str(drop))  # read when the console starts
    account = service.create_account()
    app = await logged_in_app(account)
    await in_service(app, tmp_path / "school", account.hosting_number)
    async with app.run_test(size=SIZE) as pilot:
        await open_serveur(pilot)
        await first_dialog(pilot, "c", FilePicker)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        assert (await app.client.server_status()).state == ServerState.RUNNING
        await pilot.press("o")
        await settle(pilot)
        dialog = await wait_progress(pilot)
        assert not dialog.succeeded  # the file is another school's
        await pilot.press("escape")
        await settle(pilot)
        # The stop was confirmed and done, the load refused: said so, not "nothing changed".
        status = await app.client.server_status()
        assert status.state == ServerState.STOPPED and status.base_name == NAME
        assert shown(app, "#serveur-result") == tr("serveur.left_stopped", "fr", name=NAME)
        assert "Arrêté" in state_line(app)
