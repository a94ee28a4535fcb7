"""Mon compte > Changement de version (Fiche 12): the choice of how the yearly version change
happens, with the cycle's dates from ``GET /v1/calendar``, saved with ``PUT``.

The options: at release; deferred to a date, with a new empty base or with the base in service;
the pre-release from early July. The date is checked here first (readable, after the release for
a deferral, between early July and the day before the release for the pre-release); the service
checks the rest (the last date allowed) and its refusal is shown under the date, in the
manager's language. Ctrl+S (or Valider) saves.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import partial

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Input, RadioButton, RadioSet, Static

from pronote_api.catalogue import Lang
from pronote_api.snapshots import VersionChangeChoice, VersionChangeOption, VersionChangePlan
from pronote_tui.client import ApiFailure, ConsoleError
from pronote_tui.formatting import format_date, parse_en_day
from pronote_tui.widgets.console import ConsoleWidgetMixin, Unanswered
from pronote_tui.widgets.console_checkbox import ConsoleRadioButton
from pronote_tui.widgets.console_input import ConsoleInput
from pronote_tui.widgets.workers import run_exclusive

OPTIONS: tuple[VersionChangeOption, ...] = (
    VersionChangeOption.AT_RELEASE,
    VersionChangeOption.DEFERRED_NEW_BASE,
    VersionChangeOption.DEFERRED_KEEP_BASE,
    VersionChangeOption.PRE_RELEASE,
)
DEFERRED = (VersionChangeOption.DEFERRED_NEW_BASE, VersionChangeOption.DEFERRED_KEEP_BASE)


class DateProblem(ValueError):
    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


def parse_date(text: str) -> date:
    """``31/08/2027`` (French), ``31 Aug 2027`` (English) or ``2027-08-31`` (ISO), whatever the
    language."""
    text = text.strip()
    day = parse_en_day(text)
    if day is not None:
        return day
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise DateProblem("vchange.bad_date")


def check_choice(
    option: VersionChangeOption, text: str, plan: VersionChangePlan, lang: Lang
) -> VersionChangeChoice:
    """The choice to send, or :class:`DateProblem` (its catalogue key and params)."""
    fmt = lang
    if option is VersionChangeOption.AT_RELEASE:
        return VersionChangeChoice(option=option)
    if not text.strip():
        if option in DEFERRED:
            raise DateProblem("vchange.date_needed")
        return VersionChangeChoice(option=option)
    try:
        day = parse_date(text)
    except DateProblem:
        raise DateProblem("vchange.bad_date", example=format_date(plan.release_on, fmt)) from None
    if option in DEFERRED:
        first = plan.release_on + timedelta(days=1)
        if day < first:
            raise DateProblem("vchange.after_release", first=format_date(first, fmt))
    else:
        last = plan.release_on - timedelta(days=1)
        if not plan.pre_release_from <= day <= last:
            raise DateProblem(
                "vchange.pre_range",
                first=format_date(plan.pre_release_from, fmt),
                last=format_date(last, fmt),
            )
    return VersionChangeChoice(option=option, deferred_to=day)


class VersionChangeForm(ConsoleWidgetMixin, VerticalScroll):
    BINDINGS = [Binding("ctrl+s", "save", "vchange.key.save")]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.plan: VersionChangePlan | None = None

    def compose(self) -> ComposeResult:
        yield Static(self.t("vchange.title"), classes="form-section", markup=False)
        with RadioSet(id="vchange-options"):
            for option in OPTIONS:
                yield ConsoleRadioButton(
                    self.t(f"vchange.opt.{option.value}", date="…"), id=f"vchange-{option.value}"
                )
        with Horizontal(classes="form-row"):
            yield Static(self.t("vchange.date"), classes="form-label-short")
            yield ConsoleInput("", compact=True, id="vchange-date", max_length=10)
        yield Static(self.t("vchange.date_hint"), id="vchange-date-hint", classes="hint")
        yield Static("", id="vchange-error", classes="field-error", markup=False)
        yield Static("", id="vchange-note", classes="body-text", markup=False)
        with Horizontal(classes="buttons"):
            yield Button(self.t("vchange.save"), id="vchange-save", variant="primary", compact=True)
        yield Static("", id="vchange-result", markup=False)
        yield Static("", id="vchange-events", classes="body-text", markup=False)

    # --- data -----------------------------------------------------------------------------------

    def show_plan(self, plan: VersionChangePlan) -> None:
        self.plan = plan
        fmt = self.lang
        dates = {
            VersionChangeOption.AT_RELEASE: plan.release_on,
            VersionChangeOption.PRE_RELEASE: plan.pre_release_from,
        }
        for option in OPTIONS:
            button = self.query_one(f"#vchange-{option.value}", RadioButton)
            shown = dates.get(option, plan.release_on)
            button.label = self.t(f"vchange.opt.{option.value}", date=format_date(shown, fmt))
            if option is plan.choice.option:
                button.value = True  # the set lets the others go
        day = plan.choice.deferred_to
        self.query_one("#vchange-date", Input).value = format_date(day, fmt) if day else ""
        self._error("")
        self._note()
        lines = [self.t("vchange.events")]
        for event in plan.events:
            done = f" ({self.t('vchange.done')})" if event.done else ""
            label = self.t(f"calendar.event.{event.key}")
            lines.append(f"  {format_date(event.on, fmt)}  {label}{done}")
        self.query_one("#vchange-events", Static).update("\n".join(lines))

    @property
    def option(self) -> VersionChangeOption:
        # Read from the buttons: the set learns of a value given by code only a message later.
        for option in OPTIONS:
            if self.query_one(f"#vchange-{option.value}", RadioButton).value:
                return option
        return VersionChangeOption.AT_RELEASE

    def _note(self) -> None:
        if self.plan is None:
            return
        option = self.option
        day = self.plan.pre_release_from if option is VersionChangeOption.PRE_RELEASE else None
        text = self.t(
            f"vchange.note.{option.value}", date=format_date(day or self.plan.release_on, self.lang)
        )
        self.query_one("#vchange-note", Static).update(text)
        field = self.query_one("#vchange-date", Input)
        field.disabled = option is VersionChangeOption.AT_RELEASE
        hint = "vchange.no_date" if field.disabled else "vchange.date_hint"
        self.query_one("#vchange-date-hint", Static).update(self.t(hint))

    @on(RadioSet.Changed, "#vchange-options")
    def _changed(self, event: RadioSet.Changed) -> None:
        event.stop()
        self._error("")
        self._note()

    def _error(self, text: str) -> None:
        self.query_one("#vchange-error", Static).update(text)
        self.query_one("#vchange-date", Input).set_class(bool(text), "-invalid")

    def _result(self, text: str, *, error: bool = False) -> None:
        result = self.query_one("#vchange-result", Static)
        result.update(text)
        result.set_class(error, "-error")

    def _refused(self, exc: ConsoleError) -> None:
        if isinstance(exc, ApiFailure) and exc.field == "deferred_to":
            self._error(exc.message(self.lang))
        self._result(exc.message(self.lang), error=True)

    # --- save -----------------------------------------------------------------------------------

    @on(Input.Submitted, "#vchange-date")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    @on(Button.Pressed, "#vchange-save")
    def _save_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        if self.plan is None:
            return
        text = self.query_one("#vchange-date", Input).value
        try:
            choice = check_choice(self.option, text, self.plan, self.lang)
        except DateProblem as exc:
            self._error(self.t(exc.key, **exc.params))
            self._result(self.t("contact.not_saved"), error=True)
            self.query_one("#vchange-date", Input).focus()
            return
        if choice == self.plan.choice:
            self._error("")
            self._result(self.t("vchange.unchanged"))
            return
        run_exclusive(self, partial(self._save, choice), "vchange-save")

    async def _save(self, choice: VersionChangeChoice) -> None:
        plan = await self.ask(self.client.set_calendar(choice), self._refused)
        if isinstance(plan, Unanswered):
            return
        self.show_plan(plan)
        self._result(self.t("vchange.saved"))
        self.notify(self.t("vchange.saved"))
