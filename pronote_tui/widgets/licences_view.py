"""Licences utilisées: in modification x/N (with those reserved for administrators), in
consultation, users in Mode enseignant and Mode vie scolaire; and the dialog that changes the
licences reserved for administrators (checked here, then by the service, whose refusal is shown
in the dialog and changes nothing)."""

from __future__ import annotations

from rich.cells import cell_len
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Input, Static

from pronote_api.catalogue import Lang, tr
from pronote_api.connections import LicenceUsage
from pronote_tui.client import ConsoleError, SessionExpired
from pronote_tui.widgets.console import ConsoleWidgetMixin, PolledWhileShown
from pronote_tui.widgets.console_input import ConsoleInput
from pronote_tui.widgets.dialog import ConsoleDialog, DialogBox
from pronote_tui.widgets.workers import run_exclusive


def limit_text(limit: int | None, lang: Lang) -> str:
    return tr("lic.unlimited", lang) if limit is None else str(limit)


def licence_items(usage: LicenceUsage, lang: Lang) -> list[str]:
    editing = tr("lic.editing", lang, used=usage.editing_used, total=usage.editing_total)
    reserved = tr("lic.reserved", lang, count=usage.reserved_for_administrators)
    if usage.consultation_total == 0:
        consultation = tr("lic.consultation_none", lang)
    else:
        consultation = tr(
            "lic.consultation",
            lang,
            used=usage.consultation_used,
            total=limit_text(usage.consultation_total, lang),
        )
    teachers = tr(
        "lic.teachers", lang, used=usage.teachers_used, limit=limit_text(usage.teachers_limit, lang)
    )
    return [
        f"{editing} ({reserved})",
        consultation,
        teachers,
        tr("lic.school_life", lang, used=usage.school_life_used),
        tr("lic.espaces", lang, used=usage.espaces_used),
    ]


def pack(items: list[str], width: int, separator: str = " · ") -> str:
    """The items on as few lines as ``width`` allows, never cut in the middle of one."""
    lines: list[str] = []
    for item in items:
        if lines and cell_len(lines[-1] + separator + item) <= width:
            lines[-1] += separator + item
        else:
            lines.append(item)
    return "\n".join(lines)


class ReservedDialog(ConsoleDialog[LicenceUsage | None]):
    """The number of licences reserved for administrators; Ctrl+S or Enter saves, Escape
    cancels. Dismisses with the service's new usage, or None."""

    BINDINGS = [
        Binding("ctrl+s", "save", "lic.dialog.save"),
        Binding("escape", "cancel", "lic.dialog.cancel"),
    ]

    def __init__(self, usage: LicenceUsage) -> None:
        super().__init__()
        self.usage = usage

    def compose(self) -> ComposeResult:
        total = self.usage.editing_total
        with DialogBox(id="reserved-dialog", classes="dialog dialog-form"):
            yield Static(self.t("lic.dialog.title"), classes="dialog-title", markup=False)
            yield Static(
                self.t("lic.dialog.body", total=total), classes="dialog-body", markup=False
            )
            with Horizontal(classes="form-row"):
                yield Static(self.t("lic.dialog.label", total=total), classes="form-label")
                yield ConsoleInput(
                    str(self.usage.reserved_for_administrators),
                    restrict=r"[0-9]*",
                    max_length=4,
                    compact=True,
                    id="reserved-count",
                )
            yield Static("", id="reserved-error", classes="field-error", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.t("lic.dialog.save"), id="reserved-save", variant="primary")
                yield Button(self.t("lic.dialog.cancel"), id="reserved-cancel")

    def on_mount(self) -> None:
        self.query_one("#reserved-count", ConsoleInput).focus()

    @on(Button.Pressed, "#reserved-save")
    @on(Input.Submitted, "#reserved-count")
    def action_save(self) -> None:
        text = self.query_one("#reserved-count", ConsoleInput).value.strip()
        total = self.usage.editing_total
        if not text.isdigit() or not 0 <= int(text) <= total:
            self._error(self.t("lic.dialog.not_number", total=total))
            return
        self.run_worker(self._save(int(text)), exclusive=True, group="reserved")

    async def _save(self, count: int) -> None:
        client = self.app.client  # type: ignore[attr-defined]
        try:
            usage = await client.set_reserved_licences(count)
        except SessionExpired:
            self.dismiss(None)
            self.app.session_ended()  # type: ignore[attr-defined]
            return
        except ConsoleError as exc:
            self._error(exc.message(self.lang))
            return
        self.dismiss(usage)

    def _error(self, text: str) -> None:
        self.query_one("#reserved-error", Static).update(text)

    @on(Button.Pressed, "#reserved-cancel")
    def _cancel(self) -> None:
        self.action_cancel()


class LicencesView(ConsoleWidgetMixin, Vertical):
    """Licences utilisées, as last polled; :meth:`edit_reserved` opens the dialog."""

    DEFAULT_CSS = """
    LicencesView { height: auto; }
    """

    class Outcome(Message):
        """What became of a change of the reserved licences, for the view's result line."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(self) -> None:
        super().__init__(id="licences")
        self.usage: LicenceUsage | None = None

    def compose(self) -> ComposeResult:
        yield Static(self.t("common.loading"), id="licences-line", markup=False)

    def show_usage(self, usage: LicenceUsage) -> None:
        if usage == self.usage:
            return  # unchanged (a 304): nothing repainted
        self.usage = usage
        self._show()

    def _show(self) -> None:
        if self.usage is not None:
            width = self.size.width or 56
            text = pack(licence_items(self.usage, self.lang), width)
            self.query_one("#licences-line", Static).update(text)

    def on_resize(self) -> None:
        self._show()

    def edit_reserved(self) -> None:
        if self.usage is None:
            return

        def done(usage: LicenceUsage | None) -> None:
            if usage is None:
                self.post_message(self.Outcome(self.t("conn.cancelled")))
                return
            self.show_usage(usage)
            self.post_message(
                self.Outcome(self.t("lic.saved", count=usage.reserved_for_administrators))
            )

        self.app.push_screen(ReservedDialog(self.usage), done)


def connected_text(usage: LicenceUsage, lang: Lang) -> str:
    """The kinds with someone connected, in one short line (Accueil at 80x24)."""
    counts = (
        ("editing", usage.editing_used),
        ("consultation", usage.consultation_used),
        ("teachers", usage.teachers_used),
        ("school_life", usage.school_life_used),
        ("espaces", usage.espaces_used),
    )
    kinds = [tr(f"accueil.kind.{kind}", lang, count=n) for kind, n in counts if n]
    if not kinds:
        return tr("accueil.connected_none", lang)
    return tr("accueil.connected", lang, kinds=", ".join(kinds))


class ConnectedCounts(PolledWhileShown, Static):
    """Accueil: the users connected by kind, fetched when shown and every few seconds while on
    screen (a conditional request: unchanged, it costs its headers and repaints nothing)."""

    def __init__(self, *, interval: float = 10.0) -> None:
        super().__init__("", id="accueil-connected", markup=False)
        self.interval = interval
        self.usage: LicenceUsage | None = None

    def fetch(self) -> None:
        run_exclusive(self, self._fetch, "accueil-connected")

    async def _fetch(self) -> None:
        try:
            usage = await self.client.licences()
        except ConsoleError:
            return  # said by the panel's own load, the status line and the reconnection
        if self.is_attached and usage != self.usage:
            self.usage = usage
            self.update(connected_text(usage, self.lang))
