"""The panels after login, keyboard only, against the real service: navigation, the palette,
Mon compte (contact details, notifications, credentials), the history, the assistance."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

from console_support import (
    SIZE,
    AsyncAppFactory,
    focused_id,
    make_client,
    make_settings,
    outbox_messages,
    plain,
    screen_text,
    settle,
    shown,
    type_text,
)
from textual.widgets import ContentSwitcher, DataTable, Input, OptionList, TabbedContent, Tabs

from pronote_api.catalogue import tr
from pronote_api.models import NotificationChannel, NotificationEvent, Outcome
from pronote_tui.app import ANSI_THEME, FULL_THEME, PronoteApp, choose_theme
from pronote_tui.client import ApiFailure
from pronote_tui.screens.login import LoginScreen
from pronote_tui.screens.main import PANEL_KEYS, MainScreen
from pronote_tui.widgets.confirm import ConfirmDialog
from pronote_tui.widgets.history_view import HistoryView


def current_panel(app: PronoteApp) -> str | None:
    return app.screen.query_one("#panels", ContentSwitcher).current


async def test_every_panel_is_reached_with_its_key_and_from_the_navigation(
    service: Any, logged_in_app: AsyncAppFactory
) -> None:
    app = await logged_in_app(service.create_account())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert current_panel(app) == "accueil"
        for panel_id, key in PANEL_KEYS.items():
            await pilot.press(key)
            await settle(pilot)
            assert current_panel(app) == panel_id
            title = tr(f"nav.{panel_id}", "fr")
            assert title in screen_text(app).split("\n")[1]
        # The navigation list: arrows move, the panel follows; Enter goes into the panel.
        await pilot.press("escape")
        assert focused_id(pilot) == "nav"
        await pilot.press("home")
        assert current_panel(app) == "compte"
        await pilot.press("down", "down")
        assert current_panel(app) == "serveur"
        await pilot.press("enter")
        assert focused_id(pilot) != "nav"
        assert app.focused is not None and current_panel(app) == "serveur"
        # Tab and Shift+Tab walk the focus, Escape comes back to the navigation.
        await pilot.press("escape")
        await pilot.press("tab")
        assert focused_id(pilot) != "nav"
        await pilot.press("shift+tab")
        assert focused_id(pilot) == "nav"


async def test_the_command_palette_lists_every_action_and_runs_them(
    service: Any, logged_in_app: AsyncAppFactory
) -> None:
    app = await logged_in_app(service.create_account())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await type_text(pilot, "archives")
        await settle(pilot)
        text = screen_text(app)
        assert "Aller à : Mes archives" in text
        await pilot.press("enter")
        await settle(pilot)
        assert current_panel(app) == "archives"

        labels = [command.label for command in app.screen.palette_commands()]  # type: ignore[attr-defined]
        for panel_id in PANEL_KEYS:
            assert tr("cmd.goto", "fr", panel=tr(f"nav.{panel_id}", "fr")) in labels
        assert tr("password.resend", "fr") in labels

        await pilot.press("ctrl+p")
        await settle(pilot)
        await type_text(pilot, "langue")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.lang == "en"
        assert "Home" in screen_text(app)


async def test_contact_details_a_bad_phone_is_refused_then_a_good_one_is_saved(
    service: Any, logged_in_app: AsyncAppFactory
) -> None:
    app = await logged_in_app(service.create_account())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("0", "enter")
        # Enter in the navigation goes into the panel: its tabs have the focus.
        assert isinstance(app.focused, Tabs)
        await pilot.press("right")
        tabs = app.screen.query_one("#account-tabs", TabbedContent)
        assert tabs.active == "tab-contact"
        original = await app.client.contact()

        phone = app.screen.query_one("#contact-phone", Input)
        phone.focus()
        phone.value = ""
        await type_text(pilot, "12 34")
        await pilot.press("ctrl+s")
        await settle(pilot)
        reason = tr("validation.phone", "fr")
        assert shown(app, "#contact-phone-error") == tr("error.invalid_phone", "fr", reason=reason)
        assert shown(app, "#contact-result") == tr("contact.not_saved", "fr")
        assert not isinstance(app.screen, ConfirmDialog)
        assert await app.client.contact() == original

        phone.value = ""
        await type_text(pilot, "06 98 76 54 32")
        assert shown(app, "#contact-phone-error") == ""
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        assert "+33698765432" in screen_text(app)
        await pilot.press("y")
        await settle(pilot)
        assert shown(app, "#contact-result") == tr("contact.saved", "fr")
        saved = await app.client.contact()
        assert saved.phone == "+33698765432"
        assert saved.name == original.name and saved.email == original.email


async def test_notification_channel_is_chosen_with_a_key_and_saved(
    service: Any, logged_in_app: AsyncAppFactory
) -> None:
    app = await logged_in_app(service.create_account())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("0")
        app.screen.query_one("#account-tabs", TabbedContent).active = "tab-notifications"
        table = app.screen.query_one("#notif-table", DataTable)
        table.focus()
        await settle(pilot)
        first = next(iter(NotificationEvent))
        await pilot.press("home", "s")
        await settle(pilot)
        prefs = await app.client.notifications()
        assert prefs.channels[first] == NotificationChannel.SMS
        await pilot.press("n")
        await settle(pilot)
        prefs = await app.client.notifications()
        assert prefs.channels[first] == NotificationChannel.NONE
        assert shown(app, "#notif-result") == tr("notif.saved", "fr")


async def test_receiving_new_credentials_asks_first_and_then_the_old_password_stops_working(
    service: Any, logged_in_app: AsyncAppFactory, tmp_path: Path
) -> None:
    account = service.create_account()
    number = plain(account.hosting_number)
    app = await logged_in_app(account)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("0")
        app.screen.query_one("#account-tabs", TabbedContent).active = "tab-password"
        await settle(pilot)
        before = outbox_messages(service, number)
        app.screen.query_one("#password-resend").focus()
        await pilot.press("enter")
        assert isinstance(app.screen, ConfirmDialog)
        assert "cessera de fonctionner" in screen_text(app)
        await pilot.press("n")
        await settle(pilot)
        assert outbox_messages(service, number) == before
        assert shown(app, "#password-result") == tr("password.cancelled", "fr")

        await pilot.press("enter")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await settle(pilot)
        assert shown(app, "#password-result") == tr("password.sent", "fr")
        assert len(outbox_messages(service, number)) >= len(before) + 2
        # The session stays valid.
        assert (await app.client.account()).hosting_number == number

    other = make_client(service, make_settings(tmp_path / "other"), pinned=True)
    try:
        await other.info()
        try:
            await other.enrol(number, plain(account.password), plain(account.invoice_number), True)
        except ApiFailure as refused:
            assert refused.code.value == "invalid_credentials"
        else:
            raise AssertionError("the old password still works")
    finally:
        await other.aclose()


async def test_history_is_newest_first_and_filtered_by_outcome_with_a_key(
    service: Any, logged_in_app: AsyncAppFactory
) -> None:
    account = service.create_account()
    app = await logged_in_app(account)
    # A refused login makes a failure in this account's history.
    with contextlib.suppress(ApiFailure):
        await app.client.login(plain(account.hosting_number), "Mauvais-passe14")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        view = app.screen.query_one(HistoryView)
        view.action_refresh_history()
        await settle(pilot)
        assert view.page is not None
        entries = view.page.entries
        assert entries and [e.id for e in entries] == sorted((e.id for e in entries), reverse=True)
        outcomes = {e.outcome for e in entries}
        assert outcomes == {Outcome.SUCCESS, Outcome.FAILURE}

        app.screen.query_one("#history-table", DataTable).focus()
        await pilot.press("r")
        await settle(pilot)
        assert view.page.entries and {e.outcome for e in view.page.entries} == {Outcome.SUCCESS}
        # Every keyed action is in the palette too, where the focus is.
        await pilot.press("ctrl+p")
        await settle(pilot)
        await type_text(pilot, tr("history.key.outcome", "fr"))
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert view.page.entries and {e.outcome for e in view.page.entries} == {Outcome.FAILURE}
        text = screen_text(app)
        assert tr("history.outcome.failure", "fr") in text
        await pilot.press("a", "down", "enter")
        await settle(pilot)
        assert view.action_filter is not None
        assert all(e.action == view.action_filter for e in view.page.entries)


async def test_assistance_finds_sheets_by_words_and_shows_them(
    service: Any, logged_in_app: AsyncAppFactory
) -> None:
    app = await logged_in_app(service.create_account())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("6")
        assert focused_id(pilot) == "assistance-search"
        await type_text(pilot, "facture certificat")
        await settle(pilot)
        listing = app.screen.query_one("#assistance-list", OptionList)
        assert listing.option_count >= 1
        first = listing.get_option_at_index(0)
        assert first.id == "fiche-1"
        await pilot.press("enter", "enter")
        assert focused_id(pilot) == "assistance-reader"
        assert "Se connecter à la console" in screen_text(app)

        search = app.screen.query_one("#assistance-search", Input)
        search.focus()
        search.value = ""
        await type_text(pilot, "zzzz introuvable")
        await settle(pilot)
        assert listing.option_count == 0
        assert shown(app, "#assistance-count") == tr("assistance.none", "fr")


async def test_the_panels_speak_english_with_lang_en(
    service: Any, logged_in_app: AsyncAppFactory
) -> None:
    app = await logged_in_app(service.create_account(), lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        text = screen_text(app)
        for word in (
            "Home",
            "My account",
            "PRONOTE server",
            "Help",
            "Hosting ",
            "● Stopped",
            "Connected",
        ):
            assert word in text
        assert "Accueil" not in text
        await pilot.press("0")
        await settle(pilot)
        assert "Client reference: " in screen_text(app)


TEXTUAL_ENGLISH = ("Focus Next", "Focus Previous", "Scroll Up", "Page Down", "Copy selected text")


async def test_the_keys_panel_speaks_french_for_textual_s_own_keys_too(
    service: Any, logged_in_app: AsyncAppFactory
) -> None:
    app = await logged_in_app(service.create_account(), lang="fr")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)
        text = screen_text(app)
        # (The panel is narrow: longer descriptions wrap, so single words are looked for.)
        assert "Choisir" in text and "Touches" in text, text
        assert not [word for word in TEXTUAL_ENGLISH if word in text], text
        # Focus moves while the panel is open: the newly focused widget's keys are French too.
        await pilot.press("tab")
        await settle(pilot)
        text = screen_text(app)
        assert not [word for word in TEXTUAL_ENGLISH if word in text], text
        await pilot.press("f1")
        await settle(pilot)
        assert "Choisir" not in screen_text(app)


async def test_f2_turns_the_whole_console_to_english_and_back(
    service: Any, logged_in_app: AsyncAppFactory
) -> None:
    app = await logged_in_app(service.create_account(), lang="fr")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "Quitter" in screen_text(app)
        await pilot.press("f2")
        await settle(pilot)
        # The screens are rebuilt in English: the widgets read the app's language.
        assert app.lang == "en" and app.settings.lang == "en" and app.client.lang == "en"
        text = screen_text(app)
        assert "Quit" in text and "Quitter" not in text, text
        assert tr("status.number", "en", number="").strip() in text.split("\n")[0], text
        # The keys (footer, keys panel) follow.
        footer = text.split("\n")[-1]
        assert tr("binding.keys", "en") in footer, footer
        await pilot.press("f1")
        await settle(pilot)
        assert tr("binding.quit", "en") in screen_text(app)
        await pilot.press("f1", "f2")
        await settle(pilot)
        assert app.lang == "fr" and "Quitter" in screen_text(app)


async def test_a_long_school_name_gives_way_to_the_states_at_80_columns(
    service: Any, logged_in_app: AsyncAppFactory
) -> None:
    name = "Lycée polyvalent régional Jean-Baptiste de La Salle et Sainte-Marie-Madeleine"
    app = await logged_in_app(service.create_account(name=name), lang="fr")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        top = screen_text(app).splitlines()[0]
        assert "Lycée polyvalent" in top and "…" in top
        for word in ("Hébergement ", "● Arrêté", "Connecté"):
            assert word in top


async def test_an_ended_session_sends_the_manager_back_to_the_login_screen(
    service: Any, logged_in_app: AsyncAppFactory
) -> None:
    app = await logged_in_app(service.create_account())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        # Ended outside this screen (here: by the client itself, as after an expiry).
        await app.client.logout()
        await pilot.press("2")
        app.screen.query_one("#history-table", DataTable).focus()
        await pilot.press("f5")
        await settle(pilot)
        assert isinstance(app.screen, LoginScreen)
        assert shown(app, "#login-error") == tr("connection.session_ended", "fr")


async def test_logout_goes_back_to_the_login_screen_and_ends_the_session(
    service: Any, logged_in_app: AsyncAppFactory
) -> None:
    app = await logged_in_app(service.create_account())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert isinstance(app.screen, LoginScreen)
        assert not app.client.logged_in
        assert shown(app, "#login-error") == tr("login.logged_out", "fr")


def test_the_theme_follows_the_terminal_colours() -> None:
    assert choose_theme({"TERM": "linux"}) == ANSI_THEME
    assert choose_theme({"TERM": "xterm"}) == ANSI_THEME
    assert choose_theme({"TERM": "xterm-256color"}) == FULL_THEME
    assert choose_theme({"TERM": "xterm", "COLORTERM": "truecolor"}) == FULL_THEME
    assert choose_theme({"TERM": "xterm-256color", "PRONOTE_TUI_THEME": "ansi-light"}) == (
        "ansi-light"
    )
    assert choose_theme({"TERM": "xterm-256color", "NO_COLOR": "1"}) == ANSI_THEME


async def test_a_16_colour_terminal_with_no_color_still_shows_everything(
    service: Any, console_dir: Path, monkeypatch: Any
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    settings = make_settings(console_dir)
    app = PronoteApp(
        make_client(service, settings, pinned=True), settings, environ={"TERM": "linux"}
    )
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.theme == ANSI_THEME
        assert app.no_color
        text = screen_text(app)
        assert tr("login.title", "fr") in text
        assert tr("enrol.install", "fr") in text
