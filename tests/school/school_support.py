"""Constants and builders shared by the school-base tests (a module of its own: test modules
import it by name, which ``conftest`` is not safe for when several conftest files exist)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from pronote_server.school.schema import MIGRATIONS

HOSTING_NUMBER = "012345678912"
OTHER_HOSTING_NUMBER = "987654321098"
ROBUST_PASSWORD = "Xk7#pL9q!mZ2"


def version_1_base(path: Path) -> Path:
    """A base as the first schema wrote it (no counts table), with three rooms."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.executescript(MIGRATIONS[0])
        conn.executescript(
            "INSERT INTO meta VALUES (1, '0123456789abcdef0123456789abcdef', 'Base 2025', "
            "'2025-2026', '2025-08-14T09:00:00+00:00', NULL, '012345678912');"
            "INSERT INTO time_grid VALUES (1, 0, '[0, 1, 2, 3, 4]', 10, 60, 2);"
            "INSERT INTO rooms (name) VALUES ('B12'), ('B13'), ('CDI');"
            "PRAGMA user_version = 1;"
        )
    finally:
        conn.close()
    return path
