"""``pronote-tui demo``: the console, logged in, on a private demo service.

The service runs as a child process (``python -m pronote_server demo``): the console never
imports the service's code, and the demo goes through the same paths as a real installation
(first contact with the CA fingerprint, a key made here and a certificate signed there, mutual
TLS, a real session). Everything lives in a temporary folder that goes away on exit, whatever the
exit (quit, Ctrl-C, an error, the terminal closing).

What a harder end leaves (the console killed outright: SIGKILL, the OOM killer) is cleaned up from
both sides: the service sees its lifeline cut (:mod:`pronote_api.lifeline`) and stops, its swarm
with it; the folder, whose lock died with the console, is removed by the next demo.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib.util
import json
import logging
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any, NoReturn

from pydantic import SecretStr

from pronote_api.catalogue import Lang, tr
from pronote_api.lifeline import Lifeline
from pronote_api.models import SessionInfo
from pronote_tui.certificates import InvalidFingerprint, format_fingerprint, normalise_fingerprint
from pronote_tui.client import ConsoleClient, ConsoleError
from pronote_tui.config import Profile, Settings
from pronote_tui.launch import StartupError, run_app

START_TIMEOUT = 60.0
STOP_TIMEOUT = 0.3
"""How long the demo service may take to stop before it is killed: its data goes away with it,
and a console closed by a dropped SSH link must be gone within a second."""
STDERR_TAIL_LINES = 20
PREFIX = "pronote-demo-"
LOCK_NAME = ".demo.lock"
UNLOCKED_AGE = 60.0
"""A demo folder without a lock (one from before the lock existed, or made an instant ago and not
yet locked) counts as left over only when older than this."""


class DemoError(Exception):
    """The demo could not start; ``text`` is the sentence to show (in the manager's language)."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text


@dataclass(frozen=True)
class DemoAccount:
    hosting_number: str
    password: SecretStr
    invoice_number: SecretStr


@dataclass(frozen=True)
class DemoService:
    """A running demo service, as its ready file describes it."""

    process: subprocess.Popen[bytes]
    workdir: Path
    enrol_url: str
    api_url: str
    ca_fingerprint: str
    account: DemoAccount
    drop: Path | None = None

    @property
    def stderr_path(self) -> Path:
        return self.workdir / "service.log"


def _tail(path: Path, lines: int = STDERR_TAIL_LINES) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    return "\n".join(text.rstrip().splitlines()[-lines:])


def _read_ready(ready: Path, lang: Lang) -> dict[str, Any]:
    try:
        data = json.loads(ready.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError("not an object")
        return data
    except (OSError, ValueError):
        raise DemoError(tr("demo.ready_file_invalid", lang)) from None


def _parse_ready(data: dict[str, Any], lang: Lang) -> tuple[str, str, str, DemoAccount]:
    try:
        account = data["demo_account"]
        return (
            str(data["enrol_url"]),
            str(data["api_url"]),
            normalise_fingerprint(str(data["ca_fingerprint_sha256"])),
            DemoAccount(
                hosting_number=str(account["hosting_number"]),
                password=SecretStr(str(account["password"])),
                invoice_number=SecretStr(str(account["invoice_number"])),
            ),
        )
    except (KeyError, TypeError, InvalidFingerprint):
        raise DemoError(tr("demo.ready_file_invalid", lang)) from None


def _hold_lock(workdir: Path) -> int | None:
    """Lock the demo's folder for as long as this process lives (the kernel releases it however
    the process ends); the descriptor, or ``None`` where locks are not available."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not a POSIX system
        return None
    fd = os.open(workdir / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    return fd


def _left_over(folder: Path) -> bool:
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not a POSIX system
        return False
    try:
        fd = os.open(folder / LOCK_NAME, os.O_RDWR)
    except FileNotFoundError:
        return time.time() - folder.stat().st_mtime > UNLOCKED_AGE
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False  # a running demo holds it
    finally:
        os.close(fd)
    return True


def remove_leftovers(tmp: Path | None = None) -> list[Path]:
    """Remove the folders of earlier demos that were killed before they could (this user's only,
    never through a link); the folders removed."""
    removed: list[Path] = []
    root = Path(tmp or tempfile.gettempdir())
    for folder in root.glob(f"{PREFIX}*"):
        try:
            if folder.is_symlink() or not folder.is_dir() or folder.stat().st_uid != os.getuid():
                continue
            if _left_over(folder):
                shutil.rmtree(folder, ignore_errors=True)
                removed.append(folder)
        except OSError:
            continue
    return removed


def stop_process(process: subprocess.Popen[bytes], timeout: float = STOP_TIMEOUT) -> None:
    """SIGTERM, then SIGKILL if it lingers; always reaps the child."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextlib.contextmanager
def demo_service(
    lang: Lang = "fr",
    *,
    timeout: float = START_TIMEOUT,
    workdir: Path | None = None,
    python: str = sys.executable,
) -> Iterator[DemoService]:
    """Start ``pronote_server demo`` in a temporary folder; stop it and remove the folder after."""
    if importlib.util.find_spec("pronote_server") is None:
        raise DemoError(tr("demo.service_missing", lang))
    with contextlib.ExitStack() as stack:
        if workdir is None:
            remove_leftovers()
            workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix=PREFIX)))
            lock = _hold_lock(workdir)
            if lock is not None:
                stack.callback(os.close, lock)
        lifeline = Lifeline()
        stack.callback(lifeline.cut)
        data = workdir / "service"
        ready = workdir / "ready.json"
        log_path = workdir / "service.log"
        with log_path.open("wb") as log_file:
            process = subprocess.Popen(
                [
                    python,
                    "-m",
                    "pronote_server",
                    "--lang",
                    lang,
                    "demo",
                    "--data",
                    str(data),
                    "--ready-file",
                    str(ready),
                ],
                stdin=subprocess.DEVNULL,
                stdout=log_file,
                stderr=subprocess.STDOUT,
                cwd=workdir,
                pass_fds=lifeline.pass_fds,
                env=lifeline.env(),
            )
        # Registered after the folder: the process stops before its folder is removed.
        stack.callback(stop_process, process)
        deadline = time.monotonic() + timeout
        # The ready file is written under a temporary name and renamed: present means complete.
        while not ready.exists():
            if process.poll() is not None:
                raise DemoError(tr("demo.service_failed", lang, tail=_tail(log_path)))
            if time.monotonic() > deadline:
                raise DemoError(
                    tr("demo.service_timeout", lang, seconds=int(timeout), tail=_tail(log_path))
                )
            time.sleep(0.05)
        data_ready = _read_ready(ready, lang)
        enrol_url, api_url, fingerprint, account = _parse_ready(data_ready, lang)
        drop = data_ready.get("demo_drop")
        yield DemoService(
            process=process,
            workdir=workdir,
            enrol_url=enrol_url,
            api_url=api_url,
            ca_fingerprint=fingerprint,
            account=account,
            drop=Path(drop) if isinstance(drop, str) else None,
        )


async def connect_demo(
    service: DemoService, settings: Settings
) -> tuple[ConsoleClient, SessionInfo]:
    """First contact, enrolment and login, as a manager would do them, without the questions.

    The connections opened here are closed before returning (they belong to this event loop);
    the client keeps its session and reconnects inside the application's loop.
    """
    lang = settings.lang
    paths = settings.paths
    profile = Profile.for_server(paths, service.enrol_url)
    client = ConsoleClient(profile, lang, workstation=tr("demo.workstation", lang))
    try:
        pem, shown = await ConsoleClient.fetch_ca_unverified(service.enrol_url)
        if normalise_fingerprint(shown) != service.ca_fingerprint:
            raise DemoError(
                tr(
                    "firstcontact.mismatch",
                    lang,
                    actual=shown,
                    expected=format_fingerprint(service.ca_fingerprint),
                )
            )
        client.pin_ca(pem)
        await client.info()
        account = service.account
        await client.enrol(
            account.hosting_number,
            account.password,
            account.invoice_number,
            licence_accepted=True,
        )
        session = await client.login(account.hosting_number, account.password)
        # As a manager who ticked "remember": the login screen offers it after a logout. The
        # store is the demo's own (temporary folder, no system keyring).
        settings.credential_store().remember(account.hosting_number, account.password)
    except ConsoleError as exc:
        await client.aclose()
        raise DemoError(tr("demo.login_failed", lang, reason=exc.message(lang))) from None
    await client.aclose()
    return client, session


def demo_settings(settings: Settings, workdir: Path, drop: Path | None = None) -> Settings:
    """The demo's own console folder, never the system keyring, and the file dialogs opening on
    the folder where the demo's "old server" dropped its files (unless the manager chose one)."""
    update: dict[str, Any] = {
        "config_dir": workdir / "console",
        "use_keyring": False,
        "remember_password": True,
    }
    if drop is not None and settings.files_dir is None:
        update["files_dir"] = drop
    return settings.replace(**update)


class Hangup(SystemExit):
    """SIGHUP or SIGTERM: the terminal is gone (an SSH link dropped) or we are told to stop."""


def _raise_system_exit(signum: int, _frame: FrameType | None) -> None:
    raise Hangup(128 + signum)


def _leave_now(code: int) -> NoReturn:
    """After a hangup, once the demo is stopped and its folder removed: leave without the
    interpreter's teardown of the whole console (a second or more on a loaded machine, with
    nobody left to see the terminal)."""
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(code)


@contextlib.contextmanager
def _exit_on_hangup() -> Iterator[None]:
    """Turn SIGTERM/SIGHUP (an SSH session closing) into SystemExit, so cleanup runs."""
    previous: dict[signal.Signals, Any] = {}
    try:
        for signum in (signal.SIGTERM, signal.SIGHUP):
            previous[signum] = signal.signal(signum, _raise_system_exit)
    except ValueError:  # not the main thread: leave the handlers alone
        pass
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def run_demo(settings: Settings) -> int:
    """Start the demo service, log in, run the console; always stop and clean up."""
    lang = settings.lang
    print(tr("demo.starting", lang), file=sys.stderr, flush=True)
    with _exit_on_hangup():
        try:
            with demo_service(lang) as service:
                local = demo_settings(settings, service.workdir, service.drop)
                client, session = asyncio.run(connect_demo(service, local))
                return run_app(client, local, session, demo=True)
        except DemoError as exc:
            raise StartupError(exc.text) from None
        except Hangup as hangup:
            _leave_now(hangup.code if isinstance(hangup.code, int) else 1)
