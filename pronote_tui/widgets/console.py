"""Typed access to the console from a widget: its app, its client, its language.

Below the screens and the app: the app's type is named for type checkers only.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, TypeVar, cast

from pronote_tui.i18n import Localized

if TYPE_CHECKING:
    from pronote_tui.app import PronoteApp
    from pronote_tui.client import ConsoleClient, ConsoleError


T = TypeVar("T")


class Unanswered:
    """What :meth:`ConsoleWidgetMixin.ask` gives when the service did not answer the call: the
    failure has been said (or the session ended, which the console handles)."""


UNANSWERED = Unanswered()


class ConsoleWidgetMixin(Localized):
    """``self.console`` (the app, typed), ``self.client``, ``self.lang`` and ``self.t``."""

    @property
    def console(self) -> PronoteApp:
        return cast("PronoteApp", self.app)  # type: ignore[attr-defined]

    @property
    def client(self) -> ConsoleClient:
        return self.console.client

    async def ask(
        self, call: Awaitable[T], failed: Callable[[ConsoleError], object]
    ) -> T | Unanswered:
        """The service's answer to ``call``; on a refusal or a lost link, ``failed(error)`` says
        it and :data:`UNANSWERED` comes back; an ended session goes to the login screen."""
        # The client's failures are imported on first use (they bring pydantic), after the
        # login screen's first frame.
        from pronote_tui.client import ConsoleError, SessionExpired

        try:
            return await call
        except SessionExpired:
            self.console.session_ended()
        except ConsoleError as exc:
            failed(exc)
        return UNANSWERED


class PolledWhileShown(ConsoleWidgetMixin):
    """A view fetched when it comes into view, then every ``interval`` seconds while it stays
    on screen and the service answers (the client probes on its own meanwhile).

    Textual sends ``Show`` only after a full layout of the screen: a tab or a panel brought in
    by a partial one gets none, and the view would wait for its next tick. So every layout of
    the screen is watched as well: the view fetches as soon as it is on screen again."""

    interval: float
    _on_screen = False

    def on_mount(self) -> None:
        self.set_interval(self.interval, self._tick)  # type: ignore[attr-defined]
        screen = self.screen  # type: ignore[attr-defined]
        screen.screen_layout_refresh_signal.subscribe(self, self._laid_out)

    def on_show(self) -> None:
        if not self._on_screen:
            self._on_screen = True
            self.fetch()

    def on_hide(self) -> None:
        self._on_screen = False

    def _laid_out(self, _screen: object) -> None:
        shown = bool(self.is_on_screen)  # type: ignore[attr-defined]
        if shown and not self._on_screen:
            self.fetch()
        self._on_screen = shown

    def _tick(self) -> None:
        from pronote_tui.client import ConnectionState

        if self.is_on_screen and self.client.state == ConnectionState.CONNECTED:  # type: ignore[attr-defined]
            self.fetch()

    def fetch(self) -> None:
        """Start fetching (a worker)."""
        raise NotImplementedError
