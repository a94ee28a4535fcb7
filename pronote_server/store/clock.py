"""The service's notion of "now", injectable so that tests move time instead of sleeping.

Every expiry rule (sessions, certificates, history timestamps) reads a :class:`Clock`. The real
clock is UTC wall time. For tests only, ``PRONOTE_SERVER_CLOCK_OFFSET_FILE`` names a file holding a
number of seconds added to the wall time; it is re-read at every call so a test can move a running
service forward without restarting it. The file lives outside the data directory and the variable
is never set in production.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

OFFSET_FILE_ENV = "PRONOTE_SERVER_CLOCK_OFFSET_FILE"


class Clock:
    def __init__(self, offset_file: Path | None = None) -> None:
        self._offset_file = offset_file

    @classmethod
    def from_environ(cls, environ: dict[str, str] | None = None) -> Clock:
        env = os.environ if environ is None else environ
        path = env.get(OFFSET_FILE_ENV)
        return cls(Path(path) if path else None)

    def offset(self) -> timedelta:
        if self._offset_file is None:
            return timedelta(0)
        try:
            text = self._offset_file.read_text(encoding="ascii").strip()
        except FileNotFoundError:
            return timedelta(0)
        return timedelta(seconds=float(text or 0))

    def now(self) -> datetime:
        return datetime.now(UTC) + self.offset()
