"""``./dev coverage``'s plugin (tests/coverage_hook): a process with a stop handler of its own
saves its coverage data as SIGTERM arrives, so a SIGKILL that follows a slow stop (the console's
demo gives its service 0.3 s) loses nothing it had run."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

HOOK = Path(__file__).parent / "coverage_hook"

CHILD = textwrap.dedent(
    """
    import signal, sys, time

    def stuck(signum, frame):  # a clean exit that never ends
        time.sleep(600)

    signal.signal(signal.SIGTERM, stuck)
    ran_before_the_signal = True
    print("ready", flush=True)
    time.sleep(600)
    """
)


def _killed_after_sigterm(tmp_path: Path, plugins: str) -> list[Path]:
    script = tmp_path / "child.py"
    script.write_text(CHILD, encoding="utf-8")
    rc = tmp_path / "coveragerc"
    rc.write_text(
        f"[run]\nparallel = true\ndata_file = {tmp_path / 'data' / 'cov'}\nplugins = {plugins}\n",
        encoding="utf-8",
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("COVERAGE_")}
    env["PYTHONPATH"] = str(HOOK)
    child = subprocess.Popen(
        [sys.executable, "-m", "coverage", "run", f"--rcfile={rc}", str(script)],
        stdout=subprocess.PIPE,
        env=env,
        cwd=tmp_path,
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == b"ready"
        child.send_signal(signal.SIGTERM)
        try:
            child.wait(2)
        except subprocess.TimeoutExpired:
            child.kill()
        assert child.wait(10) == -signal.SIGKILL  # the handler never let it end
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    return sorted((tmp_path / "data").glob("cov.*"))


def _lines(data_file: Path, script: Path) -> set[int]:
    db = sqlite3.connect(data_file)
    try:
        rows = db.execute(
            "SELECT numbits FROM line_bits JOIN file ON file.id = line_bits.file_id"
            " WHERE file.path = ?",
            (str(script),),
        ).fetchall()
    finally:
        db.close()
    lines: set[int] = set()
    for (bits,) in rows:
        for index, byte in enumerate(bits):
            lines.update(index * 8 + bit for bit in range(8) if byte >> bit & 1)
    return lines


def test_a_process_killed_after_sigterm_still_has_its_data(tmp_path: Path) -> None:
    files = _killed_after_sigterm(tmp_path, "pronote_coverage_hook")
    assert len(files) == 1
    ran = CHILD.splitlines().index("ran_before_the_signal = True") + 1
    assert ran in _lines(files[0], tmp_path / "child.py")


def test_without_the_plugin_such_a_process_leaves_no_data(tmp_path: Path) -> None:
    """What the plugin is for: coverage alone writes nothing for it."""
    assert _killed_after_sigterm(tmp_path, "") == []
