"""Fiche 1 through the keyboard, against the real service: first contact, first login with the
certificate, later logins, refusals, the invoice reminder, a damaged certificate."""

from __future__ import annotations

import stat
from pathlib import Path
from typing import Any

from console_support import (
    SIZE,
    AppFactory,
    focused_id,
    outbox_messages,
    plain,
    screen_text,
    settle,
    shown,
    tab_to,
    type_text,
)
from textual.pilot import Pilot
from textual.widgets import Checkbox, Input

from pronote_api.catalogue import sentence, tr
from pronote_tui.certificates import format_fingerprint
from pronote_tui.screens.login import LoginScreen
from pronote_tui.screens.main import MainScreen
from pronote_tui.widgets.confirm import ConfirmDialog
from pronote_tui.widgets.message_dialog import MessageDialog

WRONG_PASSWORD = "Mauvais-passe14"


async def type_first_login(pilot: Pilot[Any], number: str, password: str, invoice: str) -> None:
    """The hosting number, Enter, the password, Enter (on to the invoice number), the invoice."""
    await type_text(pilot, number)
    await pilot.press("enter")
    await type_text(pilot, password)
    await pilot.press("enter")
    await type_text(pilot, invoice)


async def test_first_login_installs_the_certificate_then_later_logins_need_only_the_password(
    service: Any, login_app: AppFactory, console_dir: Path
) -> None:
    account = service.create_account()
    number, password = plain(account.hosting_number), plain(account.password)

    app = login_app(pinned=False)
    async with app.run_test(size=SIZE) as pilot:
        # First contact: the service's authority is shown to be compared, then pinned. (Not
        # settle(): the first-contact worker waits for the manager's answer.)
        expected = format_fingerprint(service.ca_fingerprint)[:47]

        def shown_flat() -> str:
            return screen_text(app).replace("\n", "").replace("│", "").replace(" ", "")

        # Wait for the dialog to be painted, not only pushed: the fingerprint is what is read.
        for _ in range(100):
            if isinstance(app.screen, ConfirmDialog) and expected in shown_flat():
                break
            await pilot.pause(0.05)
        assert isinstance(app.screen, ConfirmDialog)
        assert expected in shown_flat()
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, LoginScreen)
        assert app.client.profile.ca_pinned

        assert focused_id(pilot) == "login-number"
        await type_text(pilot, number)
        await pilot.press("enter")
        await type_text(pilot, password)
        # No certificate on this workstation: the first-login step is shown.
        assert app.screen.query_one("#enrol-step").display
        await pilot.press("tab")
        assert focused_id(pilot) == "login-remember"
        await pilot.press("space")
        await tab_to(pilot, "enrol-invoice")
        await type_text(pilot, plain(account.invoice_number))
        await tab_to(pilot, "enrol-licence")
        await pilot.press("space")
        assert app.screen.query_one("#enrol-licence", Checkbox).value
        await tab_to(pilot, "enrol-install")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen), screen_text(app)
        assert number in screen_text(app)
        await pilot.press("ctrl+q")

    profile_dir = app.client.profile.directory
    for name in ("client.key", "client.crt"):
        assert stat.S_IMODE((profile_dir / name).stat().st_mode) == 0o600

    # Later: same workstation, new run. No invoice asked, the number is remembered.
    again = login_app(pinned=False)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(again.screen, LoginScreen)
        assert not again.screen.query_one("#enrol-step").display
        assert again.screen.query_one("#login-number", Input).value == number
        # "Se souvenir" was ticked; with no keyring the private file kept it: it is offered.
        field = again.screen.query_one("#login-password", Input)
        assert field.value == password
        field.value = ""
        assert focused_id(pilot) == "login-password"
        await type_text(pilot, password)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(again.screen, MainScreen)


async def test_wrong_password_is_refused_with_the_catalogue_message_and_the_field_emptied(
    service: Any, login_app: AppFactory, logged_in_app: Any
) -> None:
    account = service.create_account()
    # Enrol this workstation first (through the real service), then come back to the login.
    enrolled = await logged_in_app(account)
    await enrolled.client.logout()
    await enrolled.client.aclose()

    app = login_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert focused_id(pilot) == "login-password"
        app.screen.query_one("#login-password", Input).value = ""
        await type_text(pilot, WRONG_PASSWORD)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, LoginScreen)
        assert shown(app, "#login-error") == tr("error.invalid_credentials", "fr")
        assert app.screen.query_one("#login-password", Input).value == ""
        assert WRONG_PASSWORD not in screen_text(app)


async def test_an_unknown_number_gets_the_same_message_as_a_wrong_password(
    service: Any, login_app: AppFactory
) -> None:
    app = login_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_first_login(pilot, "999999999999", WRONG_PASSWORD, "1234567890")
        await tab_to(pilot, "enrol-licence")
        await pilot.press("space")
        await tab_to(pilot, "enrol-install")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, LoginScreen)
        assert shown(app, "#enrol-error") == tr("error.invalid_credentials", "fr")
        assert app.screen.query_one("#login-password", Input).value == ""
        # The invoice number was not what the service refused: it stays.
        assert app.screen.query_one("#enrol-invoice", Input).value == "1234567890"
        assert focused_id(pilot) == "login-password"


async def test_the_invoice_reminder_goes_to_the_manager_and_is_never_shown(
    service: Any, login_app: AppFactory
) -> None:
    account = service.create_account()
    number = plain(account.hosting_number)
    before = outbox_messages(service, number)
    app = login_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_text(pilot, number)
        await tab_to(pilot, "enrol-reminder")
        await pilot.press("enter")
        await settle(pilot)
        assert shown(app, "#enrol-error") == tr("enrol.reminder_sent", "fr")
        assert plain(account.invoice_number) not in screen_text(app)
    after = outbox_messages(service, number)
    new = [path for path in after if path not in before]
    assert len(new) == 1
    assert plain(account.invoice_number) in new[0].read_text(encoding="utf-8")


async def test_the_licence_must_be_accepted_before_anything_is_sent(
    service: Any, login_app: AppFactory
) -> None:
    account = service.create_account()
    app = login_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_first_login(
            pilot,
            plain(account.hosting_number),
            plain(account.password),
            plain(account.invoice_number),
        )
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, LoginScreen)
        assert shown(app, "#enrol-error") == tr("error.licence_not_accepted", "fr")
        assert not app.client.has_certificate()
        # The agreement can be read from the keyboard (F4), and closed with Escape.
        await pilot.press("f4")
        assert isinstance(app.screen, MessageDialog)
        await pilot.press("escape")
        assert isinstance(app.screen, LoginScreen)


async def test_a_damaged_certificate_is_reported_and_a_new_one_offered(
    service: Any, login_app: AppFactory, logged_in_app: Any
) -> None:
    account = service.create_account()
    enrolled = await logged_in_app(account)
    await enrolled.client.logout()
    await enrolled.client.aclose()
    enrolled.client.profile.cert_path.write_text("not a certificate\n", encoding="utf-8")

    app = login_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.screen.query_one("#enrol-step").display
        assert shown(app, "#enrol-reason") == tr("certificate.corrupt", "fr")
        await type_text(pilot, plain(account.password))
        await pilot.press("enter")
        await type_text(pilot, plain(account.invoice_number))
        await tab_to(pilot, "enrol-licence")
        await pilot.press("space")
        await tab_to(pilot, "enrol-install")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)


async def test_the_where_to_find_dialog_explains_each_secret(login_app: AppFactory) -> None:
    app = login_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        assert isinstance(app.screen, MessageDialog)
        text = screen_text(app)
        assert "SMS" in text and "e-mail" in text
        await pilot.press("escape")
        assert isinstance(app.screen, LoginScreen)


async def test_the_login_screen_speaks_english_with_lang_en(login_app: AppFactory) -> None:
    app = login_app("en")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "Access to your hosting console" in text
        assert "Hosting number" in text
        assert "Install the certificate" in text
        assert "Numéro" not in text


async def test_a_wrong_password_keeps_the_invoice_ctrl_r_shows_it_and_enter_installs(
    service: Any, login_app: AppFactory
) -> None:
    account = service.create_account()
    invoice_number = plain(account.invoice_number)
    app = login_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_text(pilot, plain(account.hosting_number))
        await pilot.press("enter")
        await type_text(pilot, WRONG_PASSWORD)
        # The first-login step is not filled in: Enter goes on to what is missing.
        await pilot.press("enter")
        assert focused_id(pilot) == "enrol-invoice"
        await type_text(pilot, invoice_number)
        await tab_to(pilot, "enrol-licence")
        await pilot.press("space")
        await tab_to(pilot, "login-password")
        await pilot.press("enter")  # complete: Enter in the password installs
        await settle(pilot)
        assert isinstance(app.screen, LoginScreen)
        assert shown(app, "#enrol-error") == tr("error.invalid_credentials", "fr")
        password = app.screen.query_one("#login-password", Input)
        invoice = app.screen.query_one("#enrol-invoice", Input)
        assert password.value == "" and focused_id(pilot) == "login-password"
        assert invoice.value == invoice_number
        assert app.screen.query_one("#enrol-licence", Checkbox).value

        # Masked, the invoice number is not on screen; Ctrl+R (in the footer) shows it.
        assert invoice_number not in screen_text(app)
        await tab_to(pilot, "enrol-invoice")
        assert tr("input.key.reveal", "fr") in screen_text(app)
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert invoice_number in screen_text(app)
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert invoice_number not in screen_text(app)

        await tab_to(pilot, "login-password")
        await type_text(pilot, plain(account.password))
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen), screen_text(app)


async def test_a_wrong_invoice_number_empties_only_it_and_messages_start_with_a_capital(
    service: Any, login_app: AppFactory
) -> None:
    account = service.create_account()
    app = login_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_first_login(pilot, plain(account.hosting_number), plain(account.password), "123")
        await tab_to(pilot, "enrol-licence")
        await pilot.press("space")
        await tab_to(pilot, "enrol-install")
        await pilot.press("enter")
        await settle(pilot)
        message = shown(app, "#enrol-error")
        assert message == sentence(tr("validation.invoice_number", "fr"))
        assert message.startswith("Le numéro de facture")
        assert focused_id(pilot) == "enrol-invoice"

        invoice = app.screen.query_one("#enrol-invoice", Input)
        invoice.value = ""
        await type_text(pilot, "9999999999")
        await pilot.press("enter")
        await settle(pilot)
        assert shown(app, "#enrol-error") == tr("error.invalid_invoice_number", "fr")
        assert invoice.value == "" and focused_id(pilot) == "enrol-invoice"
        assert app.screen.query_one("#login-password", Input).value == plain(account.password)

        number = app.screen.query_one("#login-number", Input)
        number.value = "12"
        await tab_to(pilot, "enrol-install")
        await pilot.press("enter")
        await settle(pilot)
        assert shown(app, "#enrol-error") == sentence(tr("validation.hosting_number", "fr"))
        assert shown(app, "#enrol-error")[0].isupper()
