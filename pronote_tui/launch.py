"""Opening the console, shared by ``pronote-tui`` (:mod:`pronote_tui.cli`) and its demo
(:mod:`pronote_tui.demo`): the start-up failure both show as one sentence, the exit codes, and
running the Textual application.

Below both: it imports neither, and Textual only when the application is run.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from pronote_api.catalogue import Lang, tr
from pronote_tui.config import Profile, Settings

if TYPE_CHECKING:
    from pronote_api.models import SessionInfo
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


def make_client(profile: Profile, lang: Lang) -> ConsoleClient:
    """The console's client (imported here: it weighs on start-up, so the app makes it after
    the login screen's first frame)."""
    from pronote_tui.client import ConsoleClient

    return ConsoleClient(profile, lang)


def run_app(
    client: ConsoleClient | Profile,
    settings: Settings,
    session: SessionInfo | None = None,
    *,
    demo: bool = False,
) -> int:
    """Open the Textual application (imported here, not at start-up); ``demo``: on the embedded
    demonstration service, whose data goes when the console quits. Given a profile rather than
    a client, the app makes its client after the first frame (:func:`make_client`)."""
    try:
        module = importlib.import_module("pronote_tui.app")
    except ModuleNotFoundError as exc:
        if exc.name not in ("pronote_tui.app", "textual"):
            raise
        raise StartupError(tr("cli.app_missing", settings.lang, detail=exc.name)) from None
    source = (client, make_client) if isinstance(client, Profile) else client
    app = module.PronoteApp(source, settings, session=session, demo=demo)
    app.run()
    code: object = app.return_code
    return code if isinstance(code, int) else EXIT_OK
