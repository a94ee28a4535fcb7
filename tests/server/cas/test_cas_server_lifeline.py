"""The tests' CAS server dies with the process that started it, even when that process is killed
outright (SIGKILL): nothing is left listening on the machine after a test run that was cut."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from cas_server import cas_server_missing

from pronote_api.lifeline import GRACE_SECONDS

TESTS = Path(__file__).resolve().parents[2]

STARTER = """\
import sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[2])
from cas_server import CasAccount, start_cas_server
server = start_cas_server(Path(sys.argv[1]), [CasAccount("a.b", "Pw-123456789")], [("all", ".*")])
print(server.process.pid, server.port, flush=True)
time.sleep(120)
"""


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1][0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def test_the_cas_server_dies_with_a_killed_parent(tmp_path: Path) -> None:
    missing = cas_server_missing()
    if missing:
        pytest.skip(missing)
    parent = subprocess.Popen(
        [sys.executable, "-c", STARTER, str(tmp_path / "cas"), str(TESTS)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert parent.stdout is not None
        pid_text, port_text = parent.stdout.readline().split()
        child, port = int(pid_text), int(port_text)
        assert httpx.get(f"http://127.0.0.1:{port}/cas/login", timeout=5).status_code == 200
        parent.send_signal(signal.SIGKILL)
        parent.wait(timeout=10)
        deadline = time.monotonic() + GRACE_SECONDS + 10
        while _alive(child) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not _alive(child), "the CAS server outlived its parent"
        with pytest.raises(httpx.TransportError):
            httpx.get(f"http://127.0.0.1:{port}/cas/login", timeout=2)
    finally:
        if parent.poll() is None:
            parent.kill()
            parent.wait(timeout=10)
        if "child" in locals() and _alive(child):
            os.kill(child, signal.SIGKILL)
