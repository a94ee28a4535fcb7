"""Mon compte: the account card, the manager's contact details, notifications, the password."""

from __future__ import annotations

from functools import partial

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Input, Static, TabbedContent, TabPane

from pronote_api.models import ManagerContact, NotificationPrefs
from pronote_api.validation import InvalidValue, normalise_email, normalise_phone
from pronote_tui.client import ApiFailure, ConsoleError
from pronote_tui.commands import PaletteCommand
from pronote_tui.formatting import account_lines
from pronote_tui.screens.panel import Panel
from pronote_tui.widgets.confirm import ConfirmDialog
from pronote_tui.widgets.console import Unanswered
from pronote_tui.widgets.console_input import ConsoleInput
from pronote_tui.widgets.field_list import FieldList
from pronote_tui.widgets.notifications_table import NotificationsTable
from pronote_tui.widgets.tab_bar import ConsoleTabbedContent
from pronote_tui.widgets.validators import SharedRule, required_name
from pronote_tui.widgets.version_change import VersionChangeForm
from pronote_tui.widgets.workers import run_exclusive

COMPTE_TABS: tuple[tuple[str, str], ...] = (
    ("tab-card", "account.tab.card"),
    ("tab-contact", "account.tab.contact"),
    ("tab-notifications", "account.tab.notifications"),
    ("tab-password", "account.tab.password"),
    ("tab-version", "account.tab.version"),
)
# Input id -> (service field name, shared rule)
CONTACT_FIELDS = {
    "contact-name": ("name", required_name),
    "contact-email": ("email", normalise_email),
    "contact-phone": ("phone", normalise_phone),
}


class ComptePanel(Panel):
    """Ctrl+S saves the contact details (after a confirmation); the notifications table saves
    each choice as it is made."""

    panel_id = "compte"
    title_key = "nav.compte"

    BINDINGS = [Binding("ctrl+s", "save_contact", "account.key.save")]

    def __init__(self) -> None:
        super().__init__()
        self.contact: ManagerContact | None = None
        self.prefs: NotificationPrefs | None = None

    def compose_body(self) -> ComposeResult:
        with ConsoleTabbedContent(id="account-tabs"):
            with TabPane(self.t("account.tab.card"), id="tab-card"), VerticalScroll():
                yield FieldList(colon=self.t("common.colon"), id="account-card")
            with TabPane(self.t("account.tab.contact"), id="tab-contact"), VerticalScroll():
                yield Static(self.t("contact.intro"), classes="hint", markup=False)
                for input_id, (field, rule) in CONTACT_FIELDS.items():
                    field_input = ConsoleInput(
                        id=input_id,
                        validators=[SharedRule(rule, self.lang)],
                        validate_on=["changed", "submitted"],
                        max_length=254,
                    )
                    field_input.border_title = self.t(f"contact.{field}")
                    yield field_input
                    yield Static("", id=f"{input_id}-error", classes="field-error", markup=False)
                with Horizontal(classes="buttons"):
                    yield Button(self.t("contact.save"), id="contact-save", variant="primary")
                yield Static("", id="contact-result", markup=False)
            with TabPane(self.t("account.tab.notifications"), id="tab-notifications"):
                yield Static(self.t("notif.intro"), classes="hint", markup=False)
                yield NotificationsTable(id="notif-table")
                yield Static("", id="notif-result", markup=False)
            with TabPane(self.t("account.tab.password"), id="tab-password"), VerticalScroll():
                yield Static(self.t("password.explain"), classes="body-text", markup=False)
                with Horizontal(classes="buttons"):
                    yield Button(self.t("password.resend"), id="password-resend")
                yield Static("", id="password-result", markup=False)
            with TabPane(self.t("account.tab.version"), id="tab-version"):
                yield VersionChangeForm(id="version-form")

    async def load(self) -> None:
        card = await self.client.account()
        self.query_one("#account-card", FieldList).set_rows(account_lines(card, self.lang))
        self.contact = await self.client.contact()
        self._fill_contact(self.contact)
        self.prefs = await self.client.notifications()
        self.query_one("#notif-table", NotificationsTable).show_prefs(self.prefs)
        self.query_one("#version-form", VersionChangeForm).show_plan(await self.client.calendar())

    def show_tab(self, tab_id: str) -> None:
        self.query_one("#account-tabs", TabbedContent).active = tab_id

    def palette_commands(self) -> list[PaletteCommand]:
        commands = [
            PaletteCommand(
                self.t("cmd.account_tab", tab=self.t(title_key)),
                self.t("cmd.account_tab.help"),
                partial(self._goto_tab, tab_id),
            )
            for tab_id, title_key in COMPTE_TABS
        ]
        commands.append(
            PaletteCommand(
                self.t("password.resend"), self.t("cmd.resend.help"), self._resend_from_palette
            )
        )
        return commands

    def _goto_tab(self, tab_id: str) -> None:
        self.screen.action_show_panel("compte")  # type: ignore[attr-defined]
        self.show_tab(tab_id)

    def _resend_from_palette(self) -> None:
        self._goto_tab("tab-password")
        self.ask_resend()

    # --- contact ----------------------------------------------------------------------------

    def _fill_contact(self, contact: ManagerContact) -> None:
        values = {
            "contact-name": contact.name,
            "contact-email": contact.email,
            "contact-phone": contact.phone,
        }
        for input_id, value in values.items():
            self.query_one(f"#{input_id}", Input).value = value
            self._field_error(input_id, "")

    def _field_error(self, input_id: str, text: str) -> None:
        self.query_one(f"#{input_id}-error", Static).update(text)

    @on(Input.Changed)
    def _contact_changed(self, event: Input.Changed) -> None:
        if event.input.id in CONTACT_FIELDS and event.validation_result is not None:
            failures = event.validation_result.failure_descriptions
            self._field_error(event.input.id, failures[0] if failures else "")

    @on(Input.Submitted)
    def _contact_submitted(self, event: Input.Submitted) -> None:
        if event.input.id in CONTACT_FIELDS:
            event.stop()
            self.action_save_contact()

    @on(Button.Pressed, "#contact-save")
    def _save_pressed(self) -> None:
        self.action_save_contact()

    def action_save_contact(self) -> None:
        """Check every field here first; only a form that passes is offered for saving."""
        if self.contact is None:
            return
        values: dict[str, str] = {}
        for input_id, (field, rule) in CONTACT_FIELDS.items():
            raw = self.query_one(f"#{input_id}", Input).value
            try:
                values[field] = rule(raw)
            except InvalidValue as exc:
                reason = self.t(exc.reason, **exc.params)
                self._field_error(input_id, self.t(f"error.{exc.code.value}", reason=reason))
                self.query_one(f"#{input_id}", Input).focus()
                self._contact_result(self.t("contact.not_saved"), error=True)
                return
        contact = ManagerContact(**values)
        if contact == self.contact:
            self._contact_result(self.t("contact.unchanged"))
            return
        body = self.t(
            "contact.confirm_body", name=contact.name, email=contact.email, phone=contact.phone
        )
        self.app.push_screen(
            ConfirmDialog(self.t("contact.confirm_title"), body),
            partial(self._confirmed_save, contact),
        )

    def _confirmed_save(self, contact: ManagerContact, confirmed: bool | None) -> None:
        if confirmed:
            run_exclusive(self, partial(self._save, contact), "contact")
        else:
            self._contact_result(self.t("contact.cancelled"))

    async def _save(self, contact: ManagerContact) -> None:
        saved = await self.ask(self.client.update_contact(contact), self._contact_refused)
        if isinstance(saved, Unanswered):
            return
        self.contact = saved
        self._fill_contact(saved)
        self._contact_result(self.t("contact.saved"))
        self.notify(self.t("contact.saved"))

    def _contact_refused(self, exc: ConsoleError) -> None:
        target = {"name": "contact-name", "email": "contact-email", "phone": "contact-phone"}
        if isinstance(exc, ApiFailure) and exc.field in target:
            self._field_error(target[exc.field], exc.message(self.lang))
        self._contact_result(exc.message(self.lang), error=True)

    def _contact_result(self, text: str, *, error: bool = False) -> None:
        result = self.query_one("#contact-result", Static)
        result.update(text)
        result.set_class(error, "-error")

    # --- notifications ----------------------------------------------------------------------

    def on_notifications_table_channel_chosen(
        self, event: NotificationsTable.ChannelChosen
    ) -> None:
        event.stop()
        if self.prefs is None:
            return
        channels = dict(self.prefs.channels)
        if channels.get(event.event) == event.channel:
            return
        channels[event.event] = event.channel
        run_exclusive(
            self, partial(self._save_prefs, NotificationPrefs(channels=channels)), "notif"
        )

    async def _save_prefs(self, prefs: NotificationPrefs) -> None:
        result = self.query_one("#notif-result", Static)
        saved = await self.ask(
            self.client.update_notifications(prefs),
            lambda exc: result.update(exc.message(self.lang)),
        )
        if isinstance(saved, Unanswered):
            return
        self.prefs = saved
        self.query_one("#notif-table", NotificationsTable).show_prefs(saved)
        result.update(self.t("notif.saved"))

    # --- password ---------------------------------------------------------------------------

    @on(Button.Pressed, "#password-resend")
    def _resend_pressed(self) -> None:
        self.ask_resend()

    def ask_resend(self) -> None:
        self.app.push_screen(
            ConfirmDialog(
                self.t("password.confirm_title"),
                self.t("password.confirm_body"),
                yes_label=self.t("password.confirm_yes"),
            ),
            self._confirmed_resend,
        )

    def _confirmed_resend(self, confirmed: bool | None) -> None:
        if confirmed:
            run_exclusive(self, self._resend, "resend")
        else:
            self.query_one("#password-result", Static).update(self.t("password.cancelled"))

    async def _resend(self) -> None:
        result = self.query_one("#password-result", Static)
        sent = await self.ask(
            self.client.resend_credentials(), lambda exc: result.update(exc.message(self.lang))
        )
        if isinstance(sent, Unanswered):
            return
        session = self.console.session
        if session is not None:
            # The kept password no longer works: keeping it would only fail the next login.
            self.console.settings.credential_store().forget(session.hosting_number)
        result.update(self.t("password.sent"))
        self.notify(self.t("password.sent"))
