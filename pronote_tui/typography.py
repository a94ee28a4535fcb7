"""French typography on screen: "; ? ! :" and "»" never start a line.

French puts a space before these marks ("Arrêter le serveur ?"), and a wrap at that space would
start the next line with the mark alone. Textual wraps text with Rich's word splitter, which
takes a word to be what lies between spaces, a no-break space included (Python's ``\\s``
matches U+00A0 and U+202F): a no-break space in the catalogue would not hold. Here the
splitter's word takes in the marks that follow it after a space, and "«" the word after it, so
that the wrap falls before "serveur ?" rather than between its two halves.

Installed once, when the console's widgets are imported (:mod:`pronote_tui.widgets`).
"""

from __future__ import annotations

import re

from rich import _wrap

SPACES = " \u00a0\u202f"
CLOSING = ";:?!»"
WORD = re.compile(rf"\s*(?:«[{SPACES}]+)?\S+(?:[{SPACES}]+[{CLOSING}]\S*)*\s*")
"""A word of the wrap: spaces before, the word (with "«" before it and the closing marks after
it, each after its space), spaces after."""


def keep_marks_with_their_word() -> None:
    _wrap.re_word = WORD
