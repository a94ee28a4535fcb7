"""The file list of Charger une base at 80x24: Up and Down stop at its ends (Down from the last
file never wraps to "../", whose Enter would open the parent folder)."""

from __future__ import annotations

from pathlib import Path

from console_support import SIZE
from dialog_support import DialogHost
from textual.widgets import OptionList

from pronote_tui.widgets.file_picker import PARENT, FilePicker


async def test_down_from_the_last_file_stays_there_and_enter_chooses_it(tmp_path: Path) -> None:
    folder = tmp_path / "depot"
    folder.mkdir()
    for name in ("a.hnot", "b.hnot", "c.hnot"):
        (folder / name).write_bytes(b"HNOT")
    host = DialogHost(FilePicker(title="Charger", suffixes=(".hnot",), folder=folder))
    async with host.run_test(size=SIZE) as pilot:
        await pilot.pause()
        listing = host.screen.query_one("#picker-list", OptionList)
        ids = [listing.get_option_at_index(i).id for i in range(listing.option_count)]
        assert ids == [PARENT, "a.hnot", "b.hnot", "c.hnot"]
        await pilot.press("down", "down", "down", "down", "down")
        assert listing.highlighted == 3
        await pilot.press("enter")
        await pilot.pause()
        assert host.result == folder / "c.hnot"


async def test_up_from_the_parent_entry_stays_there(tmp_path: Path) -> None:
    (tmp_path / "a.hnot").write_bytes(b"HNOT")
    host = DialogHost(FilePicker(title="Charger", suffixes=(".hnot",), folder=tmp_path))
    async with host.run_test(size=SIZE) as pilot:
        await pilot.pause()
        listing = host.screen.query_one("#picker-list", OptionList)
        await pilot.press("up", "up", "up", "up")
        assert listing.highlighted == 0
        assert listing.get_option_at_index(0).id == PARENT
