"""The time-grid dialog of "Créer une base" (Fiche 2): days, sequences, their subdivision.

Everything derived (the day's length, its hours, the time step) and every reason for a refusal
is recomputed as the manager types, with :func:`pronote_api.school.grid_problems`, the very
rules the service applies. "Valider" is refused while a reason remains; the dialog dismisses
with the :class:`~pronote_api.school.TimeGrid` (or ``None`` when cancelled).
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Button, Checkbox, Input, RadioSet, Select, Static

from pronote_api.catalogue import tr
from pronote_api.school import (
    DAY_START_MINUTES,
    SUBDIVISIONS,
    GridProblem,
    TimeGrid,
    format_minutes,
    grid_problems,
)
from pronote_tui.widgets.console_checkbox import ConsoleCheckbox, ConsoleRadioButton
from pronote_tui.widgets.console_input import ConsoleInput
from pronote_tui.widgets.dialog import ConsoleDialog, DialogBox

# The form's widget that a problem's ``field`` points to.
FIELD_WIDGETS = {
    "first_day": "#grid-first-day",
    "working_days": "#grid-day-0",
    "sequences": "#grid-sequences",
    "sequence_minutes": "#grid-minutes",
    "subdivision": "#grid-subdivision",
}


def _int(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        return 0


class TimeGridDialog(ConsoleDialog[TimeGrid | None]):
    """Ctrl+S (or "Valider") validates; Escape cancels. ``grid``: the values to start from."""

    BINDINGS = [
        Binding("ctrl+s", "validate", "timegrid.validate"),
    ]

    # Below 76 columns the seven days and the six subdivisions do not fit on one line: two
    # lines each, in columns (app-level CSS, so that it outweighs the shared form rules).
    CSS = """
    TimeGridDialog.-narrow #grid-days {
        layout: grid;
        grid-size: 4;
        height: 2;
    }
    TimeGridDialog.-narrow #grid-subdivision {
        layout: grid;
        grid-size: 3;
        width: 100%;
        height: 2;
    }
    """

    def __init__(self, grid: TimeGrid | None = None, *, title: str | None = None):
        super().__init__()
        self.initial = grid or TimeGrid()
        self._title = title

    def compose(self) -> ComposeResult:
        grid = self.initial
        with DialogBox(id="grid-dialog", classes="dialog dialog-form"):
            title = self._title or self.t("timegrid.title")
            yield Static(title, classes="dialog-title", markup=False)
            with Horizontal(classes="form-row"):
                yield Static(self.t("timegrid.first_day"), classes="form-label")
                yield Select(
                    [(self.t(f"timegrid.day.{d}"), d) for d in range(7)],
                    value=grid.first_day,
                    allow_blank=False,
                    compact=True,
                    id="grid-first-day",
                )
            yield Static(self.t("timegrid.working_days"), classes="form-label-line")
            with Horizontal(id="grid-days", classes="form-row"):
                for day in range(7):
                    yield ConsoleCheckbox(
                        self.t(f"timegrid.day_short.{day}"),
                        value=day in grid.working_days,
                        id=f"grid-day-{day}",
                        compact=True,
                    )
            yield Static(self.t("timegrid.day_section"), classes="form-section")
            yield from self._number_row("sequences", grid.sequences, "grid-sequences")
            yield from self._number_row("minutes", grid.sequence_minutes, "grid-minutes")
            yield Static("", id="grid-day-length", markup=False)
            yield Static("", id="grid-day-hours", markup=False, classes="hint")
            yield Static(self.t("timegrid.subdivision"), classes="form-section")
            with RadioSet(id="grid-subdivision", compact=True):
                for parts in SUBDIVISIONS:
                    label = (
                        self.t("timegrid.subdivision.none")
                        if parts == 1
                        else self.t("timegrid.subdivision.in", n=parts)
                    )
                    yield ConsoleRadioButton(
                        label, value=parts == grid.subdivision, id=f"grid-sub-{parts}"
                    )
            yield Static("", id="grid-step", markup=False)
            yield Static("", id="grid-courses", markup=False, classes="hint")
            yield Static("", id="grid-problems", classes="field-error", markup=False)
            yield from self.ok_cancel_buttons(
                "grid-ok", "timegrid.validate", "grid-cancel", "timegrid.cancel"
            )

    def _number_row(self, name: str, value: int, field_id: str) -> ComposeResult:
        with Horizontal(classes="form-row"):
            yield Static(self.t(f"timegrid.{name}"), classes="form-label")
            yield ConsoleInput(
                str(value),
                type="integer",
                max_length=3,
                compact=True,
                id=field_id,
                classes="form-number",
            )
            yield Static(self.t(f"timegrid.{name}_unit"), classes="form-unit")

    def on_mount(self) -> None:
        self.refresh_derived()
        self.query_one("#grid-first-day", Select).focus()

    # --- reading the form -------------------------------------------------------------------

    def current_grid(self) -> TimeGrid:
        """The grid as typed so far (possibly one that :func:`grid_problems` refuses)."""
        first = self.query_one("#grid-first-day", Select).value
        pressed = self.query_one("#grid-subdivision", RadioSet).pressed_button
        subdivision = (
            int(pressed.id.removeprefix("grid-sub-")) if pressed is not None and pressed.id else 0
        )
        return TimeGrid(
            first_day=first if isinstance(first, int) else 0,
            working_days=[d for d in range(7) if self.query_one(f"#grid-day-{d}", Checkbox).value],
            sequences=_int(self.query_one("#grid-sequences", Input).value),
            sequence_minutes=_int(self.query_one("#grid-minutes", Input).value),
            subdivision=subdivision,
        )

    def problems(self) -> list[GridProblem]:
        return grid_problems(self.current_grid())

    # --- live feedback ----------------------------------------------------------------------

    def refresh_derived(self) -> None:
        grid = self.current_grid()
        problems = grid_problems(grid)
        faulty = {p.field for p in problems}
        length = self.query_one("#grid-day-length", Static)
        hours = self.query_one("#grid-day-hours", Static)
        step = self.query_one("#grid-step", Static)
        timing_ok = not faulty & {"sequences", "sequence_minutes"}
        if timing_ok:
            length.update(self.t("timegrid.day_length", length=format_minutes(grid.day_minutes)))
            hours.update(
                self.t(
                    "timegrid.day_hours",
                    n=grid.sequences,
                    minutes=grid.sequence_minutes,
                    start=format_minutes(DAY_START_MINUTES),
                    end=format_minutes(grid.day_end_minutes),
                )
            )
        else:
            length.update(self.t("timegrid.day_length", length="—"))
            hours.update("")
        courses = self.query_one("#grid-courses", Static)
        if timing_ok and "subdivision" not in faulty:
            step.update(self.t("timegrid.step", step=format_minutes(grid.step_minutes)))
            examples = ", ".join(format_minutes(grid.step_minutes * n) for n in range(1, 5))
            courses.update(self.t("timegrid.step_courses", examples=examples))
        else:
            step.update(self.t("timegrid.step", step="—"))
            courses.update("")
        self.query_one("#grid-problems", Static).update(
            "\n".join(tr(p.key, self.lang, **p.params) for p in problems)
        )
        for field, selector in FIELD_WIDGETS.items():
            self.query_one(selector).set_class(field in faulty, "-at-fault")
        self.query_one("#grid-ok", Button).disabled = bool(problems)

    @on(Input.Changed)
    @on(Checkbox.Changed)
    @on(RadioSet.Changed)
    @on(Select.Changed)
    def _changed(self) -> None:
        self.refresh_derived()

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_validate()

    @on(Button.Pressed, "#grid-ok")
    def _ok(self) -> None:
        self.action_validate()

    def action_validate(self) -> None:
        problems = self.problems()
        if problems:
            self.refresh_derived()
            self.query_one(FIELD_WIDGETS[problems[0].field]).focus()
            return
        self.dismiss(self.current_grid())
