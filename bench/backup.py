"""Backup and restore of a large base against ``sqlite3 .backup`` plus the ``zstd`` command line.

The base is the generator's full size (``bench/large_base.py``: 2,000 students, 300,000 grades,
100,000 absences), and half of it for the memory comparison. Each measurement runs in a fresh
process (peak resident memory is its own ``VmHWM``, reset after its imports), median of ``runs``:

* **backup (write)**: what a snapshot does before its verification: the online backup API into
  a temporary file, then the container (zstd level 3, checksums, manifest) written and synced;
* **backup (whole)**: :func:`pronote_server.snapshots.take`: the above, then the verification
  (read fully, both checksums, ``integrity_check`` of the decompressed base), rename;
* **restore**: :func:`~pronote_server.school.hnot.read_hnot`: the snapshot verified and
  decompressed into a new file (checksums, ``check_base`` with ``integrity_check``), synced;
* **reference backup**: ``sqlite3 BASE ".backup TMP"`` then ``zstd -3 -q TMP -o OUT`` (no sync);
* **reference restore**: ``zstd -d -q OUT -o TMP`` then ``sqlite3 NEW ".restore TMP"``, and
  the same followed by ``sqlite3 NEW "PRAGMA integrity_check"`` (ours checks that and more).

Targets (issue 5): the backup within 1.5x of the reference pair in time, no larger, memory
independent of the base's size.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from bench.figures import record
from pronote_api.snapshots import SnapshotKind
from pronote_server.school.populate import generate_base
from pronote_server.snapshots import backups as snapshots
from pronote_server.store.config import DataDir

HOSTING_NUMBER = "012345678912"
TARGET_RATIO = 1.5

_CHILD = r"""
import json, sys, time
from datetime import UTC, datetime
from pathlib import Path
from pronote_api.snapshots import SnapshotKind
from pronote_server.snapshots import backups as snapshots
from pronote_server.store.config import DataDir
from pronote_server.school.base import read_summary
from pronote_server.school.hnot import SnapshotInfo, read_hnot, write_hnot

def high_water_kb():
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0

mode, src, work, number = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4]
data = DataDir(work)
now = datetime.now(UTC)
Path("/proc/self/clear_refs").write_text("5")
base_kb = high_water_kb()
started = time.perf_counter()
size = 0
if mode == "write":
    folder = snapshots.store_dir(data, number, SnapshotKind.BACKUP)
    folder.mkdir(parents=True, exist_ok=True)
    raw, out = folder / "raw.tmp", folder / "out.sauvs"
    snapshots.online_copy(src, raw)
    info = read_summary(raw)
    snap = SnapshotInfo(id="0" * 32, kind="backup", taken_at=now,
                        base_created_at=info.created_at, last_entry_at=info.last_entry_at)
    write_hnot(raw, out, generated_at=now, snapshot=snap)
    raw.unlink()
    size = out.stat().st_size
    out.unlink()
elif mode == "take":
    item = snapshots.take(data, number, src, kind=SnapshotKind.BACKUP, now=now)
    size = item.path.stat().st_size
    item.path.unlink()
else:
    dest = work / "restored.sqlite"
    dest.unlink(missing_ok=True)
    read_hnot(src, dest, hosting_number=number)
    size = dest.stat().st_size
    dest.unlink()
elapsed = time.perf_counter() - started
peak_kb = high_water_kb()
print(json.dumps({"seconds": elapsed, "size": size, "delta_mb": (peak_kb - base_kb) / 1024}))
"""


def _child(mode: str, src: Path, work: Path) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, mode, str(src), str(work), HOSTING_NUMBER],
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, float] = json.loads(done.stdout)
    return result


def _reference(base: Path, work: Path) -> tuple[float, float, int, float]:
    """Seconds of the reference backup and restore, the size of its compressed file, and the
    restore followed by ``PRAGMA integrity_check`` (what ours checks too)."""
    tmp, out, back, new = (work / n for n in ("ref.sqlite", "ref.zst", "back.sqlite", "new.db"))
    for path in (tmp, out, back, new):
        path.unlink(missing_ok=True)
    started = time.perf_counter()
    subprocess.run(["/usr/bin/sqlite3", str(base), f".backup '{tmp}'"], check=True)
    subprocess.run(["/usr/bin/zstd", "-3", "-q", str(tmp), "-o", str(out)], check=True)
    backup = time.perf_counter() - started
    size = out.stat().st_size
    started = time.perf_counter()
    subprocess.run(["/usr/bin/zstd", "-d", "-q", str(out), "-o", str(back)], check=True)
    subprocess.run(["/usr/bin/sqlite3", str(new), f".restore '{back}'"], check=True)
    restore = time.perf_counter() - started
    subprocess.run(
        ["/usr/bin/sqlite3", str(new), "PRAGMA integrity_check"], check=True, capture_output=True
    )
    checked = time.perf_counter() - started
    for path in (tmp, out, back, new):
        path.unlink(missing_ok=True)
    return backup, restore, size, checked


def _median(values: list[float]) -> float:
    return statistics.median(values)


def main(runs: int = 5) -> None:
    runs = max(1, runs)
    with tempfile.TemporaryDirectory(prefix="bench-backup-") as tmp:
        work = Path(tmp)
        sizes: dict[float, dict[str, float]] = {}
        for scale in (0.5, 1.0):
            base = work / f"base-{scale}.sqlite"
            generate_base(base, scale=scale, hosting_number=HOSTING_NUMBER)
            store = work / f"store-{scale}"
            snapshot = snapshots.take(
                DataDir(store),
                HOSTING_NUMBER,
                base,
                kind=SnapshotKind.BACKUP,
                now=datetime.now(UTC),
            )
            figures: dict[str, list[dict[str, float]]] = {"write": [], "take": [], "restore": []}
            references: list[tuple[float, float, int, float]] = []
            for _ in range(runs if scale == 1.0 else 1):
                figures["write"].append(_child("write", base, store))
                figures["take"].append(_child("take", base, store))
                figures["restore"].append(_child("restore", snapshot.path, store))
                references.append(_reference(base, work))
            row = {name: _median([f["seconds"] for f in got]) for name, got in figures.items()}
            row |= {f"{n}_mb": max(f["delta_mb"] for f in got) for n, got in figures.items()}
            row["ours_size"] = figures["write"][0]["size"]
            row["ref_backup"] = _median([r[0] for r in references])
            row["ref_restore"] = _median([r[1] for r in references])
            row["ref_size"] = references[0][2]
            row["ref_checked"] = _median([r[3] for r in references])
            row["base_size"] = base.stat().st_size
            sizes[scale] = row
        full, half = sizes[1.0], sizes[0.5]
        print(f"backup/restore of a {full['base_size'] / 1e6:.1f} MB base ({runs} runs, median)")
        ratio = full["write"] / full["ref_backup"]
        print(
            f"  backup (write):  {full['write']:.2f} s   reference (sqlite3 .backup + zstd -3): "
            f"{full['ref_backup']:.2f} s   ratio {ratio:.2f} (target <= {TARGET_RATIO})"
        )
        print(
            f"  backup (whole, verified after writing): {full['take']:.2f} s  "
            f"ratio {full['take'] / full['ref_backup']:.2f}"
        )
        print(
            f"  size: {full['ours_size'] / 1e6:.2f} MB   reference: {full['ref_size'] / 1e6:.2f} MB"
            f"   ratio {full['ours_size'] / full['ref_size']:.3f} (target <= 1)"
        )
        print(
            f"  restore (verified, integrity_check): {full['restore']:.2f} s   "
            f"reference (zstd -d + sqlite3 .restore): {full['ref_restore']:.2f} s   "
            f"ratio {full['restore'] / full['ref_restore']:.2f}; with its integrity_check: "
            f"{full['ref_checked']:.2f} s, ratio {full['restore'] / full['ref_checked']:.2f}"
        )
        record("backup", "backup write / reference", f"{ratio:.2f}x", f"<= {TARGET_RATIO}x",
               ratio <= TARGET_RATIO)  # fmt: skip
        verified = full["take"] / full["ref_backup"]
        record("backup", "backup verified / reference", f"{verified:.2f}x",
               f"<= {TARGET_RATIO}x", verified <= TARGET_RATIO)  # fmt: skip
        size = full["ours_size"] / full["ref_size"]
        record("backup", "size / reference", f"{size:.3f}x", "<= 1x", size <= 1.0)
        restore = full["restore"] / full["ref_checked"]
        record("backup", "verified restore / reference", f"{restore:.2f}x",
               f"<= {TARGET_RATIO}x", restore <= TARGET_RATIO)  # fmt: skip
        for name in ("write", "take", "restore"):
            print(
                f"  peak memory {name:>7}: {half[name + '_mb']:.1f} MiB at half size, "
                f"{full[name + '_mb']:.1f} MiB at full size"
            )


if __name__ == "__main__":
    main()
