"""Serveur PRONOTE: the server's state and its actions, the base in service and its counts, tabs.

Actions (buttons, keys, palette): Mettre en service / Arrêter le serveur, Charger une base,
Créer une base, Préparer l'année suivante, Compléter la base hébergée (annexes), Récupérer les
utilisateurs (``.profils``); "Ouvrir cette base" in Autres bases. Each flow is a chain of
dialogs (:mod:`pronote_tui.widgets`); a refusal of the service is shown in the panel's result
line in the manager's language, and nothing is changed. Stopping the server, and any action that
needs it stopped, passes a confirmation that names what happens (clients and Espaces
disconnected).

Tabs not supported by the service yet say which capability brings them.
"""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable
from functools import partial
from pathlib import Path
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Button, Static, TabbedContent, TabPane

from pronote_api.models import ServerState, ServerStatus
from pronote_api.school import (
    BaseList,
    BaseSummary,
    CreateBaseRequest,
    Job,
    SuperadminDefinition,
    TimeGrid,
    UploadKind,
)
from pronote_tui.client import ConsoleError, SessionExpired
from pronote_tui.commands import PaletteCommand
from pronote_tui.screens.formatting import format_datetime_short, server_state_label
from pronote_tui.screens.panel import Panel
from pronote_tui.widgets.backups_view import BackupsView
from pronote_tui.widgets.base_counts import BaseCountsView
from pronote_tui.widgets.bindings import localize_bindings
from pronote_tui.widgets.confirm import ConfirmDialog
from pronote_tui.widgets.connections_view import CLIENT_TAB_ACTIONS, ConnectionsView
from pronote_tui.widgets.file_picker import FilePicker, format_size
from pronote_tui.widgets.history_view import HistoryView
from pronote_tui.widgets.live_table import LiveTable
from pronote_tui.widgets.other_bases import OtherBases
from pronote_tui.widgets.progress_dialog import Operation, ProgressDialog
from pronote_tui.widgets.recovery_dialog import start_recovery
from pronote_tui.widgets.restore_dialog import BackupFlows
from pronote_tui.widgets.security_view import SecurityView
from pronote_tui.widgets.status_line import StatusLine
from pronote_tui.widgets.superadmin_dialog import SuperadminDialog
from pronote_tui.widgets.time_grid import TimeGridDialog
from pronote_tui.widgets.workers import run_exclusive

# (tab id, title key, text key when the capability is not there yet)
SERVER_TABS: tuple[tuple[str, str, str | None], ...] = (
    ("tab-backups", "server.tab.backups", None),
    ("tab-connections", "server.tab.connections", None),
    ("tab-other-bases", "server.tab.other_bases", None),
    ("tab-history", "server.tab.history", None),
    ("tab-security", "server.tab.security", None),
    ("tab-delegation", "server.tab.delegation", "server.later.delegation"),
)

HNOT_SUFFIXES = (".hnot",)
ANNEX_SUFFIXES = (".hdocjoints", ".hphotos", ".hcourriers")
PROFILS_SUFFIXES = (".profils",)

# (action, button label key, palette help key)
ACTIONS: tuple[tuple[str, str, str], ...] = (
    ("start_server", "serveur.start", "serveur.start.help"),
    ("stop_server", "serveur.stop", "serveur.stop.help"),
    ("load_base", "serveur.load", "serveur.load.help"),
    ("create_base", "serveur.create", "serveur.create.help"),
    ("prepare_next_year", "serveur.prepare", "serveur.prepare.help"),
    ("attach_annexes", "serveur.annexes", "serveur.annexes.help"),
    ("import_users", "serveur.users", "serveur.users.help"),
    ("take_backup", "backups.key.take", "backups.take.help"),
    ("take_archive", "backups.key.archive", "backups.archive.help"),
    ("open_backup", "backups.open", "backups.open.help"),
    ("verify_backup", "backups.verify", "backups.verify.help"),
    ("recover_data", "recovery.title", "recovery.help"),
    ("recover_users", "recovery.users_title", "recovery.users_help"),
)


class ServeurPanel(Panel):
    panel_id = "serveur"
    title_key = "nav.serveur"

    BINDINGS = [
        Binding("m", "start_server", "serveur.start"),
        Binding("x", "stop_server", "serveur.stop"),
        Binding("c", "load_base", "serveur.load"),
        Binding("b", "create_base", "serveur.create"),
        Binding("y", "prepare_next_year", "serveur.prepare", show=False),
        Binding("h", "attach_annexes", "serveur.annexes", show=False),
        Binding("u", "import_users", "serveur.users", show=False),
        Binding("r", "recover_data", "recovery.title", show=False),
        Binding("e", "recover_users", "recovery.users_title", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.status: ServerStatus | None = None
        self.listing: BaseList | None = None
        self.folder: Path | None = None
        self.backups = BackupFlows(self, lambda: self.query_one("#backups-view", BackupsView))
        localize_bindings(self, self.lang)

    def compose_body(self) -> ComposeResult:
        yield Static(self.t("common.loading"), id="serveur-state", classes="server-state")
        with Horizontal(classes="action-row"):
            yield Button(self.t("serveur.start"), id="serveur-start", compact=True)
            yield Button(self.t("serveur.load"), id="serveur-load", compact=True)
            yield Button(self.t("serveur.create"), id="serveur-create", compact=True)
        with Horizontal(classes="action-row"):
            yield Button(self.t("serveur.prepare"), id="serveur-prepare", compact=True)
            yield Button(self.t("serveur.annexes_short"), id="serveur-annexes", compact=True)
            yield Button(self.t("serveur.users_short"), id="serveur-users", compact=True)
        yield Static("", id="serveur-base", markup=False)
        yield Static("", id="serveur-dates", classes="hint", markup=False)
        yield BaseCountsView(id="serveur-counts")
        yield Static("", id="serveur-result", markup=False, classes="-empty")
        with TabbedContent(id="server-tabs", initial="tab-other-bases"):
            for tab_id, title_key, later_key in SERVER_TABS:
                with TabPane(self.t(title_key), id=tab_id):
                    if tab_id == "tab-backups":
                        yield BackupsView(id="backups-view")
                    elif tab_id == "tab-history":
                        yield HistoryView()
                    elif tab_id == "tab-other-bases":
                        yield OtherBases(id="other-bases")
                    elif tab_id == "tab-connections":
                        yield ConnectionsView()
                    elif tab_id == "tab-security":
                        yield SecurityView()
                    elif later_key is not None:
                        yield Static(self.t(later_key), classes="later", markup=False)

    # --- data -------------------------------------------------------------------------------

    async def load(self) -> None:
        status = await self.client.server_status()
        listing = await self.client.bases()
        self.show(status, listing)
        self.query_one("#backups-view", BackupsView).show_listing(await self.client.snapshots())
        # The other panels (Accueil) follow at once rather than at the next poll.
        for panel in self.screen.query(Panel):
            if panel is not self:
                panel.server_status_changed(status)

    def show(self, status: ServerStatus, listing: BaseList) -> None:
        before = self.listing.current.id if self.listing and self.listing.current else None
        after = listing.current.id if listing.current else None
        if before != after and self.listing is not None:
            # Another base in service (loaded, created, opened, restored): the panel scrolls
            # back to the top, where that base and the outcome are read.
            self.scroll_home(animate=False)
        self.listing = listing
        self.status = None  # force the state line to be redrawn
        self.server_status_changed(status)
        current = listing.current
        base = self.query_one("#serveur-base", Static)
        dates = self.query_one("#serveur-dates", Static)
        dates.set_class(current is None, "-empty")
        if current is None:
            base.update(self.t("serveur.no_base"))
            dates.update("")
        else:
            base.update(self.t("serveur.current", name=current.name, year=current.school_year))
            dates.update(self._dates(current))
        self.query_one("#serveur-counts", BaseCountsView).show_counts(
            current.counts if current is not None else None
        )
        self.query_one("#other-bases", OtherBases).show_listing(listing)

    def _dates(self, base: BaseSummary) -> str:
        created = self.t("serveur.created", at=format_datetime_short(base.created_at, self.lang))
        if base.last_entry_at is None:
            last = self.t("serveur.no_entry")
        else:
            last = self.t(
                "serveur.last_entry", at=format_datetime_short(base.last_entry_at, self.lang)
            )
        return f"{created} · {last}"

    def server_status_changed(self, status: ServerStatus) -> None:
        if status == self.status:
            return
        previous = self.status
        self.status = status
        running = status.state == ServerState.RUNNING
        state = self.query_one("#serveur-state", Static)
        state.update(self.t("server.state_line", state=server_state_label(status, self.lang)))
        state.set_class(running, "-running")
        for line in self.screen.query(StatusLine):
            line.show_server_state(server_state_label(status, self.lang))
        start = self.query_one("#serveur-start", Button)
        start.label = self.t("serveur.stop" if running else "serveur.start")
        if previous is not None and previous.base_id != status.base_id:
            self.reload()  # the base changed elsewhere: its details and counts too

    @property
    def running(self) -> bool:
        return self.status is not None and self.status.state == ServerState.RUNNING

    def result(self, text: str, *, error: bool = False) -> None:
        line = self.query_one("#serveur-result", Static)
        line.update(text)
        line.set_class(not text, "-empty")
        line.set_class(error, "-error")
        line.set_class(bool(text) and not error, "-info")
        if text:
            line.scroll_visible(animate=False)  # the panel may have scrolled down to its tabs

    # --- running a request ------------------------------------------------------------------

    def _request(
        self, work: Callable[[], Awaitable[Any]], done: Callable[[Any], None] | None = None
    ) -> None:
        """Run ``work`` in the background; a refusal goes to the result line, the panel is
        fetched again in any case (what the service holds is the truth)."""

        async def run() -> None:
            try:
                value = await work()
            except SessionExpired:
                self.console.session_ended()
                return
            except ConsoleError as exc:
                self.result(exc.message(self.lang), error=True)
                await self._refresh_quietly()
                return
            if done is not None:
                done(value)
            await self._refresh_quietly()

        run_exclusive(self, run, "serveur-action")

    async def _refresh_quietly(self) -> None:
        # A failure here is said by the next poll or the reconnection.
        with contextlib.suppress(ConsoleError):
            await self.load()

    # --- Mettre en service / Arrêter le serveur ---------------------------------------------

    @on(Button.Pressed, "#serveur-start")
    def _start_pressed(self) -> None:
        if self.running:
            self.action_stop_server()
        else:
            self.action_start_server()

    def action_start_server(self) -> None:
        status = self.status
        if status is not None and status.state == ServerState.RUNNING:
            self.result(self.t("serveur.already_running"))
            return
        if status is not None and status.base_id is None:
            self.result(self.t("error.no_base"), error=True)
            return
        if status is not None and not status.superadmin_defined:
            self.app.push_screen(
                SuperadminDialog(self.lang, base_name=status.base_name), self._superadmin_given
            )
            return
        self._start(None)

    def _superadmin_given(self, superadmin: SuperadminDefinition | None) -> None:
        if superadmin is None:
            self.result(self.t("serveur.cancelled"))
            return
        self._start(superadmin)

    def _start(self, superadmin: SuperadminDefinition | None) -> None:
        def started(status: ServerStatus) -> None:
            self.result(self.t("serveur.started", name=status.base_name or ""))

        self._request(partial(self.client.start_server, superadmin), started)

    def action_stop_server(self) -> None:
        if not self.running:
            self.result(self.t("serveur.already_stopped"))
            return
        self._confirm_stop("serveur.stop_body", lambda: None)

    def _confirm_stop(self, body_key: str, then: Callable[[], None]) -> None:
        """Ask before stopping (naming what happens), stop, then go on with ``then``."""
        name = self.status.base_name if self.status is not None else None

        def answered(confirmed: bool | None) -> None:
            if not confirmed:
                self.result(self.t("serveur.cancelled"))
                return

            def stopped(_status: ServerStatus) -> None:
                self.result(self.t("serveur.stopped"))
                self.call_later(then)

            self._request(self.client.stop_server, stopped)

        self.app.push_screen(
            ConfirmDialog(
                self.t("serveur.stop_title"),
                self.t(body_key, name=name or "—"),
                self.lang,
                yes_label=self.t("serveur.stop_yes"),
            ),
            answered,
        )

    def _stopped_first(self, then: Callable[[], None]) -> None:
        """Actions that need the server stopped: say so and offer to stop it, else go on."""
        if self.running:
            self._confirm_stop("serveur.must_stop_body", then)
        else:
            then()

    # --- Créer une base ---------------------------------------------------------------------

    @on(Button.Pressed, "#serveur-create")
    def _create_pressed(self) -> None:
        self.action_create_base()

    def action_create_base(self) -> None:
        self._stopped_first(self._ask_grid)

    def _ask_grid(self) -> None:
        self.app.push_screen(TimeGridDialog(self.lang), self._grid_given)

    def _grid_given(self, grid: TimeGrid | None) -> None:
        if grid is None:
            self.result(self.t("serveur.cancelled"))
            return

        def created(base: BaseSummary) -> None:
            self.result(self.t("serveur.created_base", name=base.name))

        self._request(partial(self.client.create_base, CreateBaseRequest(time_grid=grid)), created)

    # --- Charger une base, annexes, users ---------------------------------------------------

    @on(Button.Pressed, "#serveur-load")
    def _load_pressed(self) -> None:
        self.action_load_base()

    @on(Button.Pressed, "#serveur-annexes")
    def _annexes_pressed(self) -> None:
        self.action_attach_annexes()

    @on(Button.Pressed, "#serveur-users")
    def _users_pressed(self) -> None:
        self.action_import_users()

    def action_load_base(self) -> None:
        self._stopped_first(
            partial(self._pick, "serveur.load_title", HNOT_SUFFIXES, self._load_chosen)
        )

    def action_attach_annexes(self) -> None:
        if self._needs_base():
            return
        self._pick("serveur.annexes_title", ANNEX_SUFFIXES, self._annex_chosen)

    def action_import_users(self) -> None:
        if self._needs_base():
            return
        self._pick("serveur.users_title", PROFILS_SUFFIXES, self._profils_chosen)

    def _needs_base(self) -> bool:
        if self.status is not None and self.status.base_id is None:
            self.result(self.t("error.no_base"), error=True)
            return True
        return False

    def _start_folder(self) -> Path:
        if self.folder is not None:
            return self.folder
        # Settings.files_dir (PRONOTE_TUI_FILES_DIR), else home; then the last folder used.
        configured = self.console.settings.files_dir
        return configured.expanduser() if configured is not None else Path.home()

    def _pick(
        self, title_key: str, suffixes: tuple[str, ...], chosen: Callable[[Path], None]
    ) -> None:
        def answered(path: Path | None) -> None:
            if path is None:
                self.result(self.t("serveur.cancelled"))
                return
            self.folder = path.parent
            chosen(path)

        picker = FilePicker(
            self.lang, title=self.t(title_key), suffixes=suffixes, folder=self._start_folder()
        )
        self.app.push_screen(picker, answered)

    def _progress(self, operation: Operation) -> None:
        def closed(choice: str | None) -> None:
            self.reload()
            if choice == "start":
                self.call_later(self._start_after_load)

        self.result("")
        self.app.push_screen(ProgressDialog(self.lang, self.client, operation), closed)

    async def _start_after_load(self) -> None:
        await self._refresh_quietly()
        self.action_start_server()

    def _load_chosen(self, path: Path) -> None:
        def describe(job: Job) -> str:
            return self.t(
                "progress.result.load",
                name=job.result.get("name", ""),
                year=job.result.get("school_year", ""),
            )

        self._progress(
            Operation(
                title=self.t("serveur.load_title"),
                upload=(path, UploadKind.HNOT),
                start_job=self._job_with_upload(self.client.load_base),
                describe=describe,
                offer_start=True,
            )
        )

    def _annex_chosen(self, path: Path) -> None:
        def describe(job: Job) -> str:
            r = job.result
            return self.t(
                "progress.result.annexes",
                file=r.get("file", path.name),
                attached=r.get("attached", 0),
                already=r.get("already_there", 0),
                unmatched=r.get("unmatched_count", 0),
                mismatched=r.get("mismatched_count", 0),
            )

        self._progress(
            Operation(
                title=self.t("serveur.annexes_title"),
                upload=(path, UploadKind.ANNEX),
                start_job=self._job_with_upload(self.client.attach_annexes),
                describe=describe,
            )
        )

    def _profils_chosen(self, path: Path) -> None:
        def describe(job: Job) -> str:
            r = job.result
            refused = r.get("refused", [])
            text = self.t(
                "progress.result.users",
                file=r.get("file", path.name),
                created=len(r.get("created", [])),
                already=len(r.get("already_there", [])),
                refused=len(refused),
            )
            lines = [
                self.t(
                    "progress.result.refused_user",
                    line=item.get("line", "?"),
                    identifier=item.get("identifier", ""),
                )
                for item in refused[:3]
            ]
            return "\n".join([text, *lines])

        self._progress(
            Operation(
                title=self.t("serveur.users_title"),
                upload=(path, UploadKind.PROFILS),
                start_job=self._job_with_upload(self.client.import_users),
                describe=describe,
            )
        )

    @staticmethod
    def _job_with_upload(
        start: Callable[[str], Awaitable[Job]],
    ) -> Callable[[str | None], Awaitable[Job]]:
        async def run(upload_id: str | None) -> Job:
            assert upload_id is not None
            return await start(upload_id)

        return run

    # --- Préparer l'année suivante ----------------------------------------------------------

    @on(Button.Pressed, "#serveur-prepare")
    def _prepare_pressed(self) -> None:
        self.action_prepare_next_year()

    def action_prepare_next_year(self) -> None:
        if self._needs_base():
            return
        current = self.listing.current if self.listing is not None else None
        name = current.name if current is not None else "—"

        def answered(confirmed: bool | None) -> None:
            if not confirmed:
                self.result(self.t("serveur.cancelled"))
                return
            self.app.push_screen(
                ConfirmDialog(
                    self.t("serveur.prepare_grid_title"),
                    self.t("serveur.prepare_grid_body"),
                    self.lang,
                    yes_label=self.t("serveur.prepare_grid_keep"),
                    no_label=self.t("serveur.prepare_grid_change"),
                ),
                grid_answer,
            )

        def grid_answer(keep: bool | None) -> None:
            if keep:
                self._prepare(None)
                return
            grid = current.time_grid if current is not None else None
            self.app.push_screen(
                TimeGridDialog(self.lang, grid, title=self.t("serveur.prepare_grid_dialog")),
                grid_given,
            )

        def grid_given(grid: TimeGrid | None) -> None:
            if grid is None:
                self.result(self.t("serveur.cancelled"))
                return
            self._prepare(grid)

        self.app.push_screen(
            ConfirmDialog(
                self.t("serveur.prepare_title"),
                self.t("serveur.prepare_body", name=name),
                self.lang,
                yes_label=self.t("serveur.prepare_yes"),
            ),
            answered,
        )

    def _prepare(self, grid: TimeGrid | None) -> None:
        def describe(job: Job) -> str:
            r = job.result
            return self.t(
                "progress.result.prepare",
                archive=r.get("archive", ""),
                size=format_size(int(r.get("archive_size", 0)), self.lang),
                name=r.get("name", ""),
                year=r.get("school_year", ""),
            )

        async def start(_upload_id: str | None) -> Job:
            return await self.client.prepare_next_year(grid)

        self._progress(
            Operation(title=self.t("serveur.prepare_title"), start_job=start, describe=describe)
        )

    # --- Autres bases -----------------------------------------------------------------------

    def on_other_bases_open_requested(self, event: OtherBases.OpenRequested) -> None:
        event.stop()
        base = event.base
        self._stopped_first(partial(self._confirm_open, base))

    def _confirm_open(self, base: BaseSummary) -> None:
        current = self.listing.current if self.listing is not None else None

        def answered(confirmed: bool | None) -> None:
            if not confirmed:
                self.result(self.t("serveur.cancelled"))
                return

            def opened(summary: BaseSummary) -> None:
                self.result(self.t("serveur.opened", name=summary.name))

            self._request(partial(self.client.open_base, base.id), opened)

        body_key = "serveur.open_body" if current is not None else "serveur.open_body_first"
        self.app.push_screen(
            ConfirmDialog(
                self.t("serveur.open_title"),
                self.t(
                    body_key,
                    name=base.name,
                    year=base.school_year,
                    current=current.name if current is not None else "",
                ),
                self.lang,
                yes_label=self.t("bases.open"),
            ),
            answered,
        )

    # --- Sauvegardes (Fiche 10), recovery (Fiche 6) -----------------------------------------

    @on(TabbedContent.TabActivated, "#server-tabs")
    def _tab_shown(self, event: TabbedContent.TabActivated) -> None:
        # Scheduled backups come every two hours: the list is asked again when shown (a
        # conditional request: nothing comes back while nothing changed).
        if event.pane.id == "tab-backups":
            run_exclusive(self, self._refresh_backups, "backups-refresh")

    async def _refresh_backups(self) -> None:
        with contextlib.suppress(ConsoleError):
            listing = await self.client.snapshots()
            self.query_one("#backups-view", BackupsView).show_listing(listing)

    def on_backups_view_action_requested(self, event: BackupsView.ActionRequested) -> None:
        event.stop()
        self.backups.handle(event.action, event.snapshot)

    def _backup_action(self, action: str) -> None:
        self.show_tab("tab-backups")
        view = self.query_one("#backups-view", BackupsView)
        self.backups.handle(action, view.highlighted)

    def action_take_backup(self) -> None:
        self._backup_action("take")

    def action_take_archive(self) -> None:
        self._backup_action("archive")

    def action_open_backup(self) -> None:
        self._backup_action("open")

    def action_verify_backup(self) -> None:
        self._backup_action("verify")

    def action_recover_data(self) -> None:
        start_recovery(self)

    def action_recover_users(self) -> None:
        start_recovery(self, users=True)

    # --- tabs and palette -------------------------------------------------------------------

    def show_tab(self, tab_id: str) -> None:
        self.query_one("#server-tabs", TabbedContent).active = tab_id

    def palette_commands(self) -> list[PaletteCommand]:
        commands = [
            PaletteCommand(self.t(label), self.t(help_key), partial(self._run_from_palette, action))
            for action, label, help_key in ACTIONS
        ]
        commands.extend(
            PaletteCommand(
                self.t("cmd.server_tab", tab=self.t(title_key)),
                self.t("cmd.server_tab.help"),
                partial(self._goto_tab, tab_id),
            )
            for tab_id, title_key, _ in SERVER_TABS
        )
        commands.extend(
            PaletteCommand(
                self.t(label), self.t(help_key), partial(self._run_in_tab, tab_id, view_id, action)
            )
            for tab_id, view_id, action, label, help_key in CLIENT_TAB_ACTIONS
        )
        return commands

    def _run_in_tab(self, tab_id: str, view_id: str, action: str) -> None:
        """A palette entry of a tab's view: the tab shown, its table focused, the action run."""
        self._goto_tab(tab_id)
        view = self.query_one(f"#{view_id}")
        view.query_one(LiveTable).focus(scroll_visible=False)
        # After the tab's layout: the panel scrolls the whole tab into view.
        tabs = self.query_one("#server-tabs", TabbedContent)
        self.call_after_refresh(tabs.scroll_visible, animate=False)
        getattr(view, f"action_{action}")()

    def _run_from_palette(self, action: str) -> None:
        self.screen.action_show_panel("serveur")  # type: ignore[attr-defined]
        getattr(self, f"action_{action}")()

    def _goto_tab(self, tab_id: str) -> None:
        self.screen.action_show_panel("serveur")  # type: ignore[attr-defined]
        self.show_tab(tab_id)
