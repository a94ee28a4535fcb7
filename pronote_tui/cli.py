"""``pronote-tui``: open the hosting console, or ``pronote-tui demo``.

Start-up work that is not the interface happens here, in plain terminal text: choosing the
language and the folders, and the first contact with a service (fetching its CA, having the
manager compare the fingerprint, pinning it, learning the API listener's address). A failure
there is one sentence on stderr and a non-zero exit, never a traceback.

Textual is imported only once everything is ready, so ``--help`` and start-up errors stay fast.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import sys
import textwrap
from collections.abc import Callable, Mapping, Sequence
from typing import TextIO

from pronote_api.catalogue import LANGS, Lang, detect_lang, tr
from pronote_api.command_line import argparse_in, pre_lang
from pronote_tui.config import InvalidServerUrl, Paths, Profile, Settings, SettingsInvalid
from pronote_tui.launch import (  # EXIT_* and StartupError: also the command's interface
    EXIT_FAILURE,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_USAGE,
    StartupError,
    run_app,
)

__all__ = ["EXIT_FAILURE", "EXIT_INTERRUPTED", "EXIT_OK", "EXIT_USAGE", "StartupError", "main"]

# --- language and arguments -------------------------------------------------------------------


def resolve_lang(cli_value: str | None, environ: Mapping[str, str]) -> Lang:
    """``--lang``, else ``PRONOTE_TUI_LANG``, else the locale."""
    for value in (cli_value, environ.get("PRONOTE_TUI_LANG")):
        if value:
            low = value.strip().lower()[:2]
            if low in LANGS:
                return "en" if low == "en" else "fr"
    return detect_lang(environ)


def build_parser(lang: Lang) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="pronote-tui", description=tr("cli.description", lang))
    parser.add_argument("--server", metavar="URL", help=tr("cli.server", lang))
    parser.add_argument("--lang", choices=list(LANGS), help=tr("cli.lang", lang))
    parser.add_argument("--config-dir", metavar="DIR", help=tr("cli.config_dir", lang))
    parser.add_argument("--ca-fingerprint", metavar="HEX", help=tr("cli.ca_fingerprint", lang))
    parser.add_argument("--no-blink", action="store_true", help=tr("cli.no_blink", lang))
    sub = parser.add_subparsers(dest="command", metavar="demo")
    demo = sub.add_parser("demo", help=tr("cli.demo", lang), description=tr("cli.demo", lang))
    demo.add_argument("--lang", dest="demo_lang", choices=list(LANGS), help=tr("cli.lang", lang))
    demo.add_argument(
        "--no-blink", dest="demo_no_blink", action="store_true", help=tr("cli.no_blink", lang)
    )
    return parser


def make_settings(lang: Lang, *, config_dir: str | None, no_blink: bool) -> Settings:
    overrides: dict[str, object] = {"lang": lang}
    if config_dir:
        overrides["config_dir"] = config_dir
    if no_blink:
        overrides["blink"] = False
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except SettingsInvalid as exc:
        names = ", ".join(exc.names)
        raise StartupError(tr("cli.bad_setting", lang, names=names), EXIT_USAGE) from None


# --- first contact ----------------------------------------------------------------------------

FINGERPRINT_GROUPS_PER_LINE = 16  # 47 characters: two lines that fit any terminal


def fingerprint_lines(grouped: str, indent: str = "  ") -> str:
    """``AB:CD:...`` (32 groups) as two lines of 16, so that no terminal cuts a group."""
    groups = grouped.split(":")
    step = FINGERPRINT_GROUPS_PER_LINE
    return ("\n" + indent).join(":".join(groups[i : i + step]) for i in range(0, len(groups), step))


def wrap_for_terminal(text: str, width: int) -> str:
    """Each line of ``text`` wrapped at words to ``width`` (the terminal would cut mid-word);
    a line's leading spaces indent its continuation lines too."""
    wrapped = []
    for line in text.split("\n"):
        indent = line[: len(line) - len(line.lstrip())]
        wrapped.append(
            textwrap.fill(
                line,
                width,
                subsequent_indent=indent,
                break_long_words=False,
                break_on_hyphens=False,
            )
            if line.strip()
            else line
        )
    return "\n".join(wrapped)


def terminal_width() -> int:
    return max(20, min(shutil.get_terminal_size((80, 24)).columns, 80))


def confirm_fingerprint(
    server_url: str,
    fingerprint: str,
    lang: Lang,
    *,
    ask: Callable[[str], str] = input,
    out: TextIO = sys.stderr,
    interactive: bool | None = None,
    width: int | None = None,
) -> bool:
    """Show the CA fingerprint and ask the manager whether it is the provider's (the text
    wrapped at words to the terminal, the fingerprint in two lines of groups)."""
    if interactive is None:
        interactive = sys.stdin.isatty()
    if not interactive:
        raise StartupError(tr("firstcontact.not_interactive", lang), EXIT_USAGE)
    columns = terminal_width() if width is None else width
    for text in (
        tr("firstcontact.title", lang, url=server_url),
        tr("firstcontact.fingerprint", lang, fingerprint=fingerprint_lines(fingerprint)),
        tr("firstcontact.compare", lang),
    ):
        print(wrap_for_terminal(text, columns), file=out)
    try:
        answer = ask(tr("firstcontact.question", lang))
    except EOFError:
        return False
    yes = tr("firstcontact.yes_letters", lang).split(",")
    return answer.strip().lower() in yes


async def prepare_profile(
    profile: Profile,
    lang: Lang,
    *,
    expected_fingerprint: str | None,
    confirm: Callable[[str, str], bool],
) -> None:
    """First contact when needed: fetch the CA, have it compared, pin it.

    Raises :class:`StartupError` with the sentence to show.
    """
    from pronote_tui.certificates import (
        InvalidFingerprint,
        format_fingerprint,
        normalise_fingerprint,
    )

    expected: str | None = None
    if expected_fingerprint:
        try:
            expected = normalise_fingerprint(expected_fingerprint)
        except InvalidFingerprint:
            raise StartupError(tr("firstcontact.bad_fingerprint", lang), EXIT_USAGE) from None
    if profile.ca_pinned:
        if expected is not None and expected != profile.ca_fingerprint:
            raise StartupError(
                tr(
                    "firstcontact.mismatch",
                    lang,
                    actual=format_fingerprint(profile.ca_fingerprint or ""),
                    expected=format_fingerprint(expected),
                )
            )
        return  # nothing to ask the network: the login screen reports reachability
    # The API listener's address is learned at the first login (``/v1/info``), inside the
    # interface: httpx is not even imported before the login screen shows.
    from pronote_tui.client import ConsoleClient, ConsoleError

    try:
        pem, shown = await ConsoleClient.fetch_ca_unverified(profile.server_url)
        actual = normalise_fingerprint(shown)
        if expected is not None:
            if actual != expected:
                raise StartupError(
                    tr(
                        "firstcontact.mismatch",
                        lang,
                        actual=shown,
                        expected=format_fingerprint(expected),
                    )
                )
        elif not confirm(profile.server_url, shown):
            raise StartupError(tr("firstcontact.refused", lang))
        ConsoleClient(profile, lang).pin_ca(pem)
    except ConsoleError as exc:
        raise StartupError(exc.message(lang)) from None


def open_profile(paths: Paths, server: str | None, lang: Lang) -> Profile:
    try:
        if server:
            return Profile.for_server(paths, server)
    except InvalidServerUrl:
        raise StartupError(tr("connection.invalid_url", lang, url=server), EXIT_USAGE) from None
    profile = Profile.last_used(paths)
    if profile is None:
        raise StartupError(tr("connection.no_server", lang), EXIT_USAGE)
    return profile


# --- running ----------------------------------------------------------------------------------


def _console(args: argparse.Namespace, lang: Lang) -> int:
    settings = make_settings(lang, config_dir=args.config_dir, no_blink=args.no_blink)
    paths = settings.paths
    profile = open_profile(paths, args.server, lang)

    def confirm(url: str, fingerprint: str) -> bool:
        return confirm_fingerprint(url, fingerprint, lang)

    asyncio.run(
        prepare_profile(profile, lang, expected_fingerprint=args.ca_fingerprint, confirm=confirm)
    )
    return run_app(profile, settings)


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    environ = os.environ
    # The help text is in the chosen language, so --lang is read before the full parse.
    lang = resolve_lang(pre_lang(args_list), environ)
    with argparse_in(lang):
        args = build_parser(lang).parse_args(args_list)
    try:
        if args.command == "demo":
            from pronote_tui.demo import run_demo  # the client, httpx: only for the demo

            demo_lang = resolve_lang(args.demo_lang or args.lang, environ)
            settings = make_settings(
                demo_lang,
                config_dir=None,
                no_blink=args.no_blink or args.demo_no_blink,
            )
            return run_demo(settings)
        return _console(args, lang)
    except StartupError as exc:
        print(wrap_for_terminal(exc.text, terminal_width()), file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        print(tr("cli.interrupted", lang), file=sys.stderr)
        return EXIT_INTERRUPTED
