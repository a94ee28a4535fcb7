"""Helpers for the school-base tests: a fresh base in a temporary directory."""

from __future__ import annotations

from pathlib import Path

import pytest

from pronote_api.school import TimeGrid
from pronote_server.school.base import create_base

HOSTING_NUMBER = "012345678912"
OTHER_HOSTING_NUMBER = "987654321098"
ROBUST_PASSWORD = "Xk7#pL9q!mZ2"


@pytest.fixture
def empty_base(tmp_path: Path) -> Path:
    path = tmp_path / "base.sqlite"
    create_base(
        path,
        grid=TimeGrid(),
        name="Base année 2026-2027",
        school_year="2026-2027",
        hosting_number=HOSTING_NUMBER,
    )
    return path
