"""A file dialog over one folder that follows it live (``watchfiles``), keyboard only.

The folder is typed in an Input (Enter opens it; a relative name is read from the folder
shown); the list shows its sub-folders and the files with the wanted extensions
(case-insensitive: the old server writes ``.HNOT``), with their size and date. A file copied
into the folder from elsewhere appears at once: a ``watchfiles`` watcher runs in a worker and
the list is read again after each batch of changes, the highlighted entry kept by name. Enter
on a folder goes into it, on ``..`` up one level, on a file chooses it.
Dismisses with the chosen :class:`~pathlib.Path` or ``None``.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Button, Input, OptionList, Static
from textual.widgets.option_list import Option

from pronote_api.catalogue import Lang, tr
from pronote_tui.formatting import format_datetime
from pronote_tui.widgets.console_input import ConsoleInput
from pronote_tui.widgets.console_option_list import ConsoleOptionList
from pronote_tui.widgets.dialog import ConsoleDialog, DialogBox

PARENT = ".."
NAME_WIDTH = 36
"""A line of the list: name, size, date, within the 80 columns."""
WATCH_STEP_MS = 50
"""How often the watcher thread looks at its stop flag: a closed dialog frees it this fast."""


def format_size(size: int, lang: Lang) -> str:
    """``1.5 Mo`` / ``1.5 MB``: the manager compares it with what the old server wrote."""
    units = ("units.b", "units.kb", "units.mb", "units.gb", "units.tb")
    value = float(size)
    for unit in units:
        if value < 1024 or unit == units[-1]:
            number = f"{value:.0f}" if unit == "units.b" else f"{value:.1f}"
            if lang == "fr":
                number = number.replace(".", ",")
            return tr(unit, lang, n=number)
        value /= 1024
    raise AssertionError("unreachable")


@dataclass(frozen=True)
class Entry:
    name: str
    is_dir: bool
    size: int = 0
    modified: float = 0.0


def list_folder(folder: Path, suffixes: tuple[str, ...]) -> list[Entry]:
    """Sub-folders (hidden ones left out) then the files whose name ends with a suffix."""
    dirs: list[Entry] = []
    files: list[Entry] = []
    with os.scandir(folder) as scan:
        for item in scan:
            try:
                if item.is_dir():
                    if not item.name.startswith("."):
                        dirs.append(Entry(item.name, True))
                elif item.is_file() and item.name.lower().endswith(suffixes):
                    stat = item.stat()
                    files.append(Entry(item.name, False, stat.st_size, stat.st_mtime))
            except OSError:
                continue  # vanished or unreadable meanwhile: the next change reads it again
    dirs.sort(key=lambda e: e.name.lower())
    files.sort(key=lambda e: e.name.lower())
    return dirs + files


class FilePicker(ConsoleDialog[Path | None]):
    """``suffixes``: lower-case extensions with their dot (``(".hnot",)``)."""

    BINDINGS = [
        Binding("ctrl+l", "focus_folder", "picker.folder_key"),
        Binding("backspace", "parent", "picker.parent", show=False),
    ]

    def __init__(
        self,
        *,
        title: str,
        suffixes: tuple[str, ...],
        folder: Path | None = None,
        follow: bool = True,
    ) -> None:
        super().__init__()
        self._title = title
        self.suffixes = tuple(s.lower() for s in suffixes)
        self.folder = (folder or Path.home()).expanduser()
        self.follow = follow
        self.entries: list[Entry] = []
        self.refreshes = 0
        """How many times the list was read (the watcher's work shows here in tests)."""
        self._stop: threading.Event | None = None

    def compose(self) -> ComposeResult:
        with DialogBox(id="picker-dialog", classes="dialog dialog-form dialog-tall"):
            yield Static(self._title, classes="dialog-title", markup=False)
            with Horizontal(classes="form-row"):
                yield Static(self.t("picker.folder"), classes="form-label-short")
                yield ConsoleInput(str(self.folder), compact=True, id="picker-folder")
            yield Static(
                self.t("picker.wanted", suffixes=" ".join(s.upper() for s in self.suffixes)),
                classes="hint",
                markup=False,
            )
            yield ConsoleOptionList(id="picker-list")
            yield Static("", id="picker-message", markup=False)
            yield Static(self.t("picker.keys"), classes="hint", markup=False)
            yield from self.ok_cancel_buttons(
                "picker-ok", "picker.choose", "picker-cancel", "picker.cancel"
            )

    def on_mount(self) -> None:
        self.open_folder(self.folder)
        self.query_one("#picker-list", OptionList).focus()

    def on_unmount(self) -> None:
        self._stop_watching()

    # --- the folder ---------------------------------------------------------------------------

    def open_folder(self, folder: Path) -> None:
        folder = folder.expanduser()
        self.folder = folder
        field = self.query_one("#picker-folder", Input)
        if field.value != str(folder):
            field.value = str(folder)
        self._stop_watching()
        self.reread(keep=None)
        if self.follow and folder.is_dir():
            stop = threading.Event()
            self._stop = stop
            self.run_worker(self._watch(folder, stop), group="picker-watch")

    def _stop_watching(self) -> None:
        if self._stop is not None:
            self._stop.set()
            self._stop = None

    async def _watch(self, folder: Path, stop: threading.Event) -> None:
        from watchfiles import awatch

        try:
            async for _changes in awatch(
                folder,
                stop_event=stop,
                recursive=False,
                step=WATCH_STEP_MS,
                debounce=200,
                ignore_permission_denied=True,
            ):
                if stop.is_set():
                    return
                self.reread(keep=self._highlighted_name())
        except (OSError, RuntimeError):
            # The folder went away (or the system refuses a watch): say so, list what is there.
            if not stop.is_set():
                self.reread(keep=None)

    def reread(self, keep: str | None) -> None:
        """Read the folder again and show it, the highlight kept on ``keep`` if still there."""
        self.refreshes += 1
        message = self.query_one("#picker-message", Static)
        options = self.query_one("#picker-list", OptionList)
        try:
            entries = list_folder(self.folder, self.suffixes)
        except FileNotFoundError:
            entries, text = [], self.t("picker.no_folder", folder=str(self.folder))
        except NotADirectoryError:
            entries, text = [], self.t("picker.not_a_folder", folder=str(self.folder))
        except OSError:
            entries, text = [], self.t("picker.unreadable", folder=str(self.folder))
        else:
            files = sum(1 for e in entries if not e.is_dir)
            text = (
                self.t("picker.count", n=files)
                if files
                else self.t("picker.none", suffixes=" ".join(self.suffixes))
            )
        self.entries = entries
        message.update(text)
        prompts: list[Option] = []
        if self.folder.parent != self.folder:
            prompts.append(Option(Content(self.t("picker.parent_entry")), id=PARENT))
        for entry in entries:
            prompts.append(Option(Content(self._line(entry)), id=entry.name))
        options.clear_options()
        options.add_options(prompts)
        if prompts:
            index = 0
            if keep is not None:
                for i, option in enumerate(prompts):
                    if option.id == keep:
                        index = i
                        break
            elif entries and prompts[0].id == PARENT:
                index = 1 if len(prompts) > 1 else 0
                # Highlight the first file rather than a folder when there is one.
                for i, option in enumerate(prompts):
                    found = self._entry(option.id)
                    if found is not None and not found.is_dir:
                        index = i
                        break
            options.highlighted = index

    def _line(self, entry: Entry) -> str:
        if entry.is_dir:
            return self.t("picker.dir_entry", name=entry.name)
        when = datetime.fromtimestamp(entry.modified)
        stamp = format_datetime(when, self.lang)
        name = entry.name if len(entry.name) <= NAME_WIDTH else entry.name[: NAME_WIDTH - 1] + "…"
        return f"{name:<{NAME_WIDTH}} {format_size(entry.size, self.lang):>9}  {stamp}"

    def _entry(self, name: str | None) -> Entry | None:
        for entry in self.entries:
            if entry.name == name:
                return entry
        return None

    def _highlighted_name(self) -> str | None:
        options = self.query_one("#picker-list", OptionList)
        if options.highlighted is None:
            return None
        return options.get_option_at_index(options.highlighted).id

    # --- keys -------------------------------------------------------------------------------

    @on(Input.Submitted, "#picker-folder")
    def _folder_typed(self, event: Input.Submitted) -> None:
        event.stop()
        typed = Path(event.value.strip() or str(Path.home())).expanduser()
        # A relative name is taken from the folder shown ("depot", "../autre").
        self.open_folder(typed if typed.is_absolute() else (self.folder / typed).resolve())
        self.query_one("#picker-list", OptionList).focus()

    @on(OptionList.OptionSelected, "#picker-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.choose(event.option.id)

    @on(Button.Pressed, "#picker-ok")
    def _ok(self) -> None:
        self.choose(self._highlighted_name())

    def choose(self, name: str | None) -> None:
        if name is None:
            return
        if name == PARENT:
            self.action_parent()
            return
        entry = self._entry(name)
        if entry is None:
            return
        if entry.is_dir:
            self.open_folder(self.folder / entry.name)
            return
        self._stop_watching()
        self.dismiss(self.folder / entry.name)

    def action_parent(self) -> None:
        if isinstance(self.focused, Input):
            return  # Backspace edits the folder there
        child = self.folder.name
        self.open_folder(self.folder.parent)
        options = self.query_one("#picker-list", OptionList)
        for i in range(options.option_count):
            if options.get_option_at_index(i).id == child:
                options.highlighted = i
                break

    def action_focus_folder(self) -> None:
        self.query_one("#picker-folder", Input).focus()

    def action_cancel(self) -> None:
        self._stop_watching()
        super().action_cancel()
