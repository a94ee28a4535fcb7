"""The commands' argparse in the user's language, wholly.

argparse words its own messages ("usage:", "the following arguments are required: %s", the help
headings) through :func:`gettext.gettext`, looked up at the moment it needs them. While
:func:`argparse_in` is active those lookups answer from the catalogue (``argparse.*`` keys), so
that a French operator never reads "Erreur : the following arguments are required". A message
argparse may add in a later Python and that the catalogue does not know stays as argparse says
it.

:func:`pre_lang` reads ``--lang`` before the parser is built, since the help texts are chosen
when the parser is made.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

from pronote_api.catalogue import LANGS, Lang, detect_lang, tr

ARGPARSE_KEYS: dict[str, str] = {
    "usage: ": "argparse.usage",
    "positional arguments": "argparse.positionals",
    "options": "argparse.options",
    "subcommands": "argparse.subcommands",
    "show this help message and exit": "argparse.help",
    "the following arguments are required: %s": "argparse.required",
    "one of the arguments %s is required": "argparse.one_required",
    "unrecognized arguments: %s": "argparse.unrecognized",
    "invalid choice: %(value)r (choose from %(choices)s)": "argparse.invalid_choice",
    "invalid %(type)s value: %(value)r": "argparse.invalid_value",
    "argument %(argument_name)s: %(message)s": "argparse.argument",
    "expected one argument": "argparse.expected_one",
    "expected at most one argument": "argparse.expected_at_most_one",
    "expected at least one argument": "argparse.expected_at_least_one",
    "expected %s argument": "argparse.expected_n",
    "expected %s arguments": "argparse.expected_n",
    "not allowed with argument %s": "argparse.not_allowed_with",
    "ambiguous option: %(option)s could match %(matches)s": "argparse.ambiguous",
    "ignored explicit argument %r": "argparse.ignored_explicit",
    "unexpected option string: %s": "argparse.unexpected_option",
    "can't open '%(filename)s': %(error)s": "argparse.cannot_open",
    "%(prog)s: error: %(message)s\n": "argparse.error",
}
"""argparse's English message (its gettext msgid) -> the catalogue's key."""


def argparse_text(message: str, lang: Lang) -> str:
    """argparse's ``message`` in ``lang`` (unchanged when the catalogue does not know it)."""
    key = ARGPARSE_KEYS.get(message)
    return tr(key, lang) if key is not None else message


@contextmanager
def argparse_in(lang: Lang) -> Iterator[None]:
    """While active, argparse's own messages are in ``lang`` (build and parse inside it)."""
    names = ("_", "ngettext")
    saved: dict[str, Callable[..., str]] = {name: getattr(argparse, name) for name in names}

    def gettext(message: str) -> str:
        return argparse_text(message, lang)

    def ngettext(singular: str, plural: str, n: int) -> str:
        return argparse_text(singular if n == 1 else plural, lang)

    setattr(argparse, "_", gettext)  # noqa: B010 (a module global of argparse, looked up late)
    setattr(argparse, "ngettext", ngettext)  # noqa: B010
    try:
        yield
    finally:
        for name, function in saved.items():
            setattr(argparse, name, function)


def pre_lang(argv: Sequence[str]) -> str | None:
    """The value of ``--lang`` in ``argv`` (``--lang en`` or ``--lang=en``), if any."""
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


def command_lang(argv: Sequence[str]) -> Lang:
    """``--lang`` when it names a language, else the locale (French unless it says English)."""
    value = (pre_lang(argv) or "").strip().lower()[:2]
    return value if value in LANGS else detect_lang()
