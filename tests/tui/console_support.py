"""Helpers of the console's screen tests: apps on the real service, screen text, waiting.

Every app here talks to the real service of the shared ``service`` fixture (tests/conftest.py)
through a real :class:`ConsoleClient`: no fake client.
"""

from __future__ import annotations

import asyncio
import io
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from pydantic import SecretStr
from rich.console import Console
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Static
from textual.worker import WorkerCancelled

from pronote_api.catalogue import Lang
from pronote_api.models import SessionInfo
from pronote_tui.app import PronoteApp
from pronote_tui.client import ConsoleClient
from pronote_tui.config import Paths, Profile, Settings
from pronote_tui.flows.base import FLOW_GROUP, waiting_for_manager

AppFactory = Callable[..., PronoteApp]
AsyncAppFactory = Callable[..., Awaitable[PronoteApp]]

SIZE = (80, 24)
# A terminal announcing 256 colours gets the full theme (the ANSI theme has its own tests).
TERM_256 = {"TERM": "xterm-256color"}
# Polling is for real use; tests ask for what they check, and snapshots must not move.
TEST_POLL_INTERVAL = 600.0
# The longest a flow of the console may work between two dialogs (a job included).
FLOW_WAIT = 120.0


def plain(value: object) -> str:
    return value.get_secret_value() if isinstance(value, SecretStr) else str(value)


def make_settings(config: Path, lang: Lang = "fr", *, remember: bool = True) -> Settings:
    return Settings(
        config_dir=config,
        lang=lang,
        blink=False,
        poll_interval=TEST_POLL_INTERVAL,
        remember_password=remember,
    )


def make_client(service: Any, settings: Settings, *, pinned: bool) -> ConsoleClient:
    """A client of the test service; ``pinned``: first contact already made (CA recorded)."""
    profile = Profile.for_server(Paths.resolve(settings.config_dir), service.enrol_url)
    client = ConsoleClient(profile, settings.lang, workstation="poste-test")
    if pinned and not profile.ca_pinned:
        client.pin_ca(Path(service.ca_pem).read_text(encoding="utf-8"))
    return client


async def enrol_and_login(client: ConsoleClient, account: Any) -> SessionInfo:
    """What the login screen does at a first login, done directly (for tests of the panels)."""
    await client.info()
    number = plain(account.hosting_number)
    await client.enrol(number, plain(account.password), plain(account.invoice_number), True)
    return await client.login(number, plain(account.password))


def logged_in_app_sync(
    service: Any, account: Any, config: Path, lang: Lang = "fr", **app_options: Any
) -> PronoteApp:
    """For snapshot tests (synchronous: the snapshot plugin runs the app's own loop).

    The connections opened here belong to this short loop and are closed before it ends; the
    client opens new ones inside the app's loop and keeps its session.
    """
    settings = make_settings(config, lang)
    client = make_client(service, settings, pinned=True)

    async def login() -> SessionInfo:
        try:
            return await enrol_and_login(client, account)
        finally:
            await client.aclose()

    session = asyncio.run(login())
    app_options.setdefault("environ", TERM_256)
    return PronoteApp(client, settings, session=session, **app_options)


def screen_text(app: App[Any]) -> str:
    """The current screen (dialogs over it included) as plain text, one line per row."""
    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        force_terminal=True,
        color_system=None,
        record=True,
        legacy_windows=False,
        safe_box=False,
    )
    render = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    console.print(render)
    return console.export_text(styles=False)


def shown(app: App[Any], selector: str) -> str:
    """The text of a Static of the current screen (messages wrap on screen: compare whole)."""
    return str(app.screen.query_one(selector, Static).content)


async def wait_workers(pilot: Pilot[Any], workers: Any = None) -> None:
    """Wait for the app's workers (or ``workers``) to end, or to wait for the manager: a flow
    showing a dialog (:mod:`pronote_tui.flows`) goes on when the test answers it. One may be
    cancelled while waited for: a poll replaced by a newer one of its group (exclusive
    workers). That is not a failure: wait again, for what is left."""
    loop = asyncio.get_running_loop()
    end = loop.time() + FLOW_WAIT
    for _ in range(10):
        while True:
            pool = pilot.app.workers if workers is None else workers
            busy = [w for w in pool if not w.is_finished and not waiting_for_manager(w)]
            if not any(w.group == FLOW_GROUP for w in busy):
                break
            # A flow may come to a dialog (and wait there) rather than end: look again soon.
            assert loop.time() < end, "a flow came neither to its end nor to a dialog"
            await asyncio.sleep(0.02)
        if not busy:
            return
        try:
            await pilot.app.workers.wait_for_complete(busy)
        except WorkerCancelled:
            await pilot.pause()
            continue
        return


async def settle(pilot: Pilot[Any]) -> None:
    """Let the requests in flight finish and the screen catch up (twice: what the first
    answers show may start more work, such as a widget fetching its data once shown)."""
    for _ in range(2):
        await pilot.pause()
        await wait_workers(pilot)
    await pilot.pause()


def focused_id(pilot: Pilot[Any]) -> str | None:
    focused = pilot.app.focused
    return focused.id if focused is not None else None


async def type_text(pilot: Pilot[Any], text: str) -> None:
    await pilot.press(*text)


async def tab_to(pilot: Pilot[Any], widget_id: str, limit: int = 12) -> None:
    """Tab until ``widget_id`` has the focus (keyboard only, as a manager would)."""
    for _ in range(limit):
        if focused_id(pilot) == widget_id:
            return
        await pilot.press("tab")
    assert focused_id(pilot) == widget_id


def outbox_messages(service: Any, number: str) -> list[Path]:
    """The service's outbox messages that name this hosting number."""
    return sorted(
        path
        for path in Path(service.outbox).iterdir()
        if path.is_file() and number in path.read_text(encoding="utf-8", errors="replace")
    )
