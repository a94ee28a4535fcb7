"""Every dialog at 80x24 and at 60x20, in French and in English: its buttons are on screen with
their whole label, Tab reaches each of them, and a body longer than the screen scrolls (its
frame takes the focus, its end comes into view) while the buttons stay where they are.

The create-base grid and the result of a job (Compléter la base hébergée, Préparer l'année
suivante) are also opened the manager's way, against the real service, at 60x20.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from console_support import AsyncAppFactory, screen_text, tab_to
from dialog_support import DialogHost
from test_backups_archives import bring_base_in
from test_dialog_escape import _dialogs
from test_no_color import open_version_change
from test_server_panel import open_serveur, settle, wait_progress
from test_snapshots_archives import restore_question
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Button, OptionList, RadioButton, Static

from pronote_api.catalogue import Lang, tr
from pronote_tui.widgets.confirm import ConfirmDialog
from pronote_tui.widgets.dialog import ConsoleDialog, DialogBox
from pronote_tui.widgets.file_picker import FilePicker
from pronote_tui.widgets.message_dialog import MessageDialog
from pronote_tui.widgets.progress_dialog import ProgressDialog
from pronote_tui.widgets.time_grid import TimeGridDialog

SIZES = [(80, 24), (60, 20)]
FILES_DIR_ENV = "PRONOTE_TUI_FILES_DIR"
ANNEX_SUFFIXES = (".HDOCJOINTS", ".HPHOTOS", ".HCOURRIERS")


def dialogs(tmp_path: Path, lang: Lang) -> dict[str, Any]:
    made = dict(_dialogs(tmp_path))
    made["restore question"] = lambda: restore_question(lang)
    long_text = "\n\n".join(f"{n}. " + tr("restore.kept", lang) for n in range(1, 13))
    made["long message"] = lambda: MessageDialog("Aide", long_text)
    made["long question"] = lambda: ConfirmDialog("Question", long_text)
    return made


NAMES = sorted(dialogs(Path(), "fr"))


def rows(app: App[Any]) -> list[str]:
    return screen_text(app).splitlines()


def assert_whole(app: App[Any], button: Button) -> None:
    """``button`` entirely on screen (not cut by its dialog nor by the screen), its whole
    label written on it."""
    region = button.region
    assert region.area, f"{button.id} is not on screen"
    assert app.screen.find_widget(button).visible_region == region, f"{button.id} is cut"
    width, height = app.size
    assert region.right <= width and region.bottom <= height
    line = rows(app)[region.y + region.height // 2]
    label = str(button.label)
    assert label and label in line[region.x : region.right], (label, line)


async def assert_buttons_reachable(pilot: Pilot[Any]) -> set[str]:
    """Every button of the dialog whole on screen; Tab reaches each one that may be pressed,
    and it is still whole then (never scrolled away). The ids of the buttons reached."""
    app = pilot.app
    dialog = app.screen
    buttons = [b for b in dialog.query(Button) if b.display]
    assert buttons, "a dialog without a button"
    for button in buttons:
        assert_whole(app, button)
    wanted = {b.id for b in buttons if not b.disabled and b.id}
    reached: set[str] = set()
    for _ in range(40):
        await pilot.press("tab")
        await pilot.pause()
        assert app.screen is dialog, "Tab left the dialog"
        focused = app.focused
        if isinstance(focused, Button) and focused.id in wanted:
            assert_whole(app, focused)
            reached.add(focused.id)
        if reached == wanted:
            break
    assert reached == wanted
    return reached


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("size", SIZES, ids=["80x24", "60x20"])
@pytest.mark.parametrize("name", NAMES)
async def test_each_dialog_s_buttons_are_whole_and_reached_by_tab(
    name: str, size: tuple[int, int], lang: Lang, tmp_path: Path
) -> None:
    dialog = dialogs(tmp_path, lang)[name]()
    host = DialogHost(dialog, lang)
    async with host.run_test(size=size) as pilot:
        await pilot.pause()
        assert host.screen is dialog
        await assert_buttons_reachable(pilot)
        # Whatever was reached, Escape still leaves with nothing answered.
        await pilot.press("escape")
        await pilot.pause()
        assert host.result is type(dialog).CANCEL


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "60x20"])
async def test_a_long_question_scrolls_to_its_end_with_its_buttons_in_place(
    size: tuple[int, int], tmp_path: Path
) -> None:
    dialog = dialogs(tmp_path, "fr")["long question"]()
    host = DialogHost(dialog)
    async with host.run_test(size=size) as pilot:
        await pilot.pause()
        frame = dialog.query_one(DialogBox)
        assert frame.max_scroll_y > 0
        last = "12. " + tr("restore.kept", "fr").split()[0]
        assert last not in screen_text(host)
        yes = dialog.query_one("#yes", Button)
        before = yes.region
        # The frame is in the Tab order now that it has something to scroll.
        for _ in range(4):
            if host.focused is frame:
                break
            await pilot.press("tab")
        assert host.focused is frame
        await pilot.press("end")
        await pilot.pause()
        assert last in screen_text(host)
        assert yes.region == before
        assert_whole(host, yes)


async def test_a_short_dialog_s_frame_takes_no_focus() -> None:
    dialog = ConfirmDialog("Arrêter le serveur", "Les clients seront déconnectés.")
    host = DialogHost(dialog)
    async with host.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        frame = dialog.query_one(DialogBox)
        assert frame.max_scroll_y == 0
        seen = set()
        for _ in range(4):
            await pilot.press("tab")
            seen.add(host.focused)
        assert frame not in seen
        assert seen == set(dialog.query(Button))


@pytest.mark.parametrize("lang", ["fr", "en"])
async def test_the_grid_shows_every_day_and_subdivision_at_60_columns(lang: Lang) -> None:
    host = DialogHost(TimeGridDialog(), lang)
    async with host.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        text = screen_text(host)
        for day in range(7):
            assert tr(f"timegrid.day_short.{day}", lang) in text
        assert tr("timegrid.subdivision.none", lang) in text
        for parts in (2, 3, 4, 6, 12):
            assert tr("timegrid.subdivision.in", lang, n=parts) in text
        await assert_buttons_reachable(pilot)


# --- the manager's way, against the service ------------------------------------------------


async def result_closes_whole(pilot: Pilot[Any]) -> ProgressDialog:
    """A job's dialog at its end: its buttons whole and reachable; Escape closes it."""
    dialog = await wait_progress(pilot)
    assert dialog.succeeded, screen_text(pilot.app)
    # The outcome comes into view (it ends the body, which may be longer than the screen).
    outcome = str(dialog.query_one("#progress-result", Static).content)
    assert " ".join(outcome.split()[:3]) in screen_text(pilot.app)
    close = dialog.query_one("#progress-close", Button)
    assert str(close.label) == tr("progress.close", "fr")
    assert_whole(pilot.app, close)
    await assert_buttons_reachable(pilot)
    await pilot.press("escape")
    await settle(pilot)
    return dialog


async def test_at_60x20_create_a_base_then_complete_it_with_an_annex(
    service: Any,
    logged_in_app: AsyncAppFactory,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    account = service.create_account()
    drop = tmp_path / "depot"
    monkeypatch.setenv(FILES_DIR_ENV, str(drop))
    app = await logged_in_app(account)
    async with app.run_test(size=(60, 20)) as pilot:
        await open_serveur(pilot)
        # Créer une base: the grid, whole, its Valider reached by Tab and pressed.
        await pilot.press("b")
        await settle(pilot)
        assert isinstance(app.screen, TimeGridDialog)
        text = screen_text(app)
        for word in ("sam.", "dim.", "Aucun", "Valider", "Annuler"):
            assert word in text, word
        await assert_buttons_reachable(pilot)
        while app.focused is None or app.focused.id != "grid-ok":
            await pilot.press("tab")
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, ConsoleDialog)
        assert (await app.client.bases()).current is not None

        # A base from the old server, its annexes beside it in the drop folder.
        await bring_base_in(app.client, drop, account.hosting_number)
        annex = next(p for p in sorted(drop.iterdir()) if p.suffix in ANNEX_SUFFIXES)
        # Compléter la base hébergée: the picker, then the result with its Fermer.
        await pilot.press("h")
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, FilePicker)
        await assert_buttons_reachable(pilot)
        options = picker.query_one("#picker-list", OptionList)
        for index in range(options.option_count):
            if options.get_option_at_index(index).id == annex.name:
                options.highlighted = index
        options.focus()
        await pilot.press("enter")
        await settle(pilot)
        await result_closes_whole(pilot)
        assert not isinstance(app.screen, ConsoleDialog)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "60x20"])
async def test_the_version_change_s_options_are_whole_and_its_button_reached(
    service: Any, logged_in_app: AsyncAppFactory, size: tuple[int, int]
) -> None:
    app = await logged_in_app(service.create_account())
    async with app.run_test(size=size) as pilot:
        await open_version_change(pilot)
        lines = rows(app)
        options = list(app.screen.query("#vchange-options RadioButton").results(RadioButton))
        assert len(options) == 4
        for option in options:
            # A sentence: wrapped at 60 columns if need be, never cut.
            region = option.region
            said = " ".join(
                lines[y][region.x : region.right].strip() for y in range(region.y, region.bottom)
            )
            assert str(option.label) in said, said
        await tab_to(pilot, "vchange-save")
        assert isinstance(app.focused, Button)
        assert_whole(app, app.focused)
