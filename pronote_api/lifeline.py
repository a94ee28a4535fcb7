"""A child process that dies with its parent, however the parent dies (issue 12).

The demo is a chain of processes: the console starts ``pronote-server demo``, which starts a
``pronote-client swarm``. When a parent is killed outright (SIGKILL, the OOM killer, a terminal
tool giving up on it), nothing it runs at exit runs, and a child watching ``getppid()`` can still
be stuck elsewhere. So the parent hands each child the read end of a pipe whose write end only
the parent holds (it is not inheritable, so no other child keeps it open): the kernel closes it
when the parent goes, whatever the way, and the child's watcher thread reads end-of-file. The
child then asks itself to stop (SIGTERM, its usual clean exit) and, if that has not ended it
after a grace period, leaves at once (``os._exit``).

``PR_SET_PDEATHSIG`` would do the same on Linux only, and fires when the *thread* that started the
child ends (the demo starts its swarm from a short-lived thread), so the pipe is used instead.

Stdlib only: the console, the service and the desktop client all use it, and this package is
the one they share.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
from collections.abc import Callable, Mapping

ENV = "PRONOTE_LIFELINE_FD"
"""The environment variable naming the child's end of the pipe."""
GRACE_SECONDS = 3.0
"""How long a child whose parent is gone may take to stop cleanly before it leaves at once."""


class Lifeline:
    """The parent's side: one pipe, whose read end is passed to every child started with
    ``Popen(..., pass_fds=lifeline.pass_fds, env=lifeline.env())``. Keep the object alive as long
    as the children may run; :meth:`cut` (or the parent's death) tells them to stop."""

    def __init__(self) -> None:
        self._read, self._write = os.pipe()  # both non-inheritable (PEP 446)

    @property
    def pass_fds(self) -> tuple[int, ...]:
        return (self._read,)

    def env(self, base: Mapping[str, str] | None = None) -> dict[str, str]:
        """The child's environment (``base``, by default this process's) naming the read end."""
        child_env = dict(os.environ if base is None else base)
        child_env[ENV] = str(self._read)
        return child_env

    def cut(self) -> None:
        """Tell the children to stop now (they see end-of-file), without waiting for them."""
        for fd in (self._write, self._read):
            with contextlib.suppress(OSError):
                os.close(fd)
        self._write = self._read = -1


def _default_stop() -> None:
    os.kill(os.getpid(), signal.SIGTERM)


def watch_parent(
    stop: Callable[[], None] = _default_stop, *, grace: float = GRACE_SECONDS
) -> threading.Thread | None:
    """The child's side: if the parent handed a lifeline, watch it in a daemon thread; when the
    parent is gone, call ``stop`` (by default SIGTERM to this process), then leave after
    ``grace`` seconds if still here. Returns the thread, or ``None`` without a lifeline."""
    raw = os.environ.pop(ENV, None)
    if raw is None or not raw.isdigit():
        return None
    fd = int(raw)
    try:
        os.set_inheritable(fd, False)  # not handed further down: each parent makes its own
    except OSError:
        return None

    def watch() -> None:
        try:
            while os.read(fd, 1):
                pass  # nothing is ever written; only end-of-file matters
        except OSError:
            pass
        stop()
        time.sleep(grace)
        os._exit(1)

    thread = threading.Thread(target=watch, name="lifeline", daemon=True)
    thread.start()
    return thread
