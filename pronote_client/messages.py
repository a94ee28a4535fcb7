"""What the desktop-client simulator prints: catalogue texts in the terminal's language.

Below both commands (``cli`` and ``swarm``); imports only :mod:`pronote_api.catalogue`.
"""

from __future__ import annotations

from pronote_api.catalogue import Lang, detect_lang, tr

_CHOSEN: list[Lang] = []


def choose_lang(lang: Lang) -> None:
    """The language of everything printed from now on (``--lang``, else the locale)."""
    _CHOSEN[:] = [lang]


def terminal_lang() -> Lang:
    return _CHOSEN[0] if _CHOSEN else detect_lang()


def say(key: str, **params: object) -> None:
    print(tr(key, terminal_lang(), **params), flush=True)
