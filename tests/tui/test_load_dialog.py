"""The file dialog of "Charger une base" (and of the annexes and users), keyboard only: the
folder followed live with watchfiles, folders entered and left, a file chosen."""

from __future__ import annotations

import asyncio
from pathlib import Path

from console_support import SIZE, focused_id, screen_text, shown, type_text
from dialog_support import DialogHost
from textual.widgets import OptionList

from pronote_api.catalogue import tr
from pronote_tui.widgets.file_picker import FilePicker, format_size, list_folder

LIVE_WAIT = 5.0


async def _until(condition: object, pilot: object, timeout: float = LIVE_WAIT) -> None:
    """Wait for ``condition()`` (the watcher runs in the background), failing after timeout."""
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while not condition():  # type: ignore[operator]
        assert loop.time() < end, "the list did not follow the folder"
        await asyncio.sleep(0.05)
    await pilot.pause()  # type: ignore[attr-defined]


def _options(host: DialogHost) -> list[str]:
    options = host.screen.query_one("#picker-list", OptionList)
    return [str(options.get_option_at_index(i).id) for i in range(options.option_count)]


def _picker(folder: Path) -> FilePicker:
    return FilePicker(title="Charger une base", suffixes=(".hnot",), folder=folder)


async def test_a_file_copied_into_the_folder_shows_up_and_is_chosen(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("not a base")
    (tmp_path / "Ancienne.HNOT").write_bytes(b"x" * 2048)
    host = DialogHost(_picker(tmp_path))
    async with host.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert _options(host) == ["..", "Ancienne.HNOT"]
        assert "notes.txt" not in screen_text(host)
        assert shown(host, "#picker-message") == tr("picker.count", "fr", n=1)
        # The old server writes a new file while the dialog is open: it appears, the
        # highlight stays where it was.
        (tmp_path / "Ma_base.HNOT").write_bytes(b"y" * 3000)
        await _until(lambda: "Ma_base.HNOT" in _options(host), pilot)
        assert "Ma_base.HNOT" in screen_text(host)
        assert "2,9 Ko" in screen_text(host)
        list_ = host.screen.query_one("#picker-list", OptionList)
        assert list_.get_option_at_index(list_.highlighted or 0).id == "Ancienne.HNOT"
        # A file removed goes away.
        (tmp_path / "Ancienne.HNOT").unlink()
        await _until(lambda: "Ancienne.HNOT" not in _options(host), pilot)
        await pilot.press("down", "enter")
        await pilot.pause()
    assert host.result == tmp_path / "Ma_base.HNOT"


async def test_folders_are_entered_left_and_typed(tmp_path: Path) -> None:
    drop = tmp_path / "depot"
    drop.mkdir()
    (drop / "base.hnot").write_bytes(b"z")
    (tmp_path / ".cache").mkdir()
    host = DialogHost(_picker(tmp_path), lang="en")
    async with host.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert _options(host) == ["..", "depot"]  # hidden folders left out
        assert shown(host, "#picker-message") == tr("picker.none", "en", suffixes=".hnot")
        await pilot.press("enter")  # into "depot" (highlighted first)
        await pilot.pause()
        assert _options(host) == ["..", "base.hnot"]
        await pilot.press("backspace")  # back up, the highlight on the folder left
        await pilot.pause()
        options = host.screen.query_one("#picker-list", OptionList)
        assert options.get_option_at_index(options.highlighted or 0).id == "depot"
        # A folder typed (Ctrl+L), including one that does not exist.
        await pilot.press("ctrl+l")
        assert focused_id(pilot) == "picker-folder"
        await pilot.press("ctrl+u")
        await type_text(pilot, "nowhere")  # relative to the folder shown
        await pilot.press("enter")
        await pilot.pause()
        assert shown(host, "#picker-message") == tr(
            "picker.no_folder", "en", folder=str(tmp_path / "nowhere")
        )
        await pilot.press("ctrl+l", "ctrl+u")
        await type_text(pilot, "../depot")
        await pilot.press("enter")
        await pilot.pause()
        assert focused_id(pilot) == "picker-list"
        # A folder created after the dialog opened is followed too.
        (drop / "autre.HNOT").write_bytes(b"a")
        await _until(lambda: "autre.HNOT" in _options(host), pilot)
        await pilot.press("escape")
        await pilot.pause()
    assert host.result is None


def test_listing_keeps_the_wanted_files_only_case_insensitive(tmp_path: Path) -> None:
    for name in ("a.HPHOTOS", "b.hdocjoints", "c.HCOURRIERS", "d.HNOT", "e.profils"):
        (tmp_path / name).write_bytes(b"1")
    annexes = list_folder(tmp_path, (".hdocjoints", ".hphotos", ".hcourriers"))
    assert [e.name for e in annexes] == ["a.HPHOTOS", "b.hdocjoints", "c.HCOURRIERS"]
    assert [e.name for e in list_folder(tmp_path, (".profils",))] == ["e.profils"]


def test_sizes_are_written_in_the_manager_s_language() -> None:
    assert format_size(512, "fr") == "512 o"
    assert format_size(1536, "fr") == "1,5 Ko"
    assert format_size(3 * 1024**3, "en") == "3.0 GB"
