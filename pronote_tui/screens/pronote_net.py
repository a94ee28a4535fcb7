"""PRONOTE.net (Fiches 8 and 9): the publication of the web Espaces, their addresses and their
settings, live from ``GET /v1/publication``.

The state line ("Base publiée" or not, the base in service; the server stopped or a service
without a web listener said plainly), "Publier la base" / "Arrêter la publication" (a
confirmation first: people lose their Espaces), and three tabs: Paramètres de publication (the
table "Adresses de connexion des internautes", one row per Espace with its Publier box, toggled
with Space or Enter while stopped; Enter or ``c`` copies an address through OSC 52, which works
over SSH), Déléguer l'authentification (the CAS delegation, ``+``; the matrix per Espace, ``d``)
and Paramètres de sécurité (the inactivity time). The settings change only while the publication
is stopped: while published the controls are read-only, a line says why and a button offers to
stop the publication.
"""

from __future__ import annotations

from typing import cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Checkbox, DataTable, Input, Static, TabbedContent, TabPane

from pronote_api.models import ServerStatus
from pronote_api.publication import (
    INACTIVITY_MAX_MINUTES,
    INACTIVITY_MIN_MINUTES,
    CasDelegation,
    CasMatching,
    DelegationProtocol,
    EspaceAddress,
    PublicationSettings,
    PublicationState,
)
from pronote_tui.client import ConsoleError
from pronote_tui.flows import publication
from pronote_tui.screens.flow_panel import FlowPanel
from pronote_tui.widgets.button_row import ButtonRow
from pronote_tui.widgets.console import PolledWhileShown, Unanswered
from pronote_tui.widgets.console_button import ConsoleButton
from pronote_tui.widgets.console_checkbox import ConsoleCheckbox
from pronote_tui.widgets.console_input import ConsoleInput
from pronote_tui.widgets.tab_bar import ConsoleTabbedContent
from pronote_tui.widgets.workers import run_exclusive

BOX_ON = "[X]"
BOX_OFF = "[ ]"
COLUMNS = ("espace", "publish", "page")

PUBLICATION_TABS: tuple[tuple[str, str], ...] = (
    ("tab-pub-publication", "pub.tab.publication"),
    ("tab-pub-delegation", "pub.tab.delegation"),
    ("tab-pub-security", "pub.tab.security"),
)

# The controls that change a setting: read-only while the base is published.
SETTING_CONTROLS = (
    "#pub-direct",
    "#pub-deleg-active",
    "#pub-cas",
    "#pub-matrix",
    "#pub-inactivity",
    "#pub-sec-save",
)


def relative(address: str, common: str) -> str:
    """An Espace's address under the common page, as the table shows it (``/direction.html``)."""
    return "/" + address.removeprefix(common) if address.startswith(common) else address


class PronoteNetPanel(PolledWhileShown, FlowPanel):
    panel_id = "pronote_net"
    title_key = "nav.pronote_net"
    ACTIONS = (
        ("publish", "pub.publish", "pub.publish.help"),
        ("stop_publication", "pub.stop", "pub.stop.help"),
    )
    BUTTONS = {
        "pub-toggle": "publish_or_stop",
        "pub-locked-stop": "stop_to_edit",
        "pub-cas": "edit_cas",
        "pub-matrix": "edit_matrix",
        "pub-sec-save": "save_inactivity",
    }
    result_id = "pub-result"
    scroll_to_result = True

    BINDINGS = [
        Binding("p", "publish", "pub.key.publish"),
        Binding("x", "stop_publication", "pub.key.stop"),
        Binding("c", "copy_address", "pub.key.copy"),
        Binding("space", "toggle_espace", "pub.key.toggle", show=False),
        Binding("plus", "edit_cas", "pub.key.cas", show=False),
        Binding("d", "edit_matrix", "pub.key.matrix", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.state: PublicationState | None = None
        self.server: ServerStatus | None = None

    @property
    def interval(self) -> float:  # type: ignore[override]
        return self.console.settings.poll_interval

    def compose_body(self) -> ComposeResult:
        yield Static(self.t("common.loading"), id="pub-state", classes="server-state")
        yield Static("", id="pub-warning", classes="hint -empty", markup=False)
        with ButtonRow(classes="action-row"):
            yield ConsoleButton(self.t("pub.publish"), id="pub-toggle", compact=True)
        yield Static("", id="pub-result", markup=False, classes="-empty")
        with Vertical(id="pub-locked", classes="-empty"):
            yield Static(self.t("pub.locked"), id="pub-locked-text", markup=False)
            with ButtonRow(classes="action-row"):
                yield Button(self.t("pub.locked_stop"), id="pub-locked-stop", compact=True)
        with ConsoleTabbedContent(id="pub-tabs"):
            for tab_id, title_key in PUBLICATION_TABS:
                with TabPane(self.t(title_key), id=tab_id):
                    if tab_id == "tab-pub-publication":
                        yield from self._compose_addresses()
                    elif tab_id == "tab-pub-delegation":
                        yield from self._compose_delegation()
                    else:
                        yield from self._compose_security()

    def _compose_addresses(self) -> ComposeResult:
        yield Static("", id="pub-addresses", classes="form-section", markup=False)
        table: DataTable[str] = DataTable(id="pub-table", cursor_type="row", zebra_stripes=False)
        table.add_column(self.t("pub.col.espace"), key="espace")
        table.add_column(self.t("pub.col.publish"), key="publish")
        table.add_column(self.t("pub.col.page"), key="page")
        yield table
        # The highlighted Espace's whole addresses: the table keeps to what fits 80 columns.
        yield Static("", id="pub-detail", markup=False)
        yield Static("", id="pub-table-hint", classes="hint", markup=False)

    def _compose_delegation(self) -> ComposeResult:
        yield Static(self.t("pub.deleg.intro"), classes="hint", markup=False)
        yield Static("", id="pub-deleg-cas", markup=False)
        yield Static("", id="pub-deleg-ent-url", markup=False)
        yield ConsoleCheckbox(self.t("pub.deleg.direct"), id="pub-direct", compact=True)
        yield Static("", id="pub-direct-url", classes="hint", markup=False)
        yield ConsoleCheckbox(self.t("pub.deleg.active"), id="pub-deleg-active", compact=True)
        yield Static("", id="pub-deleg-summary", markup=False)
        with ButtonRow(classes="action-row"):
            yield ConsoleButton(self.t("pub.deleg.add"), id="pub-cas", compact=True)
            yield Button(self.t("pub.deleg.matrix"), id="pub-matrix", compact=True)

    def _compose_security(self) -> ComposeResult:
        yield Static(
            self.t("pub.sec.bounds", min=INACTIVITY_MIN_MINUTES, max=INACTIVITY_MAX_MINUTES),
            classes="hint",
            markup=False,
        )
        with Horizontal(classes="form-row"):
            yield Static(self.t("pub.sec.inactivity"), classes="form-label-wide")
            yield ConsoleInput(restrict=r"[0-9]*", max_length=3, compact=True, id="pub-inactivity")
        with ButtonRow(classes="action-row"):
            yield Button(self.t("pub.sec.save"), id="pub-sec-save", compact=True)
        yield Static("", id="pub-sec-error", classes="field-error", markup=False)

    # --- data ---------------------------------------------------------------------------------

    async def load(self) -> None:
        self.show_state(await self.client.publication())

    def fetch(self) -> None:
        run_exclusive(self, self._poll, "publication-poll")

    async def _poll(self) -> None:
        state = await self.ask(self.client.publication(), self._poll_failed)
        if not isinstance(state, Unanswered) and self.is_attached:
            self.show_error("")
            self.show_state(state)

    def _poll_failed(self, exc: ConsoleError) -> None:
        if self.is_attached:
            self.show_error(exc.message(self.lang))

    def server_status_changed(self, status: ServerStatus) -> None:
        # The server started or stopped elsewhere: what the Espaces answer changes with it.
        if self.server is not None and status != self.server and self.is_on_screen:
            self.fetch()
        self.server = status

    @property
    def table(self) -> DataTable[str]:
        return cast("DataTable[str]", self.query_one("#pub-table", DataTable))

    def show_state(self, state: PublicationState) -> None:
        if state == self.state:
            return
        self.state = state
        published = state.published
        line = self.query_one("#pub-state", Static)
        if state.base_name is None:
            line.update(self.t("pub.state.no_base"))
        else:
            key = "pub.state.published" if published else "pub.state.not_published"
            line.update(self.t(key, name=state.base_name))
        line.set_class(published, "-running")
        warnings = []
        if state.base_name is not None and not state.server_running:
            warnings.append(self.t("pub.state.server_stopped"))
        if not state.web_served:
            warnings.append(self.t("pub.state.no_web"))
        warning = self.query_one("#pub-warning", Static)
        warning.update("\n".join(warnings))
        warning.set_class(not warnings, "-empty")
        self.query_one("#pub-toggle", Button).label = self.t(
            "pub.stop" if published else "pub.publish"
        )
        self.query_one("#pub-locked").set_class(not published, "-empty")
        for selector in SETTING_CONTROLS:
            self.query_one(selector).disabled = published
        self._show_addresses(state)
        self._show_delegation(state)
        self._show_security(state.settings)

    def _show_addresses(self, state: PublicationState) -> None:
        self.query_one("#pub-addresses", Static).update(
            self.t("pub.addresses", url=state.common_page)
        )
        self.query_one("#pub-table-hint", Static).update(
            self.t("pub.hint.published" if state.published else "pub.hint.stopped")
        )
        table = self.table
        rows = [self._cells(address, state.common_page) for address in state.addresses]
        keys = [address.espace.value for address in state.addresses]
        if [row.value for row in table.rows] == keys:
            for key, cells in zip(keys, rows, strict=True):
                for column, value in zip(COLUMNS, cells, strict=True):
                    table.update_cell(key, column, value)
        else:
            table.clear()
            for key, cells in zip(keys, rows, strict=True):
                table.add_row(*cells, key=key)
        self._show_detail()

    def _cells(self, address: EspaceAddress, common: str) -> tuple[str, str, str]:
        return (
            self.t(f"espace.{address.espace.value}"),
            BOX_ON if address.publish else BOX_OFF,
            relative(address.page, common),
        )

    def _show_detail(self) -> None:
        address = self._highlighted()
        detail = self.query_one("#pub-detail", Static)
        if address is None:
            detail.update("")
            return
        detail.update(
            self.t(
                "pub.detail",
                page=address.page,
                mobile=address.mobile if address.mobile is not None else self.t("pub.no_mobile"),
            )
        )

    @on(DataTable.RowHighlighted, "#pub-table")
    def _row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self._show_detail()

    def _show_delegation(self, state: PublicationState) -> None:
        settings = state.settings
        self.query_one("#pub-deleg-cas", Static).update(self._cas_lines(settings.cas))
        self.query_one("#pub-deleg-ent-url", Static).update(
            self.t("pub.deleg.ent_url", url=state.common_page)
        )
        self.query_one("#pub-direct-url", Static).update(
            self.t("pub.deleg.direct_url", url=state.direct_login_page)
            if settings.direct_login_allowed
            else self.t("pub.deleg.direct_off")
        )
        for selector, value in (
            ("#pub-direct", settings.direct_login_allowed),
            ("#pub-deleg-active", settings.delegation_active),
        ):
            box = self.query_one(selector, Checkbox)
            with box.prevent(Checkbox.Changed):
                box.value = value
        self.query_one("#pub-cas", Button).label = self.t(
            "pub.deleg.add" if settings.cas is None else "pub.deleg.edit"
        )
        self.query_one("#pub-deleg-summary", Static).update(self._summary(settings))

    def _cas_lines(self, cas: CasDelegation | None) -> str:
        if cas is None:
            return self.t("pub.deleg.none")
        lines = [self.t("pub.deleg.cas", name=cas.name)]
        if cas.separate_links:
            lines.append(self.t("pub.deleg.login_link", url=cas.login_url))
            lines.append(self.t("pub.deleg.validate_link", url=cas.validate_url))
        else:
            lines.append(self.t("pub.deleg.server", url=cas.server_url))
        how = self.t(f"pub.cas.matching.{cas.matching.value}")
        if cas.matching is CasMatching.DOUBLE_AUTH:
            lines.append(self.t("pub.deleg.matching", how=how))
        else:
            lines.append(self.t("pub.deleg.matching_attribute", how=how, attribute=cas.attribute))
        return "\n".join(lines)

    def _summary(self, settings: PublicationSettings) -> str:
        if not settings.delegation_active:
            return self.t("pub.deleg.inactive")
        delegated = [
            self.t(f"espace.{kind.value}")
            for kind, protocol in settings.espace_delegation.items()
            if protocol is DelegationProtocol.CAS
        ]
        if not delegated:
            return self.t("pub.deleg.summary_none")
        return self.t("pub.deleg.summary", espaces=", ".join(delegated))

    def _show_security(self, settings: PublicationSettings) -> None:
        field = self.query_one("#pub-inactivity", Input)
        if not field.has_focus:
            with field.prevent(Input.Changed):
                field.value = str(settings.inactivity_minutes)
        self.query_one("#pub-sec-error", Static).update("")

    # --- actions ------------------------------------------------------------------------------

    @property
    def published(self) -> bool:
        return self.state is not None and self.state.published

    def action_publish_or_stop(self) -> None:
        if self.published:
            self.action_stop_publication()
        else:
            self.action_publish()

    def action_publish(self) -> None:
        self.run_flow(publication.publish)

    def action_stop_publication(self) -> None:
        self.run_flow(publication.stop_publication)

    def action_stop_to_edit(self) -> None:
        self.run_flow(publication.stop_to_edit)

    def _editable(self) -> bool:
        """Whether the settings may change now; else the line that says why is shown."""
        if self.state is None:
            return False
        if self.published:
            self.result(self.t("pub.locked"), error=True)
            return False
        return True

    def _highlighted(self) -> EspaceAddress | None:
        if self.state is None or not self.table.row_count:
            return None
        row = self.table.cursor_row
        return self.state.addresses[row] if 0 <= row < len(self.state.addresses) else None

    def action_toggle_espace(self) -> None:
        address = self._highlighted()
        if address is None or self.screen.focused is not self.table:
            return
        if self._editable():
            self.run_flow(publication.toggle_espace, address.espace)

    def action_copy_address(self) -> None:
        address = self._highlighted()
        if address is None:
            return
        text = address.page if address.mobile is None else f"{address.page}\n{address.mobile}"
        self.app.copy_to_clipboard(text)
        self.result(self.t("pub.copied", address=address.page))

    @on(DataTable.RowSelected, "#pub-table")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter: ticks or unticks Publier while stopped, copies the address while published."""
        event.stop()
        if self.published:
            self.action_copy_address()
        else:
            self.action_toggle_espace()

    def action_edit_cas(self) -> None:
        if self._editable():
            self.run_flow(publication.edit_cas)

    def action_edit_matrix(self) -> None:
        if self._editable():
            self.run_flow(publication.edit_matrix)

    @on(Checkbox.Changed, "#pub-direct")
    def _direct_changed(self, event: Checkbox.Changed) -> None:
        event.stop()
        if self.state is None or not self._editable():
            return
        settings = self.state.settings.model_copy(update={"direct_login_allowed": event.value})
        state = self.t("pub.deleg.allowed" if event.value else "pub.deleg.refused")
        said = self.t("pub.deleg.direct_saved", state=state)
        self.run_flow(publication.save_settings, settings, said)

    @on(Checkbox.Changed, "#pub-deleg-active")
    def _active_changed(self, event: Checkbox.Changed) -> None:
        event.stop()
        if self.state is None or not self._editable():
            return
        if event.value and self.state.settings.cas is None:
            with event.checkbox.prevent(Checkbox.Changed):
                event.checkbox.value = False
            self.result(self.t("pub.deleg.needs_cas"), error=True)
            return
        settings = self.state.settings.model_copy(update={"delegation_active": event.value})
        said = self.t("pub.deleg.activated" if event.value else "pub.deleg.deactivated")
        self.run_flow(publication.save_settings, settings, said)

    @on(Input.Submitted, "#pub-inactivity")
    def _inactivity_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save_inactivity()

    def action_save_inactivity(self) -> None:
        if self.state is None or not self._editable():
            return
        text = self.query_one("#pub-inactivity", Input).value.strip()
        error = self.query_one("#pub-sec-error", Static)
        minutes = int(text) if text.isdigit() else None
        if minutes is None or not INACTIVITY_MIN_MINUTES <= minutes <= INACTIVITY_MAX_MINUTES:
            error.update(
                self.t("pub.sec.bad", min=INACTIVITY_MIN_MINUTES, max=INACTIVITY_MAX_MINUTES)
            )
            return
        error.update("")
        settings = self.state.settings.model_copy(update={"inactivity_minutes": minutes})
        self.run_flow(publication.save_settings, settings, self.t("pub.sec.saved", minutes=minutes))

    # --- tabs and palette ---------------------------------------------------------------------

    def show_tab(self, tab_id: str) -> None:
        self.query_one("#pub-tabs", TabbedContent).active = tab_id
