"""The generated base: the sizes asked for, every category filled, the same base for the same
seed, and a base that passes its own checks."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from pronote_server.school.base import check_base
from pronote_server.school.categories import CATEGORIES
from pronote_server.school.populate import generate_base
from pronote_server.school.populate_base import FULL, Sizes

SCALE = 0.01


@pytest.fixture(scope="module")
def small_base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("populate") / "small.sqlite"
    generate_base(path, scale=SCALE)
    return path


def test_the_headline_sizes_are_the_ones_asked_for(small_base: Path) -> None:
    info = check_base(small_base)
    expected = FULL.scaled(SCALE)
    assert expected == Sizes(students=20, teachers=2, grades=3000, absences=1000)
    assert info.counts.resources["students"] == 20
    assert info.counts.resources["teachers"] == 2
    assert info.counts.schooling["grades"] == 3000
    assert info.counts.school_life["absences"] == 1000
    assert all(n > 0 for group in info.counts.model_dump().values() for n in group.values())
    assert info.last_entry_at is not None and info.created_at < info.last_entry_at


def test_every_category_has_rows(small_base: Path) -> None:
    conn = sqlite3.connect(small_base)
    try:
        empty = [
            (item.key, table)
            for item in CATEGORIES
            for table in item.tables
            if conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] == 0  # noqa: S608
        ]
    finally:
        conn.close()
    assert empty == []


def test_the_same_seed_gives_the_same_file_and_another_seed_another(
    small_base: Path, tmp_path: Path
) -> None:
    again = tmp_path / "again.sqlite"
    other = tmp_path / "other.sqlite"
    generate_base(again, scale=SCALE)
    generate_base(other, scale=SCALE, seed=7)
    digest = hashlib.sha256(small_base.read_bytes()).hexdigest()
    assert hashlib.sha256(again.read_bytes()).hexdigest() == digest
    assert hashlib.sha256(other.read_bytes()).hexdigest() != digest
    assert check_base(other).counts == check_base(small_base).counts
    assert sorted(p.name for p in tmp_path.iterdir()) == ["again.sqlite", "other.sqlite"]


def test_an_existing_file_is_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "base.sqlite"
    path.write_bytes(b"precious")
    with pytest.raises(FileExistsError):
        generate_base(path, scale=SCALE)
    assert path.read_bytes() == b"precious"
    assert [p.name for p in tmp_path.iterdir()] == ["base.sqlite"]
