"""Run the shared ``termbench.py`` tool and collect its JSON reports.

The tool lives in ``../shared/tools/termbench.py`` beside the repository (``TERMBENCH`` overrides
the path). It starts a program in a pseudo-terminal, answers its terminal queries through pyte,
and reports start time, bytes written, CPU and peak resident memory of the process tree.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def termbench_path() -> Path:
    override = os.environ.get("TERMBENCH")
    path = Path(override) if override else REPO.parent / "shared" / "tools" / "termbench.py"
    if not path.is_file():
        raise SystemExit(
            f"termbench.py not found at {path}: set TERMBENCH to the shared tool's path"
        )
    return path


@dataclass
class Run:
    startup_s: float
    peak_rss_mb: float
    windows: dict[str, dict[str, float]]
    screen: list[str]


def run_once(
    command: list[str],
    steps: list[dict[str, object]],
    *,
    size: str = "80x24",
    env: dict[str, str] | None = None,
) -> Run:
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "steps.json"
        report = Path(tmp) / "report.json"
        script.write_text(json.dumps(steps))
        args = [sys.executable, str(termbench_path()), "--size", size, "--script", str(script)]
        for key, value in (env or {}).items():
            args += ["--env", f"{key}={value}"]
        args += ["-o", str(report), "--", *command]
        proc = subprocess.run(args, capture_output=True, text=True, check=False)
        if not report.exists():
            raise SystemExit(f"termbench failed: {proc.stderr.strip()[-800:]}")
        data = json.loads(report.read_text())
    screen = [str(line) for line in data.get("final_screen", [])]
    if proc.returncode != 0 or not data.get("ok", False):
        shown = "\n".join(screen)
        name = " ".join(command[:3])
        raise SystemExit(f"termbench step failed for {name}:\n{shown}\n{data.get('errors')}")
    return Run(
        startup_s=float(data["startup_s"]),
        peak_rss_mb=float(data["peak_rss_kb"]) / 1024,
        windows={name: dict(w) for name, w in data.get("windows", {}).items()},
        screen=screen,
    )


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")
