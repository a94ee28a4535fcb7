"""'Générer les fichiers pour l'hébergement' and a whole move-in: export from the old server's
base, load the .HNOT, attach the annexes, recover the users; the base arrives whole."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from school_support import HOSTING_NUMBER

from pronote_server.cli import main
from pronote_server.school.annexes import AnnexKind, attach_annex
from pronote_server.school.base import check_base, read_summary
from pronote_server.school.export import ExportResult, export_hosting_files, file_stem
from pronote_server.school.hnot import read_manifest
from pronote_server.school.profils import import_profils


def _rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def _contents(path: Path, table: str) -> dict[str, str | None]:
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute(f"SELECT filename, content FROM {table}").fetchall()  # noqa: S608
    finally:
        conn.close()
    return {
        str(name): hashlib.sha256(content).hexdigest() if content is not None else None
        for name, content in rows
    }


def test_the_files_are_named_after_the_base(exported: ExportResult) -> None:
    assert [p.name for p in exported.files] == [
        "Base_annee_2026-2027.HNOT",
        "Base_annee_2026-2027.HDOCJOINTS",
        "Base_annee_2026-2027.HPHOTOS",
        "Base_annee_2026-2027.HCOURRIERS",
        "Base_annee_2026-2027.profils",
    ]
    assert sorted(p.name for p in exported.hnot.parent.iterdir()) == sorted(
        p.name for p in exported.files
    )  # no temporary folder left
    assert file_stem("Lycée d'Arsonval / 2026") == "Lycee_d_Arsonval_2026"


def test_the_hnot_is_bound_to_the_number_and_carries_no_users_nor_annex_contents(
    source_base: Path, exported: ExportResult, loaded_base: Path
) -> None:
    assert read_manifest(exported.hnot).hosting_number == HOSTING_NUMBER
    info = read_summary(loaded_base)
    assert info.hosting_number == HOSTING_NUMBER
    assert info.counts == read_summary(source_base).counts
    assert info.superadmin_defined is False
    assert _rows(loaded_base, "SELECT COUNT(*) FROM users") == [(0,)]
    for table in ("attachments", "photos", "letters"):
        assert set(_contents(loaded_base, table).values()) == {None}


def test_a_whole_move_in_brings_the_base_back_whole(
    source_base: Path, exported: ExportResult, loaded_base: Path
) -> None:
    reports = {
        kind: attach_annex(loaded_base, path, hosting_number=HOSTING_NUMBER)
        for kind, path in exported.annexes.items()
    }
    assert set(reports) == set(AnnexKind)
    for report in reports.values():
        assert report.attached == report.entries > 0
        assert (report.already_there, report.unmatched, report.mismatched) == (0, [], [])
    for table in ("attachments", "photos", "letters"):
        assert _contents(loaded_base, table) == _contents(source_base, table)
    assert exported.profils is not None
    users = import_profils(loaded_base, exported.profils)
    assert len(users.created) == exported.users == 6 and users.refused == []
    query = (
        "SELECT u.identifier, u.display_name, r.right_key FROM users u "
        "JOIN user_rights r ON r.user_id = u.id ORDER BY 1, 3"
    )
    assert _rows(loaded_base, query) == _rows(source_base, query)
    assert check_base(loaded_base).counts == read_summary(source_base).counts


def test_the_source_base_is_left_as_it_was(source_base: Path, tmp_path: Path) -> None:
    before = hashlib.sha256(source_base.read_bytes()).hexdigest()
    export_hosting_files(source_base, tmp_path, hosting_number=HOSTING_NUMBER)
    assert hashlib.sha256(source_base.read_bytes()).hexdigest() == before


@dataclass
class Ran:
    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def _cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., Ran]:
    """``pronote-server ARGS`` in this process (the command is the same function)."""

    def run(*args: str) -> Ran:
        code = main(list(args))
        captured = capsys.readouterr()
        return Ran(code, captured.out, captured.err)

    return run


def test_the_command_writes_the_files_and_lists_them(
    source_base: Path, tmp_path: Path, _cli: Callable[..., Ran]
) -> None:
    out = tmp_path / "pour-hebergement"
    done = _cli(
        "--lang", "en", "export-hosting-files", "--base", str(source_base),
        "--hosting-number", HOSTING_NUMBER, "--out", str(out),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == f"Hosting files generated in {out}:"
    stem = "Base_annee_2026-2027"
    suffixes = [".HNOT", ".HDOCJOINTS", ".HPHOTOS", ".HCOURRIERS", ".profils"]
    assert [line.split()[0] for line in lines[1:]] == [stem + suffix for suffix in suffixes]
    assert sorted(p.name for p in out.iterdir()) == sorted(stem + s for s in suffixes)
    assert read_manifest(out / "Base_annee_2026-2027.HNOT").hosting_number == HOSTING_NUMBER


def test_the_command_refuses_in_one_line(
    source_base: Path, tmp_path: Path, _cli: Callable[..., Ran]
) -> None:
    bad_number = _cli(
        "--lang", "fr", "export-hosting-files", "--base", str(source_base),
        "--hosting-number", "0123", "--out", str(tmp_path / "a"),
    )  # fmt: skip
    assert bad_number.returncode == 2
    assert bad_number.stderr.strip().endswith("Le numéro d'hébergement compte 12 chiffres.")
    assert len(bad_number.stderr.strip().splitlines()) == 1
    not_a_base = tmp_path / "notes.txt"
    not_a_base.write_text("bonjour")
    refused = _cli(
        "--lang", "en", "export-hosting-files", "--base", str(not_a_base),
        "--hosting-number", HOSTING_NUMBER, "--out", str(tmp_path / "b"),
    )  # fmt: skip
    assert refused.returncode == 2
    assert refused.stderr.strip() == "Error: The file notes.txt is not a PRONOTE base."
    assert not (tmp_path / "a").exists() and not (tmp_path / "b").exists()


def test_a_failure_midway_leaves_no_file_in_the_folder(
    source_base: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("pronote_server.school.export.write_hnot", broken)
    out = tmp_path / "out"
    with pytest.raises(OSError):
        export_hosting_files(source_base, out, hosting_number=HOSTING_NUMBER)
    assert list(out.iterdir()) == []
