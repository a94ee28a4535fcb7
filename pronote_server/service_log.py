"""Logging of the running service: to stderr and to ``DATA/logs/service.log``.

Log lines never carry secrets: routers log nothing about bodies, uvicorn's access log shows
method, path and status only (no request bodies, no Authorization header), and unexpected errors
are logged without their message (see :func:`pronote_server.errors.describe_exception`).
"""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from pronote_server.store.files import make_private_dir

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def configure(log_dir: Path, level: int = logging.INFO) -> None:
    make_private_dir(log_dir)
    formatter = logging.Formatter(FORMAT)
    to_file = logging.handlers.RotatingFileHandler(
        log_dir / "service.log", maxBytes=5_000_000, backupCount=5, encoding="utf-8"
    )
    to_stderr = logging.StreamHandler()
    root = logging.getLogger()
    root.setLevel(level)
    for handler in (to_file, to_stderr):
        handler.setFormatter(formatter)
        root.addHandler(handler)
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logging.getLogger(name).propagate = True
