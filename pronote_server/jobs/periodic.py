"""A task run again and again in a daemon thread (the upload sweeper, the snapshot scheduler):
the first turn after one interval, a failed turn written to the log and the next one run.

Imports nothing of ``pronote_server``.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable


def every(
    name: str,
    interval: Callable[[], float],
    task: Callable[[], object],
    *,
    log: logging.Logger,
    failed: str,
) -> threading.Event:
    """Run ``task`` every ``interval()`` seconds in the daemon thread ``name``; set the returned
    event to stop it. A turn that raises is written to ``log`` (``failed``, with the traceback)."""
    stop = threading.Event()

    def loop() -> None:
        while not stop.wait(interval()):
            try:
                task()
            except Exception:
                log.exception(failed)

    threading.Thread(target=loop, name=name, daemon=True).start()
    return stop
