"""Helpers for the school-base tests: a fresh base in a temporary directory."""

from __future__ import annotations

from pathlib import Path

import pytest
from school_support import HOSTING_NUMBER

from pronote_api.school import TimeGrid
from pronote_server.school.base import create_base
from pronote_server.school.export import ExportResult, export_hosting_files
from pronote_server.school.hnot import read_hnot
from pronote_server.school.populate import generate_base


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


@pytest.fixture(scope="session")
def source_base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small populated base (20 students) as the school's old server holds it."""
    path = tmp_path_factory.mktemp("source") / "old-server.sqlite"
    generate_base(path, scale=0.01, hosting_number="000000000001")
    return path


@pytest.fixture(scope="session")
def exported(source_base: Path, tmp_path_factory: pytest.TempPathFactory) -> ExportResult:
    """The hosting files generated from :func:`source_base` for :data:`HOSTING_NUMBER`."""
    return export_hosting_files(
        source_base, tmp_path_factory.mktemp("export"), hosting_number=HOSTING_NUMBER
    )


@pytest.fixture
def loaded_base(exported: ExportResult, tmp_path: Path) -> Path:
    """The exported .HNOT loaded into a fresh file, as the service does (annexes not yet)."""
    dest = tmp_path / "loaded.sqlite"
    read_hnot(exported.hnot, dest, hosting_number=HOSTING_NUMBER)
    return dest
