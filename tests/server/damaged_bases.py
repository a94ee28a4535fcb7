"""Bases damaged inside a ``.HNOT`` whose checksums are then made right again: what an attacker
(or a disk that failed before the export) hands over. The container passes both SHA-256, so only
the check of the base itself can refuse it."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

import zstandard

from pronote_server.school.container import HEADER_SIZE, HNOT_MAGIC, write_container

Damage = Callable[[bytearray, Path], None]
"""Changes the base's bytes in place (the path is a copy of the intact base, to inspect)."""


def rewrapped(hnot: Path, out: Path, damage: Damage) -> Path:
    """``hnot`` with its base changed by ``damage``, rewritten with the same manifest but for the
    sizes and checksums, which are those of the damaged bytes (and pass)."""
    raw = hnot.read_bytes()
    size = int.from_bytes(raw[HEADER_SIZE - 4 : HEADER_SIZE], "big")
    manifest: dict[str, Any] = json.loads(raw[HEADER_SIZE : HEADER_SIZE + size])
    payload = raw[HEADER_SIZE + size :]
    base = bytearray(zstandard.ZstdDecompressor().decompressobj().decompress(payload))
    with tempfile.TemporaryDirectory() as tmp:
        intact = Path(tmp) / "intact.sqlite"
        intact.write_bytes(bytes(base))
        damage(base, intact)
    data = bytes(base)

    def write_payload(sink: IO[bytes]) -> None:
        sink.write(data)

    def document(payload_size: int, payload_sha256: str) -> dict[str, Any]:
        manifest["payload"] = {
            "compression": "zstd",
            "size": payload_size,
            "sha256": payload_sha256,
        }
        manifest["base"] = {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
        return manifest

    write_container(out, magic=HNOT_MAGIC, manifest=document, write_payload=write_payload)
    return out


def _checks(base: bytes) -> tuple[str, str]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "damaged.sqlite"
        path.write_bytes(base)
        conn = sqlite3.connect(path)
        try:
            return (
                conn.execute("PRAGMA quick_check(1)").fetchone()[0],
                conn.execute("PRAGMA integrity_check(1)").fetchone()[0],
            )
        except sqlite3.DatabaseError as exc:
            return str(exc), str(exc)
        finally:
            conn.close()


def index_out_of_step(base: bytearray, intact: Path) -> None:
    """A room renamed in its table row only: every page is well formed and every index holds as
    many entries as its table (``quick_check`` passes), but the name's index still has the old
    name, so a look-up by name finds the wrong row. Only ``integrity_check`` sees it."""
    conn = sqlite3.connect(intact)
    try:
        name = str(conn.execute("SELECT name FROM rooms ORDER BY id LIMIT 1").fetchone()[0])
    finally:
        conn.close()
    old = name.encode()
    new = b"Z" * len(old)  # same length: the record keeps its size
    assert base.count(old) >= 2 and new not in base  # in the table and in its index
    at = base.index(old)
    base[at : at + len(old)] = new
    quick, full = _checks(bytes(base))
    assert quick == "ok" and full != "ok", (quick, full)


def garbage_in_an_index_page(base: bytearray, intact: Path) -> None:
    """Random bytes written over the middle of an index's root page: a corrupt b-tree."""
    conn = sqlite3.connect(intact)
    try:
        page_size = int(conn.execute("PRAGMA page_size").fetchone()[0])
        root = conn.execute(
            "SELECT rootpage FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'rooms'"
        ).fetchone()[0]
    finally:
        conn.close()
    start = (int(root) - 1) * page_size + 8
    base[start : start + page_size // 2] = bytes((n * 151 + 7) % 256 for n in range(page_size // 2))
    quick, full = _checks(bytes(base))
    assert quick != "ok" and full != "ok", (quick, full)


DAMAGES: dict[str, Damage] = {
    "index out of step with its rows": index_out_of_step,
    "garbage in an index page": garbage_in_an_index_page,
}
