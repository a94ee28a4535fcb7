"""A base's ``.HNOT``, its annexes and its ``.profils``, as the school's old server writes them
with "Générer les fichiers pour l'hébergement" (Fiche 7, first page).

``pronote-server export-hosting-files --base FILE --hosting-number N --out DIR`` calls
:func:`export_hosting_files`. The base is first copied with SQLite's online backup API (so a base
in use gives a consistent snapshot) into a private temporary folder inside ``DIR``, and the copy
is bound to the hosting number. The annexes and the ``.profils`` are written from it; then what
they carry is removed from the copy (the annex contents, and the users: the administrators
travel in the ``.profils`` and the superadministrator is defined again at the first "Mettre en
service", as on the old server), the copy is compacted (``VACUUM``) and packed into the
``.HNOT``. Every file is written in that folder and moved into ``DIR`` only once all of them
are complete, so a failure leaves no partial set.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
import tempfile
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from pronote_api.errors import ErrorCode
from pronote_api.validation import is_hosting_number
from pronote_server.errors import SchoolError
from pronote_server.school.annexes import EXTENSIONS, TABLES, AnnexKind, write_annex
from pronote_server.school.base import check_base, connect, transaction
from pronote_server.school.hnot import write_hnot
from pronote_server.school.profils import write_profils


@dataclass
class ExportResult:
    hnot: Path
    annexes: dict[AnnexKind, Path] = field(default_factory=dict)
    profils: Path | None = None
    users: int = 0

    @property
    def files(self) -> list[Path]:
        listed = [self.hnot, *self.annexes.values()]
        return listed + ([self.profils] if self.profils else [])


def file_stem(base_name: str) -> str:
    """``"Base année 2026-2027"`` -> ``"Base_annee_2026-2027"`` (the old server's habit)."""
    ascii_name = unicodedata.normalize("NFKD", base_name).encode("ascii", "ignore").decode()
    stem = re.sub(r"[^A-Za-z0-9-]+", "_", ascii_name).strip("_-")
    return stem[:60] or "base"


def export_hosting_files(
    base_path: Path,
    out_dir: Path,
    *,
    hosting_number: str,
    generated_at: datetime | None = None,
) -> ExportResult:
    """Write ``NAME.HNOT``, ``NAME.HDOCJOINTS`` / ``.HPHOTOS`` / ``.HCOURRIERS`` (those the base
    has contents for) and ``NAME.profils`` into ``out_dir``, bound to ``hosting_number``."""
    if not is_hosting_number(hosting_number):
        raise SchoolError(
            ErrorCode.VALIDATION_ERROR, "base.problem.hosting_number", field="hosting_number"
        )
    info = check_base(base_path)
    moment = generated_at or datetime.now(UTC)
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = file_stem(info.name)
    work = Path(tempfile.mkdtemp(prefix=".export-", dir=out_dir))
    try:
        snapshot = work / ".base.sqlite"
        _snapshot(base_path, snapshot, hosting_number)
        result = ExportResult(hnot=work / f"{stem}.HNOT")
        for kind in AnnexKind:
            target = work / f"{stem}{EXTENSIONS[kind]}"
            if write_annex(snapshot, target, kind, generated_at=moment) is not None:
                result.annexes[kind] = target
        result.profils = work / f"{stem}.profils"
        result.users = write_profils(snapshot, result.profils)
        _without_travelling_data(snapshot)
        write_hnot(snapshot, result.hnot, generated_at=moment)
        # All written: only now do they appear in DIR, so a failure leaves no partial set.
        result.hnot = _move(result.hnot, out_dir)
        result.annexes = {kind: _move(path, out_dir) for kind, path in result.annexes.items()}
        result.profils = _move(result.profils, out_dir)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return result


def _move(path: Path, directory: Path) -> Path:
    target = directory / path.name
    path.replace(target)
    return target


def _snapshot(source: Path, target: Path, hosting_number: str) -> None:
    src = connect(source, readonly=True)
    dst = sqlite3.connect(target, isolation_level=None)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()
    conn = connect(target)
    try:
        with transaction(conn):
            conn.execute("UPDATE meta SET hosting_number = ? WHERE id = 1", (hosting_number,))
    finally:
        conn.close()


def _without_travelling_data(path: Path) -> None:
    """Empty what travels in the other files: annex contents, and the users (the ``.profils``
    carries the administrators; the superadministrator is defined again at the first start)."""
    conn = connect(path)
    try:
        with transaction(conn):
            for table in TABLES.values():
                conn.execute(f"UPDATE {table} SET content = NULL")  # noqa: S608
            conn.execute("DELETE FROM user_rights")
            conn.execute("DELETE FROM users")
        conn.execute("VACUUM")
    finally:
        conn.close()
