"""The superadministrator dialog of the first "Mettre en service" of a base.

Identifier, password typed twice (masked), a strength meter and the reasons for a refusal,
recomputed at each key with :mod:`pronote_api.passwords`: the rules the service applies again
before accepting. Dismisses with a :class:`~pronote_api.school.SuperadminDefinition` (the
password as a ``SecretStr``) or ``None`` when cancelled.
"""

from __future__ import annotations

from pydantic import SecretStr
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Button, Input, Static

from pronote_api.catalogue import Lang, tr
from pronote_api.passwords import MAX_LENGTH, STRONG_SCORE, password_problems, password_strength
from pronote_api.school import SuperadminDefinition
from pronote_tui.widgets.console_input import ConsoleInput
from pronote_tui.widgets.dialog import ConsoleDialog, DialogBox
from pronote_tui.widgets.masked_input import MaskedInput

IDENTIFIER_MAX = 64
METER_FILLED = "■"
METER_EMPTY = "□"


def strength_meter(score: int, lang: Lang) -> str:
    """``■■■□□ Moyen``: the marks tell the strength without colour (16 colours, NO_COLOR)."""
    bar = METER_FILLED * (score + 1) + METER_EMPTY * (STRONG_SCORE - score)
    return tr("superadmin.strength", lang, bar=bar, label=tr(f"password.strength.{score}", lang))


class SuperadminDialog(ConsoleDialog[SuperadminDefinition | None]):
    """Ctrl+S (or "Valider") defines the account when nothing refuses it; Escape cancels."""

    BINDINGS = [
        Binding("ctrl+s", "validate", "superadmin.validate"),
    ]

    def __init__(self, *, base_name: str | None = None) -> None:
        super().__init__()
        self.base_name = base_name
        # The last assessment, so that typing the confirmation does not run zxcvbn again.
        self._assessed: tuple[tuple[str, str], list[str], int] | None = None

    def compose(self) -> ComposeResult:
        with DialogBox(id="superadmin-dialog", classes="dialog dialog-form"):
            yield Static(self.t("superadmin.title"), classes="dialog-title", markup=False)
            intro = self.t("superadmin.intro")
            if self.base_name:
                intro = self.t("superadmin.for_base", name=self.base_name) + " " + intro
            yield Static(intro, classes="dialog-body", markup=False)
            for field_id, label, password in (
                ("superadmin-identifier", "superadmin.identifier", False),
                ("superadmin-password", "superadmin.password", True),
                ("superadmin-confirm", "superadmin.confirm", True),
            ):
                with Horizontal(classes="form-row"):
                    yield Static(self.t(label), classes="form-label")
                    kind = MaskedInput if password else ConsoleInput  # Ctrl+R shows a password
                    yield kind(
                        max_length=IDENTIFIER_MAX if not password else MAX_LENGTH + 1,
                        compact=True,
                        id=field_id,
                    )
            yield Static("", id="superadmin-meter", classes="form-section", markup=False)
            yield Static("", id="superadmin-problems", classes="field-error", markup=False)
            yield from self.ok_cancel_buttons(
                "superadmin-ok", "superadmin.validate", "superadmin-cancel", "superadmin.cancel"
            )

    def on_mount(self) -> None:
        self.refresh_feedback()
        self.query_one("#superadmin-identifier", Input).focus()

    def _value(self, field_id: str) -> str:
        return self.query_one(f"#{field_id}", Input).value

    def _assess(self, identifier: str, password: str) -> tuple[list[str], int]:
        if self._assessed is None or self._assessed[0] != (identifier, password):
            problems = password_problems(identifier, password)
            score = password_strength(password, identifier) if password else 0
            self._assessed = ((identifier, password), problems, score)
        return self._assessed[1], self._assessed[2]

    def problems(self, *, final: bool = False) -> list[str]:
        """Catalogue keys of every reason to refuse; ``final``: also an empty confirmation."""
        identifier = self._value("superadmin-identifier").strip()
        password = self._value("superadmin-password")
        confirm = self._value("superadmin-confirm")
        keys: list[str] = []
        if not identifier:
            keys.append("superadmin.problem.identifier")
        keys.extend(self._assess(identifier, password)[0])
        if (confirm or final) and confirm != password:
            keys.append("superadmin.problem.mismatch")
        return keys

    def refresh_feedback(self, *, final: bool = False) -> list[str]:
        identifier = self._value("superadmin-identifier").strip()
        password = self._value("superadmin-password")
        score = self._assess(identifier, password)[1]
        meter = self.query_one("#superadmin-meter", Static)
        meter.update(strength_meter(score, self.lang))
        meter.set_class(score == STRONG_SCORE, "-info")
        problems = self.problems(final=final)
        self.query_one("#superadmin-problems", Static).update(
            "\n".join(f"• {self.t(key)}" for key in problems)
        )
        return problems

    @on(Input.Changed)
    def _changed(self) -> None:
        self.refresh_feedback()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        order = ["superadmin-identifier", "superadmin-password", "superadmin-confirm"]
        index = order.index(event.input.id or order[-1])
        if index < len(order) - 1:
            self.query_one(f"#{order[index + 1]}", Input).focus()
        else:
            self.action_validate()

    @on(Button.Pressed, "#superadmin-ok")
    def _ok(self) -> None:
        self.action_validate()

    def action_validate(self) -> None:
        problems = self.refresh_feedback(final=True)
        if problems:
            first = problems[0]
            target = (
                "superadmin-identifier"
                if first == "superadmin.problem.identifier"
                else "superadmin-confirm"
                if first == "superadmin.problem.mismatch"
                else "superadmin-password"
            )
            self.query_one(f"#{target}", Input).focus()
            return
        self.dismiss(
            SuperadminDefinition(
                identifier=self._value("superadmin-identifier").strip(),
                password=SecretStr(self._value("superadmin-password")),
            )
        )
