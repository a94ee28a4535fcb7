"""Named points inside the long operations where a test can hold the service, then kill it.

A kill "in the middle of a restore" after a fixed sleep lands wherever the machine's load puts it:
before the job, during it or after, and the test's checks hold in every case, so they prove
little (issue 12). Here a test names the point instead: with ``PRONOTE_TEST_CHECKPOINTS`` set to
a folder, an operation reaching a point ``NAME`` for which the test created ``NAME.hold`` writes
``NAME`` (the proof it got there) and waits there forever; the test then kills the service.

Without the variable (any real service) :func:`reached` returns at once and costs one lookup in
the environment. Only the points of :data:`POINTS` can be held (a test checks that each is
reached), so a name built from an operation's kind that is not listed simply passes.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Final

ENV: Final = "PRONOTE_TEST_CHECKPOINTS"

POINTS: Final = (
    "restore.extracting",  # half of the snapshot's base decompressed to its temporary file
    "restore.saved_before",  # the before-restore snapshot written, nothing else changed yet
    "restore.before_rename",  # the verified base synced, about to be renamed over the base
    "restore.after_rename",  # renamed, the store not yet told
    "backup.packed",  # the snapshot written to its temporary name, not yet verified
    "backup.before_rename",  # verified and recorded, about to be renamed into the list
)


def reached(name: str) -> None:
    """Hold here if a test asked to (see the module's docstring); otherwise return at once."""
    folder = os.environ.get(ENV)
    if not folder:
        return
    if name not in POINTS:
        return
    hold = Path(folder) / f"{name}.hold"
    if not hold.exists():
        return
    (Path(folder) / name).write_text(str(os.getpid()))
    while True:  # until killed: this is what the test came to do
        time.sleep(3600)
