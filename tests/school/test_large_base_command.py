"""``python -m bench.large_base``: the documented generator's command line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from pronote_server.school.base import check_base

REPO = Path(__file__).parents[2]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bench.large_base", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


def test_it_writes_the_base_and_prints_its_counts(tmp_path: Path) -> None:
    out = tmp_path / "small.sqlite"
    done = _run(str(out), "--scale", "0.005", "--seed", "3")
    assert done.returncode == 0, done.stderr
    info = check_base(out)
    assert info.counts.resources["students"] == 10
    assert info.counts.schooling["grades"] == 1500
    lines = done.stdout.splitlines()
    assert lines[0].startswith(f"{out}: ")
    assert "10 students" in lines[1] and "1,500 grades" in lines[2]


def test_it_never_overwrites_a_file(tmp_path: Path) -> None:
    out = tmp_path / "taken.sqlite"
    out.write_bytes(b"keep")
    done = _run(str(out), "--scale", "0.005")
    assert done.returncode == 2 and "already exists" in done.stderr
    assert out.read_bytes() == b"keep"
