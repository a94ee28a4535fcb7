"""The three commands speak one language: their help and their usage errors are wholly French
with a French locale and wholly English with ``--lang en`` (argparse's own words included), never
"Erreur : the following arguments are required"."""

from __future__ import annotations

import argparse
import inspect
import re
from collections.abc import Callable

import pytest

from pronote_api.catalogue import CATALOGUE, Lang, tr
from pronote_api.command_line import ARGPARSE_KEYS, argparse_in
from pronote_client import cli as client_cli
from pronote_server import cli as server_cli
from pronote_tui import cli as tui_cli

FR = {"LANG": "fr_FR.UTF-8"}
EN = {"LANG": "en_US.UTF-8"}

SERVER_COMMANDS = [
    [],
    ["init"],
    ["serve"],
    ["info"],
    ["demo"],
    ["accounts"],
    ["accounts", "create"],
    ["accounts", "list"],
    ["accounts", "reset-password"],
    ["outbox"],
    ["outbox", "list"],
    ["outbox", "show"],
    ["export-hosting-files"],
    ["backups"],
    ["backups", "verify"],
    ["security"],
    ["security", "unblock"],
]
CLIENT_COMMANDS: list[list[str]] = [[], ["login"], ["swarm"]]
TUI_COMMANDS: list[list[str]] = [[], ["demo"]]
Main = Callable[[list[str]], int]
MAINS: list[tuple[str, Main, list[list[str]]]] = [
    ("cli.server.", server_cli.main, SERVER_COMMANDS),
    ("cli.client.", client_cli.main, CLIENT_COMMANDS),
    ("cli.", tui_cli.main, TUI_COMMANDS),
]


def _texts(prefix: str, lang: Lang) -> set[str]:
    """The catalogue's texts of one command's help and of argparse, in ``lang``, that differ
    in the other language (``options`` or ``SMS`` prove nothing)."""
    index = 0 if lang == "fr" else 1
    found = set()
    for key, pair in CATALOGUE.items():
        if key.startswith(("argparse.", prefix)) and pair[0].strip() != pair[1].strip():
            found.add(" ".join(pair[index].replace("\u00a0", " ").split()))
    return found


def _run(
    main: Main,
    argv: list[str],
    env: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> tuple[int, str, str]:
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "PRONOTE_TUI_LANG", "PRONOTE_SERVER_DATA"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    try:
        code = main(argv)
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def _flat(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


@pytest.mark.parametrize(("prefix", "main", "commands"), MAINS)
@pytest.mark.parametrize(("lang", "env", "extra"), [("fr", FR, []), ("en", FR, ["--lang", "en"])])
def test_every_help_is_in_one_language(
    prefix: str,
    main: Main,
    commands: list[list[str]],
    lang: Lang,
    env: dict[str, str],
    extra: list[str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    other: Lang = "en" if lang == "fr" else "fr"
    foreign = _texts(prefix, other) - _texts(prefix, lang)
    for command in commands:
        code, out, err = _run(main, [*extra, *command, "--help"], env, monkeypatch, capsys)
        assert code == 0 and err == "", (command, err)
        flat = _flat(out)
        assert flat.startswith(_flat(tr("argparse.usage", lang))), (command, out)
        assert _flat(tr("argparse.help", lang)) in flat
        shown = [t for t in foreign if re.search(rf"(?<!\w){re.escape(t)}(?!\w)", flat)]
        assert shown == [], (command, out)


def test_a_usage_error_of_pronote_server_is_one_french_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run(
        server_cli.main, ["accounts", "create", "--data", "/nowhere"], FR, monkeypatch, capsys
    )
    assert (code, out) == (2, "")
    assert err == (
        "Erreur : les arguments suivants sont obligatoires : --uai, --name, --manager-name,"
        " --manager-email, --manager-phone\n"
    )
    code, _, err = _run(
        server_cli.main, ["serve", "--port", "abc", "--data", "/x"], FR, monkeypatch, capsys
    )
    assert err == "Erreur : argument --port : valeur int invalide : 'abc'\n"
    code, _, err = _run(server_cli.main, ["--lang", "en", "bogus"], FR, monkeypatch, capsys)
    assert err.startswith("Error: argument COMMAND: invalid choice: 'bogus' (choose from 'init'")


@pytest.mark.parametrize(
    ("main", "argv", "fr_error", "en_error"),
    [
        (
            tui_cli.main,
            ["--bogus"],
            "pronote-tui : erreur : arguments non reconnus : --bogus",
            "pronote-tui: error: unrecognized arguments: --bogus",
        ),
        (
            client_cli.main,
            ["login"],
            "pronote-client login : erreur : les arguments suivants sont obligatoires : --mode,"
            " --user, --workstation",
            "pronote-client login: error: the following arguments are required: --mode, --user,"
            " --workstation",
        ),
    ],
)
def test_usage_errors_of_the_console_and_the_client_follow_the_language(
    main: Main,
    argv: list[str],
    fr_error: str,
    en_error: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, err = _run(main, argv, FR, monkeypatch, capsys)
    assert code == 2 and err.startswith("utilisation : ") and err.splitlines()[-1] == fr_error
    code, _, err = _run(main, ["--lang", "en", *argv], FR, monkeypatch, capsys)
    assert code == 2 and err.startswith("usage: ") and err.splitlines()[-1] == en_error
    code, _, err = _run(main, argv, EN, monkeypatch, capsys)
    assert err.splitlines()[-1] == en_error


def test_the_english_catalogue_is_argparse_s_own_text() -> None:
    source = inspect.getsource(argparse)
    for msgid, key in ARGPARSE_KEYS.items():
        # Each message is one argparse says in this Python (else the table is out of date).
        assert repr(msgid)[1:-1] in source or msgid in source, msgid
        fr, en = CATALOGUE[key]
        if msgid not in ("expected %s argument", "expected %s arguments"):
            assert en == msgid, key
        assert sorted(re.findall(r"%(?:\(\w+\))?[rs]", fr)) == sorted(
            re.findall(r"%(?:\(\w+\))?[rs]", en)
        ), key


def test_argparse_is_itself_again_after_a_command() -> None:
    with argparse_in("fr"):
        assert argparse._("usage: ") == "utilisation : "  # type: ignore[attr-defined]
    assert argparse._("usage: ") == "usage: "  # type: ignore[attr-defined]
