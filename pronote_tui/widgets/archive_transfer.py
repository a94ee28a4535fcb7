"""The dialogs of an archive to or from this workstation: "Télécharger" (Save as, then the
download with its bar); "Importer une archive" is the file dialog and the progress dialog
(:mod:`pronote_tui.flows.transfer` chains them).

The download (:meth:`ConsoleClient.download_snapshot`) writes to ``<name>.part`` and goes on
from there after a dropped link, with growing pauses; the dialog says how many times the link
dropped. The file is renamed to its name only once its SHA-256 matches the service's. Escape
stops it: the part received is kept, and the next download of the same file resumes it.
"""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Button, Input, Static

from pronote_api.snapshots import Snapshot
from pronote_tui.client import (
    PART_SUFFIX,
    ConsoleClient,
    DownloadProgress,
)
from pronote_tui.widgets.console_input import ConsoleInput
from pronote_tui.widgets.dialog import ConsoleDialog, DialogBox
from pronote_tui.widgets.file_picker import format_size
from pronote_tui.widgets.progress_dialog import WorkDialog, text_bar

ARCHIVE_SUFFIXES = (".archs", ".sauvs")


class SaveAsDialog(ConsoleDialog[Path | None]):
    """The path to save to, offered as the files folder + the archive's name; Enter confirms.
    A folder that does not exist, or a file already there, is said and nothing is done."""

    def __init__(self, title: str, target: Path) -> None:
        super().__init__()
        self._title = title
        self.target = target

    def compose(self) -> ComposeResult:
        with DialogBox(id="save-dialog", classes="dialog dialog-form"):
            yield Static(self._title, classes="dialog-title", markup=False)
            yield Static(self.t("archives.save_to"), classes="form-section")
            yield ConsoleInput(str(self.target), compact=True, id="save-path")
            yield Static("", id="save-message", markup=False)
            yield Static(self.t("archives.save_hint"), classes="hint", markup=False)
            yield from self.ok_cancel_buttons(
                "save-ok", "archives.save_ok", "save-cancel", "picker.cancel"
            )

    def on_mount(self) -> None:
        self.query_one("#save-path", Input).focus()

    @on(Input.Submitted, "#save-path")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.confirm()

    @on(Button.Pressed, "#save-ok")
    def _ok(self, event: Button.Pressed) -> None:
        event.stop()
        self.confirm()

    def confirm(self) -> None:
        raw = self.query_one("#save-path", Input).value.strip()
        path = Path(raw).expanduser() if raw else self.target
        if not path.is_absolute():
            path = self.target.parent / path
        message = self.query_one("#save-message", Static)
        message.set_class(True, "-error")
        if not path.parent.is_dir():
            message.update(self.t("archives.no_folder", folder=str(path.parent)))
            return
        if path.exists():
            message.update(self.t("archives.exists", path=str(path)))
            return
        self.dismiss(path)


class DownloadDialog(WorkDialog[bool]):
    """The download with its bar; dismisses with True when the file is saved and verified.
    Escape stops a download under way (False) or closes the dialog with its outcome."""

    CANCEL = False
    prefix = "download"

    def __init__(self, client: ConsoleClient, item: Snapshot, target: Path) -> None:
        super().__init__(client)
        self.item = item
        self.target = target
        self.resumes = 0

    def compose(self) -> ComposeResult:
        with DialogBox(id="download-dialog", classes="dialog dialog-form"):
            yield Static(
                self.t("archives.save_title", name=self.item.name),
                classes="dialog-title",
                markup=False,
            )
            yield Static(self.t("progress.file", file=str(self.target)), markup=False)
            yield Static(self.t("archives.receiving"), classes="form-section")
            yield Static(text_bar(0.0), id="download-bar", markup=False)
            yield Static("", id="download-detail", classes="hint", markup=False)
            yield Static("", id="download-result", classes="dialog-body", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield self.close_button()

    async def work(self) -> tuple[str, bool]:
        await self.client.download_snapshot(self.item, self.target, self._progress)
        size = format_size(self.item.size_bytes, self.lang)
        return self.t("archives.downloaded", name=self.item.name, path=self.target, size=size), True

    def os_error(self, exc: OSError) -> str:
        return self.t("archives.write_failed", path=str(self.target), reason=exc.strerror)

    def _progress(self, progress: DownloadProgress) -> None:
        self.resumes = progress.resumes
        if not self.is_attached:
            return
        self.query_one("#download-bar", Static).update(text_bar(progress.fraction))
        if progress.phase == "checking":
            detail = self.t("archives.checking")
        else:
            detail = self.bytes_detail(progress)
        if progress.resumes:
            detail += " · " + self.t("archives.resumes", n=progress.resumes)
        self.query_one("#download-detail", Static).update(detail)

    def _finish(self, text: str, *, ok: bool) -> None:
        part = self.target.with_name(self.target.name + PART_SUFFIX)
        if not ok and part.exists():
            text += "\n" + self.t("archives.kept_part", path=str(part))
        super()._finish(text, ok=ok)

    def action_cancel(self) -> None:
        if not self.finished:
            self.workers.cancel_group(self, "download")  # the .part stays, to resume later
        self.dismiss(self.succeeded)
