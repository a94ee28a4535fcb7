"""The progress of a long operation on the base: a file sent, then the service's job.

Used by "Charger une base" (then "Mettre en service" is offered), "Compléter la base hébergée",
"Récupérer les utilisateurs" and "Préparer l'année suivante". The upload shows bytes, rate and
how many times it resumed after a dropped link; the job shows its current step (catalogue
``job.step.*``) and its progress; the end shows what was done, or why it was refused, in the
manager's words. Bars are drawn with characters, so they read the same in 16 colours and with
NO_COLOR.

Dismisses with ``"start"`` when the manager chose "Mettre en service" at the end, else ``None``.
Escape while the file is being sent abandons it (and the upload is deleted from the service);
once the job runs, Escape only closes the dialog: the service finishes the job regardless.
"""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Button, Static

from pronote_api.catalogue import CATALOGUE
from pronote_api.school import Job, JobState, UploadKind
from pronote_tui.client import (
    ConsoleClient,
    ConsoleError,
    DownloadProgress,
    SessionExpired,
    UploadProgress,
)
from pronote_tui.widgets.console_button import ConsoleButton
from pronote_tui.widgets.dialog import ConsoleDialog, DialogBox
from pronote_tui.widgets.file_picker import format_size
from pronote_tui.widgets.workers import run_exclusive

T = TypeVar("T")

BAR_WIDTH = 40
BAR_FILLED = "█"
BAR_EMPTY = "░"


def text_bar(fraction: float, width: int = BAR_WIDTH) -> str:
    """``█████░░░░░  50 %``: a bar made of characters (no colour needed)."""
    fraction = min(max(fraction, 0.0), 1.0)
    filled = round(fraction * width)
    return f"{BAR_FILLED * filled}{BAR_EMPTY * (width - filled)} {round(fraction * 100):>3} %"


@dataclass(frozen=True)
class Operation:
    """What the dialog does: optionally send ``upload`` (a file and its kind), then start the
    job with ``start_job(upload_id)``; ``describe(job)`` words the result of a job that
    succeeded; ``offer_start``: offer "Mettre en service" at the end."""

    title: str
    start_job: Callable[[str | None], Awaitable[Job]]
    describe: Callable[[Job], str]
    upload: tuple[Path, UploadKind] | None = None
    offer_start: bool = False
    good: Callable[[Job], bool] | None = None
    """For a job that ran to its end but found something wrong (a verification that finds a
    damaged snapshot): False shows the outcome as a failure."""


class WorkDialog(ConsoleDialog[T]):
    """A dialog that does one piece of work as it opens (a transfer, a job) and says how it
    ended; its widgets' ids start with :attr:`prefix` (``<prefix>-result``, ``<prefix>-close``).
    Escape (or the close button) closes it; a subclass says what that stops."""

    prefix: ClassVar[str]

    BINDINGS = [Binding("escape", "cancel", "progress.close")]

    def __init__(self, client: ConsoleClient) -> None:
        super().__init__()
        self.client = client
        self.finished = False
        self.succeeded = False

    def close_button(self) -> Button:
        label = self.t("progress.cancel")
        return ConsoleButton(label, id=f"{self.prefix}-close", classes="-close", compact=True)

    def on_mount(self) -> None:
        self.query_one(f"#{self.prefix}-close", Button).focus()
        run_exclusive(self, self._run, self.prefix)

    async def _run(self) -> None:
        try:
            text, ok = await self.work()
        except SessionExpired:
            self.session_lost()
            return
        except ConsoleError as exc:
            text, ok = exc.message(self.lang), False
        except OSError as exc:
            text, ok = self.os_error(exc), False
        self._finish(text, ok=ok)

    async def work(self) -> tuple[str, bool]:
        """The work (in a worker of the dialog): what to say at its end, and whether it went
        well. A refusal of the service and a session ended are taken care of."""
        raise NotImplementedError

    def os_error(self, exc: OSError) -> str:
        """What to say of a file that could not be read or written."""
        raise NotImplementedError

    def _finish(self, text: str, *, ok: bool) -> None:
        close = self.show_outcome(text, ok=ok)
        if close is not None:
            close.focus()

    def session_lost(self) -> None:
        """The service ended the session: closed, and back to the login screen."""
        self.dismiss(self.CANCEL)
        self.app.call_later(getattr(self.app, "session_ended", lambda: None))

    def bytes_detail(self, progress: UploadProgress | DownloadProgress) -> str:
        return self.t(
            "progress.bytes",
            done=format_size(progress.done, self.lang),
            total=format_size(progress.total, self.lang),
            rate=format_size(round(progress.rate), self.lang),
        )

    def show_outcome(self, text: str, *, ok: bool) -> Button | None:
        """The end, said; the close button (to be focused) while the dialog is shown."""
        self.finished = True
        self.succeeded = ok
        if not self.is_attached:
            return None
        result = self.query_one(f"#{self.prefix}-result", Static)
        result.update(text)
        result.set_class(not ok, "-error")
        result.set_class(ok, "-info")
        # The outcome ends the body: in view once laid out, however small the screen.
        self.call_after_refresh(result.scroll_visible, animate=False)
        close = self.query_one(f"#{self.prefix}-close", Button)
        close.label = self.t("progress.close")
        return close

    @on(Button.Pressed, ".-close")
    def _close_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_cancel()


class ProgressDialog(WorkDialog[str | None]):
    prefix = "progress"

    def __init__(self, client: ConsoleClient, operation: Operation) -> None:
        super().__init__(client)
        self.operation = operation
        self.upload_id: str | None = None
        self.job: Job | None = None

    def compose(self) -> ComposeResult:
        with DialogBox(id="progress-dialog", classes="dialog dialog-form"):
            yield Static(self.operation.title, classes="dialog-title", markup=False)
            if self.operation.upload is not None:
                path = self.operation.upload[0]
                yield Static(self.t("progress.file", file=str(path)), markup=False)
                yield Static(self.t("progress.sending"), classes="form-section")
                yield Static(text_bar(0.0), id="progress-upload-bar", markup=False)
                yield Static("", id="progress-upload-detail", classes="hint", markup=False)
            yield Static(self.t("progress.job"), classes="form-section")
            yield Static(text_bar(0.0), id="progress-job-bar", markup=False)
            yield Static(self.t("progress.waiting"), id="progress-job-step", markup=False)
            yield Static("", id="progress-result", classes="dialog-body", markup=False)
            with Horizontal(classes="dialog-buttons"):
                if self.operation.offer_start:
                    yield Button(
                        self.t("progress.start"),
                        id="progress-start",
                        variant="primary",
                        compact=True,
                        disabled=True,
                    )
                yield self.close_button()

    # --- the work ---------------------------------------------------------------------------

    async def work(self) -> tuple[str, bool]:
        if self.operation.upload is not None:
            path, kind = self.operation.upload
            status = await self.client.upload_file(path, kind, self._upload_progress)
            self.upload_id = status.id
        job = await self.operation.start_job(self.upload_id)
        self.job = job
        job = await self.client.wait_job(job, self._job_progress)
        if job.state == JobState.SUCCEEDED:
            good = self.operation.good is None or self.operation.good(job)
            return self.operation.describe(job), good
        return self._job_error(job), False

    def os_error(self, exc: OSError) -> str:
        return self.t("progress.unreadable", file=str(exc.filename or ""))

    def _job_error(self, job: Job) -> str:
        error = job.error
        if error is None:
            return self.t("progress.failed")
        text = error.message_en if self.lang == "en" else error.message_fr
        if text:
            return text
        with contextlib.suppress(KeyError, IndexError):
            return self.t(f"error.{error.code.value}", **error.params)
        return self.t("progress.failed")

    def _upload_progress(self, progress: UploadProgress) -> None:
        self.upload_id = progress.upload_id
        if not self.is_attached:
            return
        self.query_one("#progress-upload-bar", Static).update(text_bar(progress.fraction))
        done = format_size(progress.done, self.lang)
        total = format_size(progress.total, self.lang)
        if progress.phase == "hashing":
            detail = self.t("progress.hashing", done=done, total=total)
        else:
            detail = self.bytes_detail(progress)
        if progress.resumes:
            detail += " · " + self.t("progress.resumes", n=progress.resumes)
        self.query_one("#progress-upload-detail", Static).update(detail)

    def _job_progress(self, job: Job) -> None:
        self.job = job
        if not self.is_attached:
            return
        self.query_one("#progress-job-bar", Static).update(text_bar(job.progress))
        step = job.step if job.step in CATALOGUE else None
        if job.state == JobState.SUCCEEDED:
            step = "job.step.done" if "job.step.done" in CATALOGUE else step
        if step is not None:
            self.query_one("#progress-job-step", Static).update(self.t(step))

    def _finish(self, text: str, *, ok: bool) -> None:
        close = self.show_outcome(text, ok=ok)
        if close is None:
            return
        if ok and self.operation.offer_start:
            start = self.query_one("#progress-start", Button)
            start.disabled = False
            start.focus()
        else:
            close.focus()

    # --- keys -------------------------------------------------------------------------------

    @on(Button.Pressed, "#progress-start")
    def _start(self) -> None:
        self.dismiss("start")

    def action_cancel(self) -> None:
        if not self.finished and self.job is None:
            # Still sending: abandon the file, and what the service kept of it.
            self.workers.cancel_group(self, "progress")
            if self.upload_id is not None:
                upload_id = self.upload_id
                self.app.run_worker(self._forget_upload(upload_id), group="forget-upload")
        self.dismiss(None)

    async def _forget_upload(self, upload_id: str) -> None:
        with contextlib.suppress(ConsoleError):
            await self.client.delete_upload(upload_id)
