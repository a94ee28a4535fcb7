"""A bare host for the console's dialogs that need no service (time grid, superadministrator,
file picker): the console's own styles and theme and language, the dialog pushed at start, its
answer kept."""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.screen import ModalScreen

from pronote_api.catalogue import Lang
from pronote_tui.app import FULL_THEME, PronoteApp
from pronote_tui.screens.main import MainScreen

NOTHING = object()


class DialogHost(App[None]):
    CSS_PATH = [*PronoteApp.CSS_PATH, *MainScreen.CSS_PATH]  # the panels' styles too

    def __init__(self, dialog: ModalScreen[Any], lang: Lang = "fr") -> None:
        super().__init__()
        self.dialog = dialog
        self.lang = lang  # what the dialogs read, as they read the console's
        self.result: Any = NOTHING
        self.blink = False
        self.animation_level = "none"

    def on_mount(self) -> None:
        self.theme = FULL_THEME
        self.push_screen(self.dialog, self._answered)

    def _answered(self, result: Any) -> None:
        self.result = result

    @property
    def answered(self) -> bool:
        return self.result is not NOTHING
