"""``pronote-tui demo`` up to a logged-in session, headless (the interface has its own tests).

The launcher's own machinery runs for real: ``pronote_server demo`` as a child process, the ready
file, first contact with the fingerprint check, a key made here and a certificate signed by the
service, mutual TLS, a session; then everything is stopped and removed.
"""

from __future__ import annotations

import asyncio
import functools
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pronote_api.catalogue import tr
from pronote_tui import cli, demo
from pronote_tui.config import Settings
from pronote_tui.demo import DemoError, connect_demo, demo_service, demo_settings

pytestmark = pytest.mark.e2e


def test_the_demo_opens_a_logged_in_session_and_cleans_up(tmp_path: Path) -> None:
    settings = Settings(lang="en")
    with demo_service("en") as service:
        workdir, process = service.workdir, service.process
        local = demo_settings(settings, workdir, service.drop)
        client, session = asyncio.run(connect_demo(service, local))
        # The file dialogs open where the demo's "old server" drops its files, and the .HNOT
        # arrives there (exported in the background while the manager looks around).
        assert service.drop is not None and service.drop.is_relative_to(workdir)
        assert local.files_dir == service.drop
        for _ in range(600):
            if any(service.drop.glob("*.HNOT")):
                break
            time.sleep(0.05)
        assert any(service.drop.glob("*.HNOT")), sorted(service.drop.iterdir())

        assert session.hosting_number == "221222100001"
        assert session.school_name == "Lycée Charlemagne"

        async def look() -> tuple[str, str, str]:
            card = await client.account()
            contact = await client.contact()
            history = await client.history(limit=10)
            await client.aclose()
            actions = ",".join(entry.action for entry in history.entries)
            return card.uai, contact.email, actions

        # A second event loop, as the application's: the same client and session carry on.
        uai, email, actions = asyncio.run(look())
        assert (uai, email) == ("0750655E", "samia.bounhar@example.org")
        assert "session.login" in actions

        # Everything the console wrote is in the demo's own folder, private, and the password
        # is remembered there (never in the system keyring).
        profile = client.profile
        assert profile.directory.is_relative_to(workdir)
        assert stat.S_IMODE(profile.key_path.stat().st_mode) == 0o600
        store = local.credential_store()
        assert store.backend_name == "file"
        assert store.file_path.is_relative_to(workdir)
        kept = store.get("221222100001")
        assert (
            kept is not None
            and kept.get_secret_value() == service.account.password.get_secret_value()
        )

    assert process.poll() is not None, "the demo service is still running"
    assert not workdir.exists(), "the demo's temporary folder was left behind"


def test_a_service_that_dies_at_start_is_a_clear_sentence_with_its_last_words(
    tmp_path: Path,
) -> None:
    fake_python = tmp_path / "python"
    fake_python.write_text("#!/bin/sh\necho 'port 49302 already taken' >&2\nexit 3\n")
    fake_python.chmod(0o755)
    with pytest.raises(DemoError) as caught, demo_service("fr", python=str(fake_python)):
        pass
    text = caught.value.text
    assert text.startswith("Le service de démonstration n'a pas démarré.")
    assert "port 49302 already taken" in text


def test_the_command_line_reports_a_failed_demo_without_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    fake_python = tmp_path / "python"
    fake_python.write_text("#!/bin/sh\necho 'database is locked' >&2\nexit 1\n")
    fake_python.chmod(0o755)
    monkeypatch.setattr(
        demo, "demo_service", functools.partial(demo.demo_service, python=str(fake_python))
    )
    code = cli.main(["demo", "--lang", "en"])
    err = capsys.readouterr().err
    assert code == 1
    assert tr("demo.starting", "en") in err
    assert "The demo service did not start." in err and "database is locked" in err
    assert "Traceback" not in err


def test_an_interrupted_demo_still_stops_the_service_and_removes_its_folder() -> None:
    with pytest.raises(KeyboardInterrupt), demo_service("fr") as service:
        workdir, process = service.workdir, service.process
        raise KeyboardInterrupt
    assert process.poll() is not None
    assert not workdir.exists()


def test_a_terminal_closing_on_the_demo_still_cleans_up(tmp_path: Path) -> None:
    """SIGHUP (the SSH session goes away) or SIGTERM: the service stops, the folder goes."""
    script = (
        "import time\n"
        "from pronote_tui.demo import _exit_on_hangup, demo_service\n"
        "with _exit_on_hangup(), demo_service('fr') as s:\n"
        "    print(s.process.pid, s.workdir, flush=True)\n"
        "    time.sleep(120)\n"
    )
    child = subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, cwd=tmp_path
    )
    assert child.stdout is not None
    pid_text, workdir_text = child.stdout.readline().split(maxsplit=1)
    workdir = Path(workdir_text.strip())
    assert workdir.exists()
    child.send_signal(signal.SIGHUP)
    assert child.wait(30) == 128 + signal.SIGHUP
    assert not workdir.exists()
    with pytest.raises(ProcessLookupError):
        os.kill(int(pid_text), 0)
