"""Fiche 1: "Accès à votre console d'hébergement".

The hosting number and the password on the left; on the right, when this workstation has no
usable certificate, the first-login step (last invoice number, the licence agreement, "Installer
le certificat"), which then logs in. On a first contact with a service whose authority is not
pinned yet, a dialog shows its fingerprint to compare before anything is sent.

Secrets stay in the inputs and in :class:`~pydantic.SecretStr`: never in a notification, a
message or a log. After a refusal only the field the service found wrong is emptied (the
password, or the invoice number); what was right stays. Ctrl+R shows a masked field's value.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, Checkbox, Input, Static

from pronote_api.catalogue import sentence
from pronote_api.errors import ErrorCode
from pronote_api.validation import InvalidValue, check_hosting_number, check_invoice_number
from pronote_tui.certificates import format_fingerprint
from pronote_tui.commands import PaletteCommand
from pronote_tui.formatting import format_date
from pronote_tui.widgets.bindings import TranslatedBindings
from pronote_tui.widgets.confirm import ConfirmDialog
from pronote_tui.widgets.console import ConsoleWidgetMixin
from pronote_tui.widgets.console_checkbox import ConsoleCheckbox
from pronote_tui.widgets.console_input import ConsoleInput
from pronote_tui.widgets.footer import ConsoleFooter
from pronote_tui.widgets.masked_input import MaskedInput
from pronote_tui.widgets.workers import run_exclusive

if TYPE_CHECKING:
    from pydantic import SecretStr

    from pronote_tui.client import ApiFailure, ConsoleError
    from pronote_tui.credentials import CredentialStore


class LoginScreen(TranslatedBindings, ConsoleWidgetMixin, Screen[None]):
    """Enter in a field goes on to the next one, then logs in (or installs the certificate)."""

    BINDINGS = [
        Binding("f3", "where", "login.key.where"),
        Binding("f4", "licence", "login.key.licence", show=False),
    ]

    def __init__(self, message: str | None = None) -> None:
        super().__init__()
        self._initial_message = message
        self.enrol_needed = False
        self.busy = False
        self._store: CredentialStore | None = None

    @property
    def store(self) -> CredentialStore:
        if self._store is None:
            self._store = self.console.settings.credential_store()
        return self._store

    # --- layout -----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        # What is known without the client is set here, so that the first frame is the screen
        # as the manager will use it. The kept password and the certificate's state need the
        # client (pydantic, the TLS code): they are read right after the first frame
        # (:meth:`_after_first_frame`), which changes only the password field's cells, or shows
        # the first-login step on a workstation that has no certificate yet.
        number = self.console.profile.last_hosting_number or ""
        # Per instance: the field to type in first depends on what this workstation knows.
        self.AUTO_FOCUS = "#login-password" if number else "#login-number"  # type: ignore[misc]
        yield Static(self.t("login.title"), id="login-title")
        with Horizontal(id="login-body"):
            with Vertical(id="login-form", classes="login-column"):
                yield Static(self.t("login.intro"), classes="hint")
                number_input = ConsoleInput(
                    number,
                    id="login-number",
                    restrict=r"[0-9 ]*",
                    max_length=16,
                    placeholder=self.t("login.number_placeholder"),
                )
                number_input.border_title = self.t("login.hosting_number")
                yield number_input
                password = MaskedInput(id="login-password", max_length=64)
                password.border_title = self.t("login.password")
                yield password
                yield ConsoleCheckbox(
                    self.t("login.remember"),
                    False,
                    id="login-remember",
                )
                yield Static("", id="login-kept", classes="hint", markup=False)
                with Horizontal(classes="buttons"):
                    submit = Button(
                        self.t("login.submit"), id="login-submit", variant="primary", compact=True
                    )
                    submit.display = not self.enrol_needed
                    yield submit
                    yield Button(self.t("login.where"), id="login-where", compact=True)
                message = Static(self._initial_message or "", id="login-error", markup=False)
                message.set_class(bool(self._initial_message), "-info")
                yield message
            enrol_step = Vertical(id="enrol-step", classes="login-column")
            enrol_step.display = self.enrol_needed
            with enrol_step:
                yield Static(self.t("enrol.title"), classes="section-title")
                yield Static("", id="enrol-reason", classes="hint", markup=False)
                invoice = MaskedInput(id="enrol-invoice", restrict=r"[0-9 ]*", max_length=16)
                invoice.border_title = self.t("enrol.invoice")
                yield invoice
                yield Button(self.t("enrol.reminder"), id="enrol-reminder", compact=True)
                yield Static(self.t("enrol.reminder_note"), classes="hint")
                yield ConsoleCheckbox(self.t("enrol.licence"), id="enrol-licence")
                yield Button(self.t("enrol.read_licence"), id="enrol-read-licence", compact=True)
                yield Button(
                    self.t("enrol.install"), id="enrol-install", variant="primary", compact=True
                )
                yield Static("", id="enrol-error", markup=False)
        yield ConsoleFooter()

    def on_mount(self) -> None:
        self.call_after_refresh(self._after_first_frame)

    def _after_first_frame(self) -> None:
        # Where the password is kept: asking the system's keyring imports it (a fraction of a
        # second), so it is asked once the screen is drawn.
        self.query_one("#login-remember", Checkbox).disabled = self.store.backend_name == "ask"
        self.query_one("#login-kept", Static).update(self.store.describe(self.lang))
        number = self.console.profile.last_hosting_number or ""
        self._update_enrol_step(number or None)
        if number and not self.query_one("#login-password", Input).value:
            self._fill_remembered(number)
        if not self.console.profile.ca_pinned:
            run_exclusive(self, self._first_contact, "login")

    def palette_commands(self) -> list[PaletteCommand]:
        return [
            PaletteCommand(self.t("login.where"), self.t("cmd.where.help"), self.action_where),
            PaletteCommand(
                self.t("enrol.read_licence"), self.t("cmd.licence.help"), self.action_licence
            ),
            PaletteCommand(
                self.t("enrol.reminder"), self.t("enrol.reminder_note"), self._reminder_pressed
            ),
        ]

    # --- helpers ----------------------------------------------------------------------------

    def _error(self, selector: str, text: str, *, info: bool = False) -> None:
        widget = self.query_one(selector, Static)
        widget.update(text)
        widget.set_class(bool(text) and not info, "-error")
        widget.set_class(bool(text) and info, "-info")

    def _clear_errors(self) -> None:
        self._error("#login-error", "")
        self._error("#enrol-error", "")

    def _fill_remembered(self, number: str) -> None:
        kept = self.store.get(number)
        remember = self.query_one("#login-remember", Checkbox)
        if kept is not None:
            self.query_one("#login-password", Input).value = kept.get_secret_value()
            remember.value = True

    def _update_enrol_step(self, number: str | None) -> None:
        problem = self.client.certificate_problem(number or None)
        self.enrol_needed = problem is not None
        self.query_one("#enrol-step").display = self.enrol_needed
        self.query_one("#login-submit").display = not self.enrol_needed
        if problem is not None:
            self.query_one("#enrol-reason", Static).update(problem.message(self.lang))

    def _number(self, error_selector: str) -> str | None:
        raw = self.query_one("#login-number", Input).value
        try:
            return check_hosting_number(raw)
        except InvalidValue as exc:
            self._error(error_selector, sentence(self.t(exc.reason)))
            self.query_one("#login-number", Input).focus()
            return None

    def _password(self, error_selector: str) -> SecretStr | None:
        value = self.query_one("#login-password", Input).value
        if not value:
            self._error(error_selector, self.t("login.password_required"))
            self.query_one("#login-password", Input).focus()
            return None
        from pydantic import SecretStr

        return SecretStr(value)

    def _refused(self, selector: str, exc: ConsoleError) -> None:
        """Show a failure; the field the service found wrong is emptied and takes the focus,
        the others keep what was typed (a wrong password leaves the invoice number as it was)."""
        from pronote_tui.client import ApiFailure

        self._error(selector, exc.message(self.lang))
        if not isinstance(exc, ApiFailure):
            return
        if exc.code is ErrorCode.INVALID_INVOICE_NUMBER:
            invoice = self.query_one("#enrol-invoice", Input)
            invoice.value = ""
            invoice.focus()
            return
        if exc.code is ErrorCode.INVALID_CREDENTIALS:
            self.query_one("#login-password", Input).value = ""
        if exc.certificate_problem:
            self._show_enrol_for(exc)
        else:
            self.query_one("#login-password", Input).focus()

    def _show_enrol_for(self, exc: ApiFailure) -> None:
        self.enrol_needed = True
        self.query_one("#enrol-step").display = True
        self.query_one("#login-submit").display = False
        self.query_one("#enrol-reason", Static).update(exc.message(self.lang))

    # --- events -----------------------------------------------------------------------------

    @on(Input.Changed, "#login-number")
    def _number_changed(self, event: Input.Changed) -> None:
        try:
            number = check_hosting_number(event.value)
        except InvalidValue:
            return
        self._update_enrol_step(number)
        if not self.query_one("#login-password", Input).value:
            self._fill_remembered(number)

    @on(Input.Submitted, "#login-number")
    def _number_submitted(self) -> None:
        self.query_one("#login-password", Input).focus()

    @on(Input.Submitted, "#login-password")
    def _password_submitted(self) -> None:
        """Enter logs in, or installs the certificate when the first-login step is filled in
        (invoice number and the licence accepted); else it goes on to what is missing."""
        if not self.enrol_needed:
            self._start(self._login)
            return
        invoice = self.query_one("#enrol-invoice", Input)
        licence = self.query_one("#enrol-licence", Checkbox)
        if not invoice.value:
            invoice.focus()
        elif not licence.value:
            licence.focus()
        else:
            self._start(self._install)

    @on(Input.Submitted, "#enrol-invoice")
    @on(Button.Pressed, "#enrol-install")
    def _install_pressed(self) -> None:
        self._start(self._install)

    @on(Button.Pressed, "#login-submit")
    def _submit_pressed(self) -> None:
        self._start(self._login)

    @on(Button.Pressed, "#login-where")
    def _where_pressed(self) -> None:
        self.action_where()

    @on(Button.Pressed, "#enrol-read-licence")
    def _licence_pressed(self) -> None:
        self.action_licence()

    @on(Button.Pressed, "#enrol-reminder")
    def _reminder_pressed(self) -> None:
        self._start(self._reminder)

    def action_where(self) -> None:
        # Imported here: the Markdown machinery is not needed to show the login screen.
        from pronote_tui.widgets.message_dialog import MessageDialog

        self.app.push_screen(MessageDialog(self.t("where.title"), self.t("where.text")))

    def action_licence(self) -> None:
        from pronote_tui.widgets.message_dialog import MessageDialog

        self.app.push_screen(MessageDialog(self.t("licence.title"), self.t("licence.text")))

    def _start(self, work: Callable[[], Coroutine[Any, Any, None]]) -> None:
        # One request at a time: a second Enter while the first login runs is ignored.
        if self.busy:
            return
        run_exclusive(self, work, "login")

    # --- the work ---------------------------------------------------------------------------

    async def _first_contact(self) -> bool:
        """Fetch the service's authority, have the manager compare its fingerprint, pin it."""
        from pronote_tui.client import ConsoleClient, ConsoleError, FirstContactFailed

        client = self.client
        url = client.profile.server_url
        try:
            pem, shown = await ConsoleClient.fetch_ca_unverified(url)
        except ConsoleError as exc:
            self._error("#login-error", exc.message(self.lang))
            return False
        body = self.t("firstcontact.dialog_body", url=url, fingerprint=format_fingerprint(shown))
        accepted = await self.app.push_screen_wait(
            ConfirmDialog(
                self.t("firstcontact.dialog_title"),
                body,
                yes_label=self.t("firstcontact.accept"),
                no_label=self.t("firstcontact.refuse"),
            )
        )
        if not accepted:
            self._error("#login-error", self.t("firstcontact.refused"))
            return False
        try:
            client.pin_ca(pem)
            await client.info()
        except (ConsoleError, FirstContactFailed) as exc:
            self._error("#login-error", exc.message(self.lang))
            return False
        self._error("#login-error", self.t("firstcontact.pinned", url=url), info=True)
        return True

    async def _ready(self, error_selector: str) -> bool:
        """The authority pinned and the API address known, asking the service if needed."""
        from pronote_tui.client import ConsoleError

        if not self.client.profile.ca_pinned and not await self._first_contact():
            return False
        if self.client.profile.api_url is None:
            try:
                await self.client.info()
            except ConsoleError as exc:
                self._error(error_selector, exc.message(self.lang))
                return False
        return True

    async def _login(self) -> None:
        from pronote_tui.client import ConsoleError

        self._clear_errors()
        number = self._number("#login-error")
        password = self._password("#login-error") if number else None
        if number is None or password is None:
            return
        self._update_enrol_step(number)
        if self.enrol_needed:
            self.query_one("#enrol-invoice", Input).focus()
            return
        self.busy = True
        try:
            if not await self._ready("#login-error"):
                return
            self._error("#login-error", self.t("login.connecting"), info=True)
            session = await self.client.login(number, password)
        except ConsoleError as exc:
            self._refused("#login-error", exc)
            return
        finally:
            self.busy = False
        self._keep_password(number, password)
        self.console.logged_in(session)

    async def _install(self) -> None:
        from pydantic import SecretStr

        from pronote_tui.client import ConsoleError

        self._clear_errors()
        number = self._number("#enrol-error")
        password = self._password("#enrol-error") if number else None
        if number is None or password is None:
            return
        invoice_input = self.query_one("#enrol-invoice", Input)
        try:
            invoice = check_invoice_number(invoice_input.value)
        except InvalidValue as exc:
            self._error("#enrol-error", sentence(self.t(exc.reason)))
            invoice_input.focus()
            return
        if not self.query_one("#enrol-licence", Checkbox).value:
            self._error("#enrol-error", self.t("error.licence_not_accepted"))
            self.query_one("#enrol-licence", Checkbox).focus()
            return
        self.busy = True
        try:
            if not await self._ready("#enrol-error"):
                return
            self._error("#enrol-error", self.t("enrol.installing"), info=True)
            installed = await self.client.enrol(number, password, SecretStr(invoice), True)
            invoice_input.value = ""
            self.notify(
                self.t(
                    "certificate.installed", date=format_date(installed.not_after.date(), self.lang)
                )
            )
            session = await self.client.login(number, password)
        except ConsoleError as exc:
            self._refused("#enrol-error", exc)
            return
        finally:
            self.busy = False
        self._keep_password(number, password)
        self.console.logged_in(session)

    async def _reminder(self) -> None:
        from pronote_tui.client import ConsoleError

        self._clear_errors()
        number = self._number("#enrol-error")
        if number is None:
            return
        try:
            if not await self._ready("#enrol-error"):
                return
            await self.client.request_invoice_reminder(number)
        except ConsoleError as exc:
            self._error("#enrol-error", exc.message(self.lang))
            return
        self._error("#enrol-error", self.t("enrol.reminder_sent"), info=True)

    def _keep_password(self, number: str, password: SecretStr) -> None:
        if self.query_one("#login-remember", Checkbox).value:
            self.store.remember(number, password)
        else:
            self.store.forget(number)
