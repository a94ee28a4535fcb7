"""Nothing outlives the demo (issue 12): its service and the service's swarm of desktop clients
stop when the console goes, even killed outright, and the folder a killed console could not
remove is removed by the next demo, never one that is still in use.

The console's side is played by a small script that opens the real demo service exactly as
``pronote-tui demo`` does (``pronote_tui.demo.demo_service``) and then waits: killing it with
SIGKILL is the hardest end a console can meet (no handler, no ``finally``).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from pronote_tui.demo import remove_leftovers

CONSOLE = textwrap.dedent(
    """
    import json, sys, time
    from pronote_tui.demo import demo_service
    with demo_service("fr") as service:
        print(json.dumps({"workdir": str(service.workdir), "service": service.process.pid}),
              flush=True)
        time.sleep(600)
    """
)


def _alive(pid: int) -> bool:
    """Running (a zombie waiting for its parent to reap it has ended)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, IndexError):
        return False
    return state != "Z"


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text().split()
        found.extend(int(child) for child in text)
    return found


def _wait_for(condition: object, seconds: float, what: str) -> None:
    assert callable(condition)
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.1)


def test_a_console_killed_outright_takes_its_service_and_swarm_with_it(tmp_path: Path) -> None:
    console = subprocess.Popen(
        [sys.executable, "-c", CONSOLE],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "TMPDIR": str(tmp_path)},
    )
    try:
        assert console.stdout is not None
        started = json.loads(console.stdout.readline())
        workdir, service = Path(started["workdir"]), int(started["service"])
        swarm: list[int] = []

        def swarm_started() -> bool:
            swarm[:] = _children(service)
            return bool(swarm)

        _wait_for(swarm_started, 60, "the demo's swarm of desktop clients never started")
        # While the console lives, its folder is in use: not a leftover.
        assert remove_leftovers(tmp_path) == [] and workdir.is_dir()

        console.send_signal(signal.SIGKILL)
        console.wait(10)
        _wait_for(lambda: not _alive(service), 15, "the demo service outlived its console")
        _wait_for(lambda: not any(map(_alive, swarm)), 15, "the swarm outlived the demo service")

        assert workdir.is_dir()  # nothing could remove it: the next demo does
        assert remove_leftovers(tmp_path) == [workdir]
        assert not workdir.exists()
    finally:
        if console.poll() is None:
            console.kill()
            console.wait()


CHILD = textwrap.dedent(
    """
    import signal, sys, time
    from pronote_api import lifeline
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # a child stuck in its clean exit
    lifeline.watch_parent(grace=0.5)
    print("watching", flush=True)
    time.sleep(600)
    """
)


def test_a_child_that_cannot_stop_cleanly_still_leaves_after_the_grace() -> None:
    from pronote_api.lifeline import Lifeline

    lifeline = Lifeline()
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD],
        stdout=subprocess.PIPE,
        pass_fds=lifeline.pass_fds,
        env=lifeline.env(),
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == b"watching"
        time.sleep(0.3)
        assert child.poll() is None  # the lifeline alone keeps it running
        lifeline.cut()
        assert child.wait(10) == 1  # SIGTERM ignored, then gone after the grace
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
