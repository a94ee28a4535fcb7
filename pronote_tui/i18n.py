"""The manager's language, as every widget and screen of the console reads it.

The app holds the language (``PronoteApp.lang``, a Textual reactive: a widget that must follow a
change can ``self.watch(self.app, "lang", ...)``; the app itself rebuilds its screens in the new
language). Widgets never take the language as an argument: :class:`Localized` reads it from
their app when they render.

Imports only the catalogue: every layer of the console may import it.
"""

from __future__ import annotations

from pronote_api.catalogue import Lang, tr

DEFAULT_LANG: Lang = "fr"


class Localized:
    """``self.lang`` (the app's) and ``self.t(key, **params)`` for a widget or a screen.

    An app without a ``lang`` (a bare test host) speaks French, as the console does by default.
    """

    @property
    def lang(self) -> Lang:
        lang: Lang = getattr(self.app, "lang", DEFAULT_LANG)  # type: ignore[attr-defined]
        return lang

    def t(self, key: str, /, **params: object) -> str:
        """The catalogue text for ``key`` in the manager's language."""
        return tr(key, self.lang, **params)
