"""Opening the console, shared by ``pronote-tui`` (:mod:`pronote_tui.cli`) and its demo
(:mod:`pronote_tui.demo`): the start-up failure both show as one sentence, the exit codes, and
running the Textual application.

Below both: it imports neither, and Textual only when the application is run.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from pronote_api.catalogue import tr
from pronote_api.models import SessionInfo
from pronote_tui.config import Settings

if TYPE_CHECKING:
    from pronote_tui.client import ConsoleClient

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


class StartupError(Exception):
    """A start-up failure to show as one sentence (already in the manager's language)."""

    def __init__(self, text: str, code: int = EXIT_FAILURE) -> None:
        super().__init__(text)
        self.text = text
        self.code = code


def run_app(
    client: ConsoleClient,
    settings: Settings,
    session: SessionInfo | None = None,
    *,
    demo: bool = False,
) -> int:
    """Open the Textual application (imported here, not at start-up); ``demo``: on the embedded
    demonstration service, whose data goes when the console quits."""
    try:
        module = importlib.import_module("pronote_tui.app")
    except ModuleNotFoundError as exc:
        if exc.name not in ("pronote_tui.app", "textual"):
            raise
        raise StartupError(tr("cli.app_missing", settings.lang, detail=exc.name)) from None
    app = module.PronoteApp(client, settings, session=session, demo=demo)
    app.run()
    code: object = app.return_code
    return code if isinstance(code, int) else EXIT_OK
