"""Typed access to the console from a widget: its app, its client, its language.

Below the screens and the app: the app's type is named for type checkers only.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, TypeVar, cast

from pronote_tui.client import ConnectionState, ConsoleError, SessionExpired
from pronote_tui.i18n import Localized

if TYPE_CHECKING:
    from pronote_tui.app import PronoteApp
    from pronote_tui.client import ConsoleClient


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
        try:
            return await call
        except SessionExpired:
            self.console.session_ended()
        except ConsoleError as exc:
            failed(exc)
        return UNANSWERED


class PolledWhileShown(ConsoleWidgetMixin):
    """A view fetched when it comes into view, then every ``interval`` seconds while it stays
    on screen and the service answers (the client probes on its own meanwhile)."""

    interval: float

    def on_mount(self) -> None:
        self.set_interval(self.interval, self._tick)  # type: ignore[attr-defined]

    def on_show(self) -> None:
        self.fetch()

    def _tick(self) -> None:
        if self.is_on_screen and self.client.state == ConnectionState.CONNECTED:  # type: ignore[attr-defined]
            self.fetch()

    def fetch(self) -> None:
        """Start fetching (a worker)."""
        raise NotImplementedError
