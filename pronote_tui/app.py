"""The hosting console: a Textual application, login screen first, then the panels.

The app owns the :class:`~pronote_tui.client.ConsoleClient` and the settings; screens and panels
reach them through it (``self.app``) and never build URLs or read files themselves. Every action
is a binding (footer, keys panel) and a command of the palette (:mod:`pronote_tui.commands`).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import Callable, Mapping
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import App
from textual.binding import Binding
from textual.command import CommandPalette
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Input

from pronote_api.catalogue import Lang, tr
from pronote_tui.commands import ConsoleCommands, PaletteCommand
from pronote_tui.config import Profile, Settings

if TYPE_CHECKING:
    # The client (pydantic's models, httpx, the TLS code) is imported after the login screen's
    # first frame: see PronoteApp.client.
    from pronote_api.models import SessionInfo
    from pronote_tui.client import ConsoleClient

ClientFactory = Callable[[Profile, Lang], "ConsoleClient"]
"""Makes the client for a profile, in the language of the moment."""

STYLES = Path(__file__).parent / "styles"

FULL_THEME = "textual-dark"
ANSI_THEME = "ansi-dark"
THEME_ENV = "PRONOTE_TUI_THEME"
# Logging out is polite, not vital: quitting must not hang on a service that went away.
LOGOUT_TIMEOUT = 5.0


def choose_theme(environ: Mapping[str, str] | None = None) -> str:
    """The theme for this terminal: the 16-colour ANSI one unless it can show more.

    ``PRONOTE_TUI_THEME`` wins (any Textual theme name). ``NO_COLOR`` gets the ANSI theme: its
    colours are the terminal's own, which Textual then drops, leaving the terminal's default
    foreground and background (a converted dark theme would be grey on black). Otherwise a
    terminal that announces true colour or 256 colours gets Textual's default theme, any other
    (``TERM=linux``, ``xterm``, ``screen``, ``vt100``) the ANSI theme.
    """
    env = os.environ if environ is None else environ
    chosen = env.get(THEME_ENV, "").strip()
    if chosen:
        return chosen
    if "NO_COLOR" in env:
        return ANSI_THEME
    if env.get("COLORTERM", "").lower() in ("truecolor", "24bit"):
        return FULL_THEME
    if "256color" in env.get("TERM", ""):
        return FULL_THEME
    return ANSI_THEME


class PronoteApp(App[int]):
    """The console. ``session`` given (the demo): opens on the panels; else on the login screen."""

    TITLE = "PRONOTE"
    # The panels' styles come with the panels (MainScreen.CSS_PATH): the login screen's first
    # frame does not wait for them to be parsed.
    CSS_PATH = [STYLES / "app.tcss", STYLES / "login.tcss"]
    COMMANDS = {ConsoleCommands}

    BINDINGS = [
        Binding("ctrl+q", "quit", "binding.quit", priority=True),
        Binding("f1", "toggle_keys", "binding.keys"),
        Binding("f2", "toggle_lang", "binding.lang", show=False),
        Binding("ctrl+p", "command_palette", "binding.palette", show=False),
    ]

    lang: reactive[Lang] = reactive[Lang]("fr", init=False)
    """The manager's language: every widget reads it (:mod:`pronote_tui.i18n`); F2 changes it."""

    def __init__(
        self,
        client: ConsoleClient | tuple[Profile, ClientFactory],
        settings: Settings,
        *,
        session: SessionInfo | None = None,
        environ: Mapping[str, str] | None = None,
        demo: bool = False,
    ) -> None:
        env = dict(os.environ if environ is None else environ)
        if "NO_COLOR" in os.environ:  # Textual reads it there, whatever ``environ`` says
            env["NO_COLOR"] = os.environ["NO_COLOR"]
        theme = choose_theme(env)
        # Textual picks its NO_COLOR filter in __init__, from whether colours are the
        # terminal's own: say so now for an ANSI theme, the theme itself is set at mount.
        ansi = theme.startswith("ansi")
        super().__init__(ansi_color=True if ansi else None)
        self._client: ConsoleClient | None = None
        self._make_client: ClientFactory | None = None
        if isinstance(client, tuple):
            self.profile, self._make_client = client
        else:
            self._client = client
            self.profile = client.profile
        self.settings = settings
        self.set_reactive(PronoteApp.lang, settings.lang)
        self.session: SessionInfo | None = session
        self.demo = demo
        """On the embedded demonstration service (its data goes when the console quits)."""
        self._theme_name = theme
        chosen = self.get_theme(theme)
        if chosen is not None:
            # Textual builds its stylesheet variables in __init__ from the default theme, and
            # changing the theme later repaints the whole screen once more, right after the
            # first paint. So the theme and its variables are put in place before anything is
            # drawn (what setting ``theme`` would do, minus the deferred repaint).
            self.set_reactive(App.theme, theme)
            self.stylesheet.set_variables(self.get_css_variables())
            self.set_class(chosen.dark, "-dark-mode")
            self.set_class(not chosen.dark, "-light-mode")
        # No animated scrolling or fades: over SSH every frame is bytes on the wire.
        self.animation_level = "none"

    # --- what screens read ------------------------------------------------------------------

    @property
    def client(self) -> ConsoleClient:
        """The connection to the service, made on first use when the app was given a factory
        (``pronote-tui``: the login screen draws first, then asks for it)."""
        if self._client is None:
            assert self._make_client is not None
            self._client = self._make_client(self.profile, self.lang)
        return self._client

    @property
    def blink(self) -> bool:
        return self.settings.blink

    def t(self, key: str, /, **params: object) -> str:
        """The catalogue text for ``key`` in the manager's language."""
        return tr(key, self.lang, **params)

    # --- life cycle -------------------------------------------------------------------------

    def on_mount(self) -> None:
        self.title = self.t("app.title")
        if self.session is not None:
            self.client.resume(self.session)
            self._open_main()
        else:
            self._open_login()

    def _open_login(self, message: str | None = None) -> None:
        from pronote_tui.screens.login import LoginScreen

        self._show_screen(LoginScreen(message=message))

    def _open_main(self) -> None:
        from pronote_tui.screens.main import MainScreen

        assert self.session is not None
        self._show_screen(MainScreen(self.session))

    def _show_screen(self, screen: Screen[None]) -> None:
        """Make ``screen`` the only one above Textual's default screen.

        Called from dialogs and from the command palette too: whatever sits above the current
        screen at that moment goes, so no old screen lingers underneath.
        """
        while len(self.screen_stack) > 2:
            self.pop_screen()
        if len(self.screen_stack) > 1:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def logged_in(self, session: SessionInfo) -> None:
        """Called by the login screen: open the panels."""
        self.session = session
        self._open_main()

    def session_ended(self) -> None:
        """The service ended the session (expired, or logged out elsewhere): back to login."""
        self.session = None
        self._open_login(self.t("connection.session_ended"))

    # --- actions ----------------------------------------------------------------------------

    async def action_quit(self) -> None:
        """Log out (best effort, bounded in time), close the connections, leave."""
        await self._logout()
        if self._client is not None:
            with contextlib.suppress(Exception):
                await self._client.aclose()
        self.exit(0)

    async def action_logout(self) -> None:
        await self._logout()
        self._open_login(self.t("login.logged_out"))

    async def _logout(self) -> None:
        if self.session is None and (self._client is None or not self._client.logged_in):
            return
        self.session = None
        from pronote_tui.client import ConsoleError

        with contextlib.suppress(ConsoleError, TimeoutError):
            await asyncio.wait_for(self.client.logout(), LOGOUT_TIMEOUT)

    def action_toggle_lang(self) -> None:
        """French <-> English (:meth:`watch_lang` does the rest)."""
        self.lang = "en" if self.lang == "fr" else "fr"

    def watch_lang(self, lang: Lang) -> None:
        """Every screen is rebuilt in the new language."""
        self.settings = self.settings.replace(lang=lang)
        if self._client is not None:
            self._client.lang = lang
        self.title = self.t("app.title")
        if self.session is not None:
            self._open_main()
        else:
            self._open_login()

    def action_help_quit(self) -> None:
        """Ctrl+C (Textual's hint, in English): say how to quit, in the manager's language."""
        quits = [
            active.binding
            for active in self.active_bindings.values()
            if active.binding.action in ("quit", "app.quit")
        ]
        if not quits:
            return
        # The key that quits from anywhere (Ctrl+Q) rather than one a field would type (q).
        binding = next((b for b in quits if b.priority), quits[0])
        shown = self.get_key_display(binding)
        text = self.t("quit.hint.demo" if self.demo else "quit.hint", key=shown)
        self.notify(text, title=self.t("quit.hint.title"), markup=False)

    def action_toggle_keys(self) -> None:
        # The screens show the keys in the manager's language (widgets.bindings).
        if self.screen.query("HelpPanel"):
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()

    def palette_commands(self) -> list[PaletteCommand]:
        """The commands available on every screen (:mod:`pronote_tui.commands`)."""
        t = self.t
        commands = [
            PaletteCommand(t("cmd.lang"), t("cmd.lang.help"), self.action_toggle_lang),
            PaletteCommand(t("cmd.keys"), t("cmd.keys.help"), self.action_toggle_keys),
        ]
        if self.session is not None:
            commands.append(
                PaletteCommand(
                    t("cmd.logout"), t("cmd.logout.help"), partial(self.run_action, "logout")
                )
            )
        commands.append(
            PaletteCommand(t("cmd.quit"), t("cmd.quit.help"), partial(self.run_action, "quit"))
        )
        return commands

    def action_command_palette(self) -> None:
        if self.use_command_palette and not isinstance(self.screen, CommandPalette):
            palette = CommandPalette(
                id="--command-palette", placeholder=self.t("palette.placeholder")
            )
            self.push_screen(palette)
            self.call_after_refresh(self._steady_cursor, palette)

    def _steady_cursor(self, screen: Screen[object]) -> None:
        """Textual's own inputs (the palette's) follow the blink setting too."""
        for field in screen.query(Input):
            field.cursor_blink = self.blink
