"""Récupérer les données d'une base PRONOTE (Fiche 6) and Récupérer les utilisateurs d'une
archive: the archive to take from, the tree of categories with checkboxes, and the report
(:mod:`pronote_tui.flows.recovery` chains them with the job).

The tree is the service's (``GET /v1/recovery/categories``), labels ``category.<key>``. Its
first line is "Cocher toutes les données"; a parent ticks or unticks its children, and shows
``[-]`` when only some are ticked. Keys: Space (or Enter) ticks the highlighted line, the arrows
move, Tab goes to the archive and the buttons, Ctrl+S validates, Escape cancels. The report says,
per category, what was recovered, what was already there and kept, and what could not be tied
to this year's base (with examples).
"""

from __future__ import annotations

from functools import partial

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Button, DataTable, OptionList, Select, Static
from textual.widgets.option_list import Option

from pronote_api.catalogue import CATALOGUE, Lang, tr
from pronote_api.snapshots import (
    RecoveryCategory,
    RecoveryReport,
    RecoveryRequest,
    RecoveryTree,
    Snapshot,
    SnapshotKind,
    SnapshotList,
)
from pronote_tui.formatting import format_datetime_short
from pronote_tui.widgets.base_counts import format_count
from pronote_tui.widgets.dialog import ConsoleDialog, DialogBox

ALL = "*all*"
USERS_KEY = "users"
BOXES = {True: "[X]", False: "[ ]", None: "[-]"}
# Yearly and imported archives first: last year's data is looked for there.
ORDER = {SnapshotKind.YEARLY: 0, SnapshotKind.IMPORTED: 1}


def category_label(key: str, lang: Lang) -> str:
    if key == USERS_KEY:
        return tr("recovery.report.users", lang)
    return tr(f"category.{key}", lang) if f"category.{key}" in CATALOGUE else key


def recovery_sources(listing: SnapshotList) -> list[Snapshot]:
    """The archives to recover from, yearly and imported first, newest first within."""
    archives = sorted(listing.archives, key=lambda s: s.taken_at, reverse=True)
    return sorted(archives, key=lambda s: ORDER.get(s.kind, 2))


def source_label(item: Snapshot, lang: Lang) -> str:
    kind = tr(f"snapshot.kind.{item.kind.value}", lang)
    return f"{item.name} · {kind} · {format_datetime_short(item.taken_at, lang)}"


class CategoryTicks:
    """The ticked state of a tree of categories (leaves hold the state; parents derive it)."""

    def __init__(self, tree: RecoveryTree) -> None:
        self.tree = tree
        self.parent: dict[str, str | None] = {}
        self.children: dict[str, list[str]] = {}
        self.rows: list[tuple[str, int]] = [(ALL, 0)]
        self.ticked: dict[str, bool] = {}

        def walk(nodes: list[RecoveryCategory], parent: str | None, depth: int) -> None:
            for node in nodes:
                self.parent[node.key] = parent
                self.children[node.key] = [c.key for c in node.children]
                self.rows.append((node.key, depth))
                if not node.children:
                    self.ticked[node.key] = False
                walk(node.children, node.key, depth + 1)

        walk(tree.categories, None, 1)

    def leaves(self, key: str) -> list[str]:
        if key == ALL:
            return list(self.ticked)
        kids = self.children.get(key, [])
        if not kids:
            return [key]
        return [leaf for kid in kids for leaf in self.leaves(kid)]

    def state(self, key: str) -> bool | None:
        """True all ticked, False none, None some."""
        values = {self.ticked[leaf] for leaf in self.leaves(key)}
        if len(values) == 1:
            return values.pop()
        return None if values else False

    def toggle(self, key: str) -> None:
        value = self.state(key) is not True
        for leaf in self.leaves(key):
            self.ticked[leaf] = value

    def chosen(self) -> list[str]:
        """The keys to send: a parent whose children are all ticked stands for them."""
        found: list[str] = []

        def walk(nodes: list[RecoveryCategory]) -> None:
            for node in nodes:
                state = self.state(node.key)
                if state is True:
                    found.append(node.key)
                elif state is None:
                    walk(node.children)

        walk(self.tree.categories)
        return found


class RecoveryDialog(ConsoleDialog[RecoveryRequest | None]):
    """Dismisses with the :class:`RecoveryRequest` to send, or ``None``."""

    BINDINGS = [
        Binding("ctrl+s", "validate", "recovery.validate"),
        Binding("space", "tick", "recovery.check_all", show=False),
    ]

    def __init__(
        self,
        sources: list[Snapshot],
        tree: RecoveryTree | None,
        *,
        users: bool = False,
    ) -> None:
        super().__init__()
        self.sources = sources
        self.users = users
        self.ticks = CategoryTicks(tree or RecoveryTree(categories=[]))

    def compose(self) -> ComposeResult:
        title = "recovery.users_title" if self.users else "recovery.title"
        with DialogBox(id="recovery-dialog", classes="dialog dialog-form dialog-tall"):
            yield Static(self.t(title), classes="dialog-title", markup=False)
            with Horizontal(classes="form-row"):
                yield Static(self.t("recovery.archive"), classes="form-label-short")
                yield Select(
                    [(source_label(s, self.lang), s.id) for s in self.sources],
                    value=self.sources[0].id if self.sources else Select.NULL,
                    allow_blank=not self.sources,
                    prompt="—",
                    compact=True,
                    id="recovery-source",
                )
            if self.users:
                yield Static(self.t("recovery.users_note"), classes="body-text", markup=False)
            else:
                yield OptionList(id="recovery-tree")
                yield Static(self.t("recovery.keys"), classes="hint", markup=False)
            yield Static("", id="recovery-message", markup=False)
            yield from self.ok_cancel_buttons(
                "recovery-ok", "recovery.validate", "recovery-cancel", "recovery.cancel"
            )

    def on_mount(self) -> None:
        if self.users:
            self.query_one("#recovery-ok", Button).focus()
            return
        self._redraw()
        tree = self.query_one("#recovery-tree", OptionList)
        tree.highlighted = 0
        tree.focus()

    # --- the tree -------------------------------------------------------------------------------

    def _line(self, key: str, depth: int) -> str:
        label = self.t("recovery.check_all") if key == ALL else category_label(key, self.lang)
        return f"{'  ' * depth}{BOXES[self.ticks.state(key)]} {label}"

    def _redraw(self) -> None:
        tree = self.query_one("#recovery-tree", OptionList)
        keep = tree.highlighted
        tree.clear_options()
        tree.add_options(
            [Option(Content(self._line(key, depth)), id=key) for key, depth in self.ticks.rows]
        )
        if keep is not None:
            tree.highlighted = keep

    def action_tick(self) -> None:
        if self.users:
            return
        tree = self.query_one("#recovery-tree", OptionList)
        if self.focused is not tree or tree.highlighted is None:
            return
        key = tree.get_option_at_index(tree.highlighted).id
        if key is not None:
            self.ticks.toggle(key)
            self._redraw()
            self.query_one("#recovery-message", Static).update("")

    @on(OptionList.OptionSelected, "#recovery-tree")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_tick()

    # --- answer ---------------------------------------------------------------------------------

    @on(Button.Pressed, "#recovery-ok")
    def _ok(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_validate()

    def _say(self, key: str) -> None:
        message = self.query_one("#recovery-message", Static)
        message.update(self.t(key))
        message.set_class(True, "-error")

    def action_validate(self) -> None:
        source = self.query_one("#recovery-source", Select).value
        if not isinstance(source, str):
            self._say("recovery.no_archive")
            return
        categories = [] if self.users else self.ticks.chosen()
        if not categories and not self.users:
            self._say("recovery.nothing")
            return
        self.dismiss(RecoveryRequest(snapshot_id=source, categories=categories, users=self.users))


def report_totals(report: RecoveryReport) -> tuple[int, int, int]:
    return (
        sum(line.recovered for line in report.lines),
        sum(line.kept for line in report.lines),
        sum(line.unmatched for line in report.lines),
    )


class RecoveryReportDialog(ConsoleDialog[None]):
    """Per category: recovered, kept, unmatched; the examples of the highlighted line."""

    BINDINGS = [Binding("escape", "cancel", "recovery.report.close")]

    def __init__(self, title: str, report: RecoveryReport) -> None:
        super().__init__()
        self._title = title
        self.report = report

    def compose(self) -> ComposeResult:
        with DialogBox(id="recovery-report", classes="dialog dialog-form dialog-tall"):
            yield Static(self._title, classes="dialog-title", markup=False)
            table: DataTable[str] = DataTable(id="recovery-report-table", cursor_type="row")
            table.add_column(self.t("recovery.report.category"), width=34)
            for key in ("recovered", "kept", "unmatched"):
                table.add_column(self.t(f"recovery.report.{key}"), width=10)
            yield table
            yield Static("", id="recovery-report-examples", classes="hint", markup=False)
            yield Static(self.t("recovery.report.explain"), classes="hint", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(
                    self.t("recovery.report.close"), id="recovery-report-close", compact=True
                )

    def on_mount(self) -> None:
        table = self.query_one("#recovery-report-table", DataTable)
        n = partial(format_count, lang=self.lang)
        for line in self.report.lines:
            label = category_label(line.category, self.lang)
            table.add_row(label, n(line.recovered), n(line.kept), n(line.unmatched))
        recovered, kept, unmatched = report_totals(self.report)
        table.add_row(self.t("recovery.report.total"), n(recovered), n(kept), n(unmatched))
        table.focus()
        self._examples()

    @on(DataTable.RowHighlighted, "#recovery-report-table")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self._examples()

    def _examples(self) -> None:
        table = self.query_one("#recovery-report-table", DataTable)
        row = table.cursor_row
        lines = self.report.lines
        examples = lines[row].unmatched_examples if row is not None and row < len(lines) else []
        text = self.t("recovery.report.examples", examples=" ; ".join(examples)) if examples else ""
        self.query_one("#recovery-report-examples", Static).update(text)

    @on(Button.Pressed, "#recovery-report-close")
    def _close(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_cancel()
