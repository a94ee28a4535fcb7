"""What the console needs from the machine it runs on: files written whole or not at all,
private folders, and whether it runs over SSH.

The bottom of the console's local layer: :mod:`pronote_tui.config`, :mod:`pronote_tui.credentials`
and :mod:`pronote_tui.certificates` stand on it. It imports only the standard library.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

__all__ = ["make_private_dir", "running_over_ssh", "write_file_atomic"]


def write_file_atomic(path: Path, data: str | bytes, *, private: bool = False) -> None:
    """Write ``data`` to ``path`` so that a reader sees the old file or the new one, never half.

    A private file is created 0600 from the start (not chmod-ed after), so its content is never
    readable by others even for an instant.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(tmp_name)
    try:
        # mkstemp already creates 0600; public files are widened to the usual 0644.
        if not private:
            os.fchmod(fd, 0o644)
        with os.fdopen(fd, "wb") as fh:
            fh.write(raw)
            fh.flush()
            os.fsync(fh.fileno())
        tmp.replace(path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise


def make_private_dir(path: Path) -> Path:
    """Create ``path`` (and parents) and make the leaf 0700: it holds keys or passwords."""
    path.mkdir(parents=True, exist_ok=True)
    path.chmod(0o700)
    return path


def running_over_ssh(environ: Mapping[str, str] | None = None) -> bool:
    env = os.environ if environ is None else environ
    return bool(env.get("SSH_CONNECTION") or env.get("SSH_TTY"))
