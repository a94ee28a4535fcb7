"""What every flow uses: its host's protocol, asking with a dialog, a request, the runner.

A flow waiting for the manager (a dialog open) is not busy: :func:`waiting_for_manager` says
so of its worker, for those who wait for the console's work to end (the tests).
"""

from __future__ import annotations

import contextlib
import weakref
from collections.abc import Awaitable, Callable, Coroutine
from pathlib import Path
from typing import Any, NoReturn, Protocol, TypeVar

from textual.app import App
from textual.worker import Worker, get_current_worker

from pronote_api.catalogue import Lang
from pronote_api.models import ServerStatus
from pronote_api.school import BaseList
from pronote_tui.client import ConsoleClient, ConsoleError, SessionExpired
from pronote_tui.widgets.backups_view import BackupsView
from pronote_tui.widgets.dialog import ConsoleDialog
from pronote_tui.widgets.file_picker import FilePicker
from pronote_tui.widgets.progress_dialog import Operation, ProgressDialog

T = TypeVar("T")

FLOW_GROUP = "flow"

_WAITING: weakref.WeakSet[Worker[Any]] = weakref.WeakSet()


class Stop(Exception):
    """The flow ends here: what the manager must know was said (a refusal, a cancel)."""


class FlowHost(Protocol):
    """What a flow needs of the panel it runs for (Serveur PRONOTE, Mes archives)."""

    folder: Path | None
    """The folder the last file was chosen in (the next file dialog opens there)."""

    @property
    def app(self) -> App[Any]: ...
    @property
    def client(self) -> ConsoleClient: ...
    @property
    def lang(self) -> Lang: ...
    def t(self, key: str, /, **params: object) -> str: ...
    def result(self, text: str, *, error: bool = False) -> None: ...
    def reload(self) -> None: ...
    async def refresh_quietly(self) -> None:
        """Fetch the panel again; a failure is said by the next poll or the reconnection."""

    def run_worker(
        self, work: Callable[[], Coroutine[Any, Any, None]], *, group: str
    ) -> Worker[None]: ...


def start_flow(host: FlowHost, flow: Callable[..., Awaitable[object]], *args: object) -> None:
    """Run ``flow(host, *args)`` in a worker of the host; a :class:`Stop` ends it quietly."""

    async def run() -> None:
        with contextlib.suppress(Stop):
            await flow(host, *args)

    host.run_worker(run, group=FLOW_GROUP)


def waiting_for_manager(worker: Worker[Any]) -> bool:
    """True while ``worker`` is a flow waiting for a dialog's answer."""
    return worker in _WAITING


async def ask(host: FlowHost, dialog: ConsoleDialog[T]) -> T:
    """Show ``dialog`` and wait for its answer (the flow's worker waits, the console does not)."""
    worker = get_current_worker()
    _WAITING.add(worker)
    try:
        return await host.app.push_screen_wait(dialog)
    finally:
        _WAITING.discard(worker)


def cancelled(host: FlowHost) -> NoReturn:
    """The manager cancelled: said in the result line, nothing was changed."""
    host.result(host.t("serveur.cancelled"))
    raise Stop


def end_session(app: App[Any]) -> None:
    """The service ended the session: back to the login screen (the console's app)."""
    ended = getattr(app, "session_ended", None)
    if callable(ended):
        ended()


async def request(host: FlowHost, work: Awaitable[T], *, also: str | None = None) -> T:
    """Await a call of the service. A refusal is said in the result line in the manager's
    language (followed by ``also``: what this flow changed before, if anything), the panel is
    fetched again (what the service holds is the truth) and the flow stops; an ended session
    goes back to the login screen."""
    try:
        return await work
    except SessionExpired:
        end_session(host.app)
        raise Stop from None
    except ConsoleError as exc:
        said = exc.message(host.lang)
        host.result(f"{said} {also}" if also else said, error=True)
        await host.refresh_quietly()
        raise Stop from None


async def pick_file(host: FlowHost, title: str, suffixes: tuple[str, ...]) -> Path:
    """The file dialog, from the folder used last (else the files folder); stops if cancelled."""
    folder = host.folder if host.folder is not None else files_folder(host.app)
    path = await ask(host, FilePicker(title=title, suffixes=suffixes, folder=folder))
    if path is None:
        cancelled(host)
    host.folder = path.parent
    return path


def files_folder(app: App[Any]) -> Path:
    """Where the file dialogs open: Settings.files_dir (PRONOTE_TUI_FILES_DIR), else home."""
    settings = getattr(app, "settings", None)
    folder = getattr(settings, "files_dir", None)
    return Path(folder).expanduser() if folder is not None else Path.home()


async def progress(host: FlowHost, operation: Operation) -> str | None:
    """The progress dialog of a file sent and a job; then the panel again. ``"start"`` when
    the manager chose "Mettre en service" at the end."""
    host.result("")
    choice = await ask(host, ProgressDialog(host.client, operation))
    host.reload()
    return choice


def with_upload(start: Callable[[str], Awaitable[T]]) -> Callable[[str | None], Awaitable[T]]:
    """A job started from the file just sent (its upload id)."""

    async def run(upload_id: str | None) -> T:
        assert upload_id is not None
        return await start(upload_id)

    return run


class ServerHost(FlowHost, Protocol):
    """The Serveur PRONOTE panel: the server's state and the bases, as last fetched."""

    status: ServerStatus | None
    listing: BaseList | None

    @property
    def running(self) -> bool: ...
    def backups_view(self) -> BackupsView: ...


async def show_snapshots(host: ServerHost, select: str | None) -> None:
    """The Sauvegardes tab's list again (a new snapshot may be there), on ``select``."""
    with contextlib.suppress(ConsoleError):
        listing = await host.client.snapshots()
        host.backups_view().show_listing(listing, select=select)
