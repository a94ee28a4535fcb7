"""The dialogs of "Déléguer l'authentification" (Fiche 9): the CAS delegation ("+") and the
matrix "Choix de la délégation en fonction de l'espace".

:class:`CasDialog` offers the known ENTs ("Mon ENT") or "Configuration manuelle": the name, the
CAS server URL, or the authentication and validation links when they differ, and how a CAS user
is matched to a user of the base. Each address is checked as it is typed with the contract's
own rule (:func:`pronote_api.publication.check_cas_url`) and the reason said in words; it
dismisses with a :class:`~pronote_api.publication.CasDelegation` or None (cancelled).

:class:`MatrixDialog` is one row per Espace that can be delegated, one column per protocol:
the arrows move, Space or Enter choose the row's protocol (one per row). A protocol this service
does not offer yet is marked "×" and refused with its reason; the choice is marked "●", so that
the grid reads the same in 16 colours and with NO_COLOR. It dismisses with the whole matrix or
None.
"""

from __future__ import annotations

from pydantic import ValidationError
from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.geometry import Size
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Select, Static

from pronote_api.catalogue import CATALOGUE
from pronote_api.publication import (
    AVAILABLE_PROTOCOLS,
    DELEGABLE,
    DELEGATION_NAME_MAX,
    URL_MAX,
    CasDelegation,
    CasMatching,
    DelegationProtocol,
    EspaceKind,
    KnownEnt,
    check_cas_url,
)
from pronote_tui.i18n import Localized
from pronote_tui.widgets.console_checkbox import ConsoleCheckbox
from pronote_tui.widgets.console_input import ConsoleInput
from pronote_tui.widgets.dialog import ConsoleDialog, DialogBox

MANUAL = "manual"
"""The "Mon ENT" choice of a delegation configured by hand."""

ATTRIBUTE_MAX = 64

# (input id, label key) of the addresses, in the order they are checked.
URL_FIELDS = (
    ("cas-server", "pub.cas.server"),
    ("cas-login", "pub.cas.login"),
    ("cas-validate", "pub.cas.validate"),
)


def url_reason(value: str) -> str | None:
    """The catalogue key of what is wrong with a CAS address, None when it passes."""
    try:
        check_cas_url(value)
    except ValueError as exc:
        return str(exc)
    return None


class CasDialog(ConsoleDialog[CasDelegation | None]):
    """Ctrl+S (or "Valider") when nothing is refused; Escape cancels."""

    BINDINGS = [Binding("ctrl+s", "validate", "pub.cas.ok")]

    DEFAULT_CSS = """
    CasDialog .form-row.-hidden { display: none; }
    """

    def __init__(
        self, current: CasDelegation | None, ents: list[KnownEnt], *, failure: str | None = None
    ) -> None:
        super().__init__()
        self.current = current
        self.ents = {ent.id: ent for ent in ents}
        self.failure = failure

    def compose(self) -> ComposeResult:
        cas = self.current
        ent_id = cas.ent_id if cas is not None and cas.ent_id in self.ents else MANUAL
        with DialogBox(id="cas-dialog", classes="dialog dialog-form"):
            yield Static(self.t("pub.cas.title"), classes="dialog-title", markup=False)
            with Horizontal(classes="form-row"):
                yield Static(self.t("pub.cas.ent"), classes="form-label")
                options = [(self.t("pub.cas.manual"), MANUAL)]
                options += [(ent.name, ent.id) for ent in self.ents.values()]
                yield Select(options, value=ent_id, allow_blank=False, compact=True, id="cas-ent")
            if self.failure:
                yield Static(
                    self.t("pub.cas.ents_unavailable", reason=self.failure),
                    classes="field-error",
                    markup=False,
                )
            yield from self._input_row("cas-name", "pub.cas.name", cas.name if cas else "")
            yield Static(self.t("pub.cas.from_ent"), classes="hint", markup=False)
            yield from self._input_row(
                "cas-server", "pub.cas.server", (cas.server_url or "") if cas else ""
            )
            yield ConsoleCheckbox(
                self.t("pub.cas.separate"),
                value=bool(cas and cas.separate_links),
                compact=True,
                id="cas-separate",
            )
            yield from self._input_row(
                "cas-login", "pub.cas.login", (cas.login_url or "") if cas else ""
            )
            yield from self._input_row(
                "cas-validate", "pub.cas.validate", (cas.validate_url or "") if cas else ""
            )
            with Horizontal(classes="form-row"):
                yield Static(self.t("pub.cas.matching"), classes="form-label")
                yield Select(
                    [(self.t(f"pub.cas.matching.{m.value}"), m.value) for m in CasMatching],
                    value=(cas.matching if cas else CasMatching.DOUBLE_AUTH).value,
                    allow_blank=False,
                    compact=True,
                    id="cas-matching",
                )
            yield from self._input_row(
                "cas-attribute", "pub.cas.attribute", (cas.attribute or "") if cas else ""
            )
            yield Static("", id="cas-problems", classes="field-error", markup=False)
            yield Static(self.t("pub.cas.keys"), classes="dialog-hint", markup=False)
            yield from self.ok_cancel_buttons(
                "cas-ok", "pub.cas.ok", "cas-cancel", "pub.cas.cancel"
            )

    def _input_row(self, field_id: str, label_key: str, value: str) -> ComposeResult:
        with Horizontal(classes="form-row", id=f"{field_id}-row"):
            yield Static(self.t(label_key), classes="form-label")
            limit = DELEGATION_NAME_MAX if field_id == "cas-name" else URL_MAX
            if field_id == "cas-attribute":
                limit = ATTRIBUTE_MAX
            yield ConsoleInput(value=value, max_length=limit, compact=True, id=field_id)

    def on_mount(self) -> None:
        self._show_rows()
        self.refresh_feedback()
        self.query_one("#cas-ent", Select).focus()

    # --- the form -----------------------------------------------------------------------------

    def _value(self, field_id: str) -> str:
        return self.query_one(f"#{field_id}", Input).value.strip()

    @property
    def separate(self) -> bool:
        return self.query_one("#cas-separate", Checkbox).value

    @property
    def matching(self) -> CasMatching:
        return CasMatching(str(self.query_one("#cas-matching", Select).value))

    def _show_rows(self) -> None:
        separate = self.separate
        self.query_one("#cas-server-row").set_class(separate, "-hidden")
        self.query_one("#cas-login-row").set_class(not separate, "-hidden")
        self.query_one("#cas-validate-row").set_class(not separate, "-hidden")
        needs_attribute = self.matching is not CasMatching.DOUBLE_AUTH
        self.query_one("#cas-attribute-row").set_class(not needs_attribute, "-hidden")

    def _url_fields(self) -> tuple[tuple[str, str], ...]:
        return URL_FIELDS[1:] if self.separate else URL_FIELDS[:1]

    def problems(self, *, final: bool = False) -> list[tuple[str, str]]:
        """(field id, the reason in words) of everything refused; ``final``: also what is
        missing (while typing, an empty field is not yet a fault)."""
        found: list[tuple[str, str]] = []
        if final and not self._value("cas-name"):
            found.append(("cas-name", self.t("pub.cas.problem.name")))
        for field_id, label_key in self._url_fields():
            value = self._value(field_id)
            if not value and not final:
                continue
            reason = url_reason(value) if value else "cas_url.missing"
            if reason is not None:
                found.append(
                    (
                        field_id,
                        self.t(
                            "pub.cas.problem.field", field=self.t(label_key), reason=self.t(reason)
                        ),
                    )
                )
        if (
            final
            and self.matching is not CasMatching.DOUBLE_AUTH
            and not self._value("cas-attribute")
        ):
            found.append(("cas-attribute", self.t("cas_matching.attribute_missing")))
        return found

    def refresh_feedback(self, *, final: bool = False) -> list[tuple[str, str]]:
        found = self.problems(final=final)
        faulty = {field_id for field_id, _ in found}
        for field_id in ("cas-name", "cas-server", "cas-login", "cas-validate", "cas-attribute"):
            self.query_one(f"#{field_id}", Input).set_class(field_id in faulty, "-at-fault")
        self.query_one("#cas-problems", Static).update(
            "\n".join(f"• {reason}" for _, reason in found)
        )
        return found

    @on(Select.Changed, "#cas-ent")
    def _ent_chosen(self, event: Select.Changed) -> None:
        ent = self.ents.get(str(event.value))
        if ent is None:
            return
        self.query_one("#cas-name", Input).value = ent.name
        self.query_one("#cas-server", Input).value = ent.server_url
        self.query_one("#cas-separate", Checkbox).value = False

    @on(Select.Changed, "#cas-matching")
    @on(Checkbox.Changed, "#cas-separate")
    def _layout_changed(self) -> None:
        self._show_rows()
        self.refresh_feedback()

    @on(Input.Changed)
    def _typed(self) -> None:
        self.refresh_feedback()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_validate()

    @on(Button.Pressed, "#cas-ok")
    def _ok(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_validate()

    def action_validate(self) -> None:
        found = self.refresh_feedback(final=True)
        if found:
            self.query_one(f"#{found[0][0]}", Input).focus()
            return
        separate = self.separate
        server = None if separate else self._value("cas-server")
        ent = self.ents.get(str(self.query_one("#cas-ent", Select).value))
        matching = self.matching
        try:
            cas = CasDelegation(
                name=self._value("cas-name"),
                ent_id=ent.id if ent is not None and server == ent.server_url else None,
                server_url=server,
                separate_links=separate,
                login_url=self._value("cas-login") if separate else None,
                validate_url=self._value("cas-validate") if separate else None,
                matching=matching,
                attribute=(
                    self._value("cas-attribute")
                    if matching is not CasMatching.DOUBLE_AUTH
                    else None
                ),
            )
        except ValidationError as exc:  # the contract's last word (checked above already)
            self.query_one("#cas-problems", Static).update(
                "\n".join(f"• {self._reason(dict(error))}" for error in exc.errors())
            )
            return
        self.dismiss(cas)

    def _reason(self, error: dict[str, object]) -> str:
        """A pydantic error's words: the catalogue key a validator raised, else its text."""
        ctx = error.get("ctx")
        key = str(ctx.get("error", "")) if isinstance(ctx, dict) else ""
        return self.t(key) if key in CATALOGUE else str(error.get("msg", ""))


# --- the matrix -------------------------------------------------------------------------------

PROTOCOLS: tuple[DelegationProtocol, ...] = tuple(DelegationProtocol)
CHOSEN = "●"
POSSIBLE = "○"
UNAVAILABLE = "×"
LABEL_WIDTH = 21
CELL_PADDING = 2


def _cells_of(names: list[str]) -> int:
    return sum(cell_len(name) + CELL_PADDING for name in names)


class MatrixGrid(Localized, Widget, can_focus=True):
    """The grid: the cursor's cell is bracketed (``[●]``) and in reverse video."""

    DEFAULT_CSS = """
    MatrixGrid { height: auto; width: auto; max-width: 100%; }
    """

    BINDINGS = [
        Binding("up", "move(-1, 0)", show=False),
        Binding("down", "move(1, 0)", show=False),
        Binding("left", "move(0, -1)", show=False),
        Binding("right", "move(0, 1)", show=False),
        Binding("space", "choose", "pub.matrix.ok", show=False),
        Binding("enter", "choose", "pub.matrix.ok", show=False),
    ]

    class Refused(Message):
        """A protocol that cannot be chosen here: ``reason`` says why."""

        def __init__(self, reason: str) -> None:
            super().__init__()
            self.reason = reason

    class Chosen(Message):
        def __init__(self, kind: EspaceKind, protocol: DelegationProtocol) -> None:
            super().__init__()
            self.kind = kind
            self.protocol = protocol

    def __init__(
        self,
        choices: dict[EspaceKind, DelegationProtocol],
        *,
        has_cas: bool,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.choices = {kind: choices.get(kind, DelegationProtocol.NONE) for kind in DELEGABLE}
        self.has_cas = has_cas
        self.row = 0
        self.column = PROTOCOLS.index(self.choices[DELEGABLE[0]])

    def _headings(self) -> list[str]:
        """The protocols' names, or their short forms where the whole ones do not fit."""
        names = [self.t(f"delegation.{p.value}") for p in PROTOCOLS]
        if self.size.width and LABEL_WIDTH + _cells_of(names) > self.size.width:
            names = [self.t(f"pub.matrix.short.{p.value}") for p in PROTOCOLS]
        return names

    def render(self) -> Text:
        headings = self._headings()
        widths = [cell_len(name) + CELL_PADDING for name in headings]
        text = Text(no_wrap=True, overflow="ellipsis")
        header = self.t("pub.matrix.mode")[:LABEL_WIDTH].ljust(LABEL_WIDTH)
        text.append(header, Style(bold=True))
        for name, width in zip(headings, widths, strict=True):
            text.append(name.center(width), Style(bold=True))
        for index, kind in enumerate(DELEGABLE):
            text.append("\n")
            label = self.t(f"espace.{kind.value}")
            text.append(label[:LABEL_WIDTH].ljust(LABEL_WIDTH))
            for column, (protocol, width) in enumerate(zip(PROTOCOLS, widths, strict=True)):
                if protocol not in AVAILABLE_PROTOCOLS:
                    glyph = UNAVAILABLE
                elif self.choices[kind] is protocol:
                    glyph = CHOSEN
                else:
                    glyph = POSSIBLE
                at_cursor = index == self.row and column == self.column
                cell = f"[{glyph}]" if at_cursor else f" {glyph} "
                style = Style(reverse=True) if at_cursor and self.has_focus else Style()
                left = (width - 3) // 2
                text.append(" " * left)
                text.append(cell, style)
                text.append(" " * (width - 3 - left))
        return text

    def get_content_width(self, container: Size, viewport: Size) -> int:
        names = [self.t(f"delegation.{p.value}") for p in PROTOCOLS]
        return LABEL_WIDTH + _cells_of(names)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(DELEGABLE) + 1

    def on_resize(self) -> None:
        self.refresh()

    def action_move(self, rows: int, columns: int) -> None:
        self.row = max(0, min(len(DELEGABLE) - 1, self.row + rows))
        self.column = max(0, min(len(PROTOCOLS) - 1, self.column + columns))
        self.refresh()

    def action_choose(self) -> None:
        kind = DELEGABLE[self.row]
        protocol = PROTOCOLS[self.column]
        name = self.t(f"delegation.{protocol.value}")
        if protocol not in AVAILABLE_PROTOCOLS:
            self.post_message(self.Refused(self.t("pub.matrix.unavailable", protocol=name)))
            return
        if protocol is DelegationProtocol.CAS and not self.has_cas:
            self.post_message(self.Refused(self.t("pub.matrix.cas_missing")))
            return
        self.choices[kind] = protocol
        self.refresh()
        self.post_message(self.Chosen(kind, protocol))

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()


class MatrixDialog(ConsoleDialog[dict[EspaceKind, DelegationProtocol] | None]):
    """Ctrl+S (or "Valider") gives the whole matrix; Escape cancels."""

    BINDINGS = [Binding("ctrl+s", "validate", "pub.matrix.ok")]

    DEFAULT_CSS = """
    MatrixDialog #matrix-reason { height: auto; }
    """

    def __init__(self, choices: dict[EspaceKind, DelegationProtocol], *, has_cas: bool) -> None:
        super().__init__()
        self.initial = dict(choices)
        self.has_cas = has_cas

    def compose(self) -> ComposeResult:
        with DialogBox(id="matrix-dialog", classes="dialog dialog-form"):
            yield Static(self.t("pub.matrix.title"), classes="dialog-title", markup=False)
            yield Static(self.t("pub.matrix.legend"), classes="hint", markup=False)
            yield MatrixGrid(self.initial, has_cas=self.has_cas, id="matrix-grid")
            yield Static("", id="matrix-reason", markup=False)
            yield Static(self.t("pub.matrix.keys"), classes="dialog-hint", markup=False)
            yield from self.ok_cancel_buttons(
                "matrix-ok", "pub.matrix.ok", "matrix-cancel", "pub.matrix.cancel"
            )

    @property
    def grid(self) -> MatrixGrid:
        return self.query_one("#matrix-grid", MatrixGrid)

    def on_mount(self) -> None:
        self.grid.focus()

    def _reason(self, text: str, *, error: bool) -> None:
        line = self.query_one("#matrix-reason", Static)
        line.update(text)
        line.set_class(error, "field-error")

    def on_matrix_grid_refused(self, event: MatrixGrid.Refused) -> None:
        event.stop()
        self._reason(event.reason, error=True)

    def on_matrix_grid_chosen(self, event: MatrixGrid.Chosen) -> None:
        event.stop()
        espace = self.t(f"espace.{event.kind.value}")
        protocol = self.t(f"delegation.{event.protocol.value}")
        self._reason(self.t("pub.matrix.chosen", espace=espace, protocol=protocol), error=False)

    @on(Button.Pressed, "#matrix-ok")
    def _ok(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_validate()

    def action_validate(self) -> None:
        self.dismiss(dict(self.grid.choices))
