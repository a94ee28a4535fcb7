"""``pronote-tui`` start-up: language, folders, first contact; failures as one sentence.

The interface itself is replaced by a recorder (``run_app``) so these tests stop where the
Textual application would open; the first contact goes to the real service.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from pronote_api.catalogue import Lang, tr
from pronote_tui import cli
from pronote_tui.certificates import format_fingerprint, normalise_fingerprint
from pronote_tui.client import ConsoleClient
from pronote_tui.config import Paths, Profile, Settings
from pronote_tui.launch import make_client


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[tuple[ConsoleClient, Settings]]:
    """Records what the application would have been opened with."""
    calls: list[tuple[ConsoleClient, Settings]] = []

    def record(source: Profile, settings: Settings, session: object = None) -> int:
        # The console is given the profile; its client is made after the first frame.
        calls.append((make_client(source, settings.lang), settings))
        return 0

    monkeypatch.setattr(cli, "run_app", record)
    return calls


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("PRONOTE_TUI_LANG", "PRONOTE_TUI_CONFIG_DIR", "PRONOTE_TUI_BLINK"):
        monkeypatch.delenv(name, raising=False)
    for name in ("SSH_CONNECTION", "SSH_TTY", "LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")


# --- language and settings --------------------------------------------------------------------


def test_language_order_is_option_then_variable_then_locale() -> None:
    assert cli.resolve_lang("en", {"PRONOTE_TUI_LANG": "fr", "LANG": "fr_FR.UTF-8"}) == "en"
    assert cli.resolve_lang(None, {"PRONOTE_TUI_LANG": "en", "LANG": "fr_FR.UTF-8"}) == "en"
    assert cli.resolve_lang(None, {"LANG": "en_GB.UTF-8"}) == "en"
    assert cli.resolve_lang(None, {"PRONOTE_TUI_LANG": "de", "LANG": "en_US.UTF-8"}) == "en"
    assert cli.resolve_lang(None, {}) == "fr"


def test_blink_is_off_over_ssh_and_with_no_blink(monkeypatch: pytest.MonkeyPatch) -> None:
    assert cli.make_settings("fr", config_dir=None, no_blink=False).blink is True
    assert cli.make_settings("fr", config_dir=None, no_blink=True).blink is False
    monkeypatch.setenv("SSH_CONNECTION", "192.0.2.1 50000 192.0.2.2 22")
    assert cli.make_settings("fr", config_dir=None, no_blink=False).blink is False


def test_a_bad_setting_in_the_environment_is_named(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.setenv("PRONOTE_TUI_POLL_INTERVAL", "-3")
    code = cli.main(["--config-dir", str(tmp_path), "--lang", "en"])
    assert code == cli.EXIT_USAGE
    assert capsys.readouterr().err.strip() == (
        "Invalid setting in the environment: PRONOTE_TUI_POLL_INTERVAL."
    )


def test_the_config_folder_comes_from_the_option_or_the_variable(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PRONOTE_TUI_CONFIG_DIR", str(tmp_path / "from-env"))
    assert Settings().paths.config == tmp_path / "from-env"
    settings = cli.make_settings("fr", config_dir=str(tmp_path / "opt"), no_blink=False)
    assert settings.paths.config == tmp_path / "opt"
    assert settings.paths.data == tmp_path / "opt" / "data"


def test_help_is_in_the_chosen_language(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.main(["--lang", "en", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert tr("cli.server", "en") in out and tr("cli.no_blink", "en") in out


# --- start-up failures ------------------------------------------------------------------------


def test_no_service_known_yet_says_how_to_give_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], opened: list[Any]
) -> None:
    code = cli.main(["--config-dir", str(tmp_path), "--lang", "fr"])
    assert code == cli.EXIT_USAGE
    err = capsys.readouterr().err
    # Wrapped at words for the terminal (80 columns when it says nothing): no word cut in two.
    assert err.split() == tr("connection.no_server", "fr").split()
    assert max(len(line) for line in err.splitlines()) <= 80 < len(err.strip())
    assert opened == []


def test_an_invalid_address_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], opened: list[Any]
) -> None:
    code = cli.main(["--config-dir", str(tmp_path), "--server", "http://x:1/path", "--lang", "en"])
    assert code == cli.EXIT_USAGE
    err = capsys.readouterr().err
    assert err.startswith("Invalid service address: http://x:1/path")
    assert opened == []


def test_an_unreachable_service_is_one_sentence_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], opened: list[Any]
) -> None:
    code = cli.main(["--config-dir", str(tmp_path), "--server", "127.0.0.1:9", "--lang", "en"])
    assert code == cli.EXIT_FAILURE
    err = capsys.readouterr().err
    assert err.split() == tr("connection.unreachable", "en", url="https://127.0.0.1:9").split()
    assert "Traceback" not in err
    assert opened == []


def test_a_malformed_fingerprint_is_refused_before_any_contact(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["--config-dir", str(tmp_path), "--server", "127.0.0.1:9", "--ca-fingerprint", "AB:CD"]
    assert cli.main([*args, "--lang", "en"]) == cli.EXIT_USAGE
    assert capsys.readouterr().err.strip() == tr("firstcontact.bad_fingerprint", "en")


# --- first contact with the real service ------------------------------------------------------


def test_a_wrong_fingerprint_pins_nothing(
    service: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str], opened: list[Any]
) -> None:
    wrong = "ab" * 32
    code = cli.main(
        [
            "--config-dir",
            str(tmp_path),
            "--server",
            service.enrol_url,
            "--ca-fingerprint",
            wrong,
            "--lang",
            "en",
        ]
    )
    assert code == cli.EXIT_FAILURE
    err = capsys.readouterr().err
    assert (
        err.split()
        == tr(
            "firstcontact.mismatch",
            "en",
            actual=format_fingerprint(service.ca_fingerprint),
            expected=format_fingerprint(wrong),
        ).split()
    )
    assert opened == []
    assert not Profile.for_server(Paths.resolve(tmp_path), service.enrol_url).ca_pinned


def test_the_right_fingerprint_pins_the_ca_and_opens_the_console(
    service: Any, tmp_path: Path, opened: list[tuple[ConsoleClient, Settings]]
) -> None:
    code = cli.main(
        [
            "--config-dir",
            str(tmp_path),
            "--server",
            service.enrol_url,
            "--ca-fingerprint",
            format_fingerprint(service.ca_fingerprint),
            "--lang",
            "en",
            "--no-blink",
        ]
    )
    assert code == 0
    [(client, settings)] = opened
    assert settings.lang == "en" and settings.blink is False
    assert client.profile.ca_pinned

    # The API listener's address is learned from the service once the CA is pinned.
    import asyncio

    async def learn() -> None:
        await client.info()
        await client.aclose()

    asyncio.run(learn())
    assert client.profile.api_url == service.api_url

    # The next start needs neither the address nor the fingerprint.
    opened.clear()
    assert cli.main(["--config-dir", str(tmp_path)]) == 0
    [(again, _)] = opened
    assert again.profile.server_url == client.profile.server_url
    assert again.profile.api_url == service.api_url


def test_the_manager_confirms_the_fingerprint_at_the_terminal(
    service: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, opened: list[Any]
) -> None:
    shown: list[str] = []

    def confirm(url: str, fingerprint: str) -> bool:
        shown.append(fingerprint)
        return cli.confirm_fingerprint(
            url, fingerprint, "fr", ask=lambda _prompt: "oui", interactive=True
        )

    profile = Profile.for_server(Paths.resolve(tmp_path), service.enrol_url)
    import asyncio

    asyncio.run(cli.prepare_profile(profile, "fr", expected_fingerprint=None, confirm=confirm))
    assert shown == [format_fingerprint(service.ca_fingerprint)]
    assert profile.ca_pinned


def test_a_refused_fingerprint_pins_nothing(service: Any, tmp_path: Path) -> None:
    import asyncio

    profile = Profile.for_server(Paths.resolve(tmp_path), service.enrol_url)
    with pytest.raises(cli.StartupError) as caught:
        asyncio.run(
            cli.prepare_profile(
                profile, "en", expected_fingerprint=None, confirm=lambda _u, _f: False
            )
        )
    assert caught.value.text == tr("firstcontact.refused", "en")
    assert not profile.ca_pinned


def test_without_a_terminal_the_fingerprint_must_be_given() -> None:
    with pytest.raises(cli.StartupError) as caught:
        cli.confirm_fingerprint("https://h:1", "AB", "en", interactive=False)
    assert caught.value.text == tr("firstcontact.not_interactive", "en")


def test_the_module_entry_point_answers_in_one_sentence(tmp_path: Path) -> None:
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "pronote_tui", "--config-dir", str(tmp_path), "--lang", "en"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == cli.EXIT_USAGE
    assert result.stderr.split() == tr("connection.no_server", "en").split()  # wrapped at words
    assert result.stdout == ""


@pytest.mark.parametrize(("lang", "width"), [("fr", 80), ("en", 80), ("fr", 60)])
def test_the_first_contact_question_wraps_at_words(lang: Lang, width: int) -> None:
    import io

    digest = "a1" * 32
    out = io.StringIO()
    asked: list[str] = []

    def ask(prompt: str) -> str:
        asked.append(prompt)
        return "n"

    url = "https://hosting.example.org:49302"
    assert not cli.confirm_fingerprint(
        url, format_fingerprint(digest), lang, ask=ask, out=out, interactive=True, width=width
    )
    lines = out.getvalue().splitlines()
    assert all(len(line) <= width for line in lines), lines
    # Every word of the explanation is whole on one line ("diffèrent", not "di" + "ffèrent").
    words = {word for line in lines for word in line.split()}
    assert set(tr("firstcontact.compare", lang).split()) <= words
    # The fingerprint: two lines of 16 groups, which together are the whole digest.
    groups = [line.strip() for line in lines if line.strip().count(":") == 15]
    assert len(groups) == 2 and normalise_fingerprint("".join(groups)) == digest
    assert asked == [tr("firstcontact.question", lang)]
