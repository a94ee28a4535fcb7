"""A coverage.py plugin, loaded only when ``./dev coverage`` measures (``[tool.coverage.run]
plugins``; ``./dev`` puts this folder on PYTHONPATH for that run alone).

A process told to stop writes its coverage data as soon as the signal arrives, before its own
handler starts the clean exit. coverage's ``sigterm`` option does that only for a process that
keeps coverage's handler, and the service, the demo and the swarm all install their own (uvicorn
and asyncio's ``add_signal_handler``). The data matters because a clean exit is not always
waited for: the console's demo gives its service 0.3 s before SIGKILL, and a test gives up on a
slow stop the same way. Whatever the process runs after the signal is still recorded at exit if
it gets there (coverage adds to the same data file).

It wraps ``signal.signal``, the function asyncio's ``add_signal_handler`` calls too, so that a
handler installed for a stop signal first saves. Nothing else is measured or changed.
"""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Callable
from types import FrameType
from typing import Any

import coverage

STOP_SIGNALS = frozenset({signal.SIGTERM, signal.SIGINT, signal.SIGHUP})
MARK = "_saves_coverage_first"

Handler = Callable[[int, FrameType | None], Any]


def _save() -> None:
    current = coverage.Coverage.current()
    if current is not None:
        with contextlib.suppress(Exception):
            current.save()


def _saving_first(handler: Handler) -> Handler:
    def handle(signum: int, frame: FrameType | None) -> Any:
        _save()
        return handler(signum, frame)

    setattr(handle, MARK, True)
    return handle


def _wants_wrapping(signum: int, handler: object) -> bool:
    if signum not in STOP_SIGNALS or not callable(handler) or getattr(handler, MARK, False):
        return False
    # coverage's own SIGTERM handler (sigterm = true) saves already.
    return not isinstance(getattr(handler, "__self__", None), coverage.Coverage)


def _install(original: Callable[..., Any]) -> Callable[..., Any]:
    def install(signum: int, handler: Any) -> Any:
        if _wants_wrapping(signum, handler):
            handler = _saving_first(handler)
        return original(signum, handler)

    setattr(install, MARK, True)
    return install


def coverage_init(reg: object, options: dict[str, Any]) -> None:
    """Called by coverage in every process it measures (and by its report commands)."""
    if not getattr(signal.signal, MARK, False):
        signal.signal = _install(signal.signal)
