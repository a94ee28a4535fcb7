"""Console cold start to the login screen, resident memory, and what an idle screen writes.

Each program is started in a pseudo-terminal at 80x24 by the shared termbench tool, alternately,
``runs`` times after one warm-up each (the warm-up fills the OS page cache and Python's bytecode
cache, which a manager's second start also enjoys); medians are printed. The console runs against
a real service started for the occasion. Two console figures: a workstation's first start (a fresh
configuration folder: the CA is fetched over TLS and pinned, minus the fingerprint question thanks
to ``--ca-fingerprint``) and the later starts (CA already pinned: no network before the login
screen), which is what a manager meets every day.

Targets (issue 2): start within 1.5x of the minimal app, memory under 80 MB, and nothing written to
the terminal while the login screen sits idle with the cursor blink off.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.figures import record
from bench.minimal_app import READY_TEXT as MINIMAL_READY
from bench.termbench import REPO, Run, median, run_once
from pronote_api.catalogue import tr

# The label of the login screen's first field: once it is drawn the manager can type.
LOGIN_READY_KEY = "login.hosting_number"
IDLE_SECONDS = 3.0
# The ready text is seen while the frame that carries it is still being written (a full frame is
# about 14 KB at 80x24, sent in several writes); the idle window starts once that frame is done.
SETTLE_SECONDS = 0.5
TARGET_RATIO = 1.3
TARGET_FIRST_RATIO = 1.6
"""Issue 12: later starts within 1.3x of the minimal app, a workstation's first within 1.6x."""
TARGET_MEMORY_MB = 80.0


def _start_service(workdir: Path) -> tuple[subprocess.Popen[bytes], dict[str, str]]:
    data = workdir / "data"
    ready = workdir / "ready.json"
    server = [sys.executable, "-m", "pronote_server"]
    subprocess.run([*server, "init", "--data", str(data)], check=True, capture_output=True)
    proc = subprocess.Popen(
        [
            *server,
            "serve",
            "--data",
            str(data),
            "--port",
            "0",
            "--enrol-port",
            "0",
            "--client-port",
            "0",
            "--ready-file",
            str(ready),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while not ready.exists():
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            raise SystemExit("the service did not start for the benchmark")
        time.sleep(0.05)
    return proc, json.loads(ready.read_text())


# What each program imports before it can draw: Textual's application module, and the console's
# own modules up to the login screen (the rest is imported after its first frame).
IMPORTS = {
    "textual.app": "import textual.app",
    "pronote_tui.app + login screen": (
        "import pronote_tui.cli, pronote_tui.app, pronote_tui.screens.login"
    ),
}


def import_times(runs: int) -> dict[str, float]:
    """Median seconds to import each of :data:`IMPORTS` in a fresh interpreter, the
    interpreter's own start (``pass``) taken off."""

    def once(code: str) -> float:
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        return time.perf_counter() - started

    codes = {"interpreter": "pass", **IMPORTS}
    seen: dict[str, list[float]] = {name: [] for name in codes}
    for _ in range(runs):
        for name, code in codes.items():
            seen[name].append(once(code))
    bare = median(seen.pop("interpreter"))
    return {name: median(times) - bare for name, times in seen.items()}


def _steps(ready_text: str) -> list[dict[str, object]]:
    return [
        {"wait": ready_text, "timeout": 30},
        {"sleep": SETTLE_SECONDS},
        {"start": "idle"},
        {"sleep": IDLE_SECONDS},
        {"end": "idle"},
        {"keys": ["ctrl+q"]},
        {"exit": 5},
    ]


def main(runs: int = 5) -> None:
    env = {"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    with tempfile.TemporaryDirectory(prefix="pronote-bench-") as tmp:
        service, ready = _start_service(Path(tmp))
        try:
            minimal_cmd = [sys.executable, str(REPO / "bench" / "minimal_app.py")]
            login_text = tr(LOGIN_READY_KEY, "fr")

            def console_cmd(i: int) -> list[str]:
                return [
                    sys.executable,
                    "-m",
                    "pronote_tui",
                    "--server",
                    ready["enrol_url"],
                    "--ca-fingerprint",
                    ready["ca_fingerprint_sha256"],
                    "--config-dir",
                    str(Path(tmp) / f"console-{i}"),
                    "--lang",
                    "fr",
                    "--no-blink",
                ]

            results: dict[str, list[Run]] = {"minimal": [], "first": [], "later": []}
            run_once(minimal_cmd, _steps(MINIMAL_READY), env=env)  # warm-up
            # The warm-up is also the workstation's first contact: "later" starts reuse its
            # folder (CA pinned), as every start after the first one on a workstation does.
            run_once(console_cmd(-1), _steps(login_text), env=env)
            for i in range(runs):
                results["minimal"].append(run_once(minimal_cmd, _steps(MINIMAL_READY), env=env))
                results["first"].append(run_once(console_cmd(i), _steps(login_text), env=env))
                results["later"].append(run_once(console_cmd(-1), _steps(login_text), env=env))
        finally:
            service.terminate()
            service.wait(10)

    def row(label: str, rs: list[Run]) -> tuple[float, float, float]:
        start = median([r.startup_s for r in rs])
        mem = median([r.peak_rss_mb for r in rs])
        idle = median([float(r.windows["idle"]["bytes"]) for r in rs])
        print(f"{label:<26}{start:>10.3f}{mem:>16.1f}{idle:>22.0f}")
        return start, mem, idle

    print(f"\nConsole start to the login screen, 80x24 pseudo-terminal, median of {runs} runs")
    idle_head = f"idle bytes / {IDLE_SECONDS:.0f} s"
    print(f"{'program':<26}{'start (s)':>10}{'peak RSS (MB)':>16}{idle_head:>22}")
    m_start, _, _ = row("minimal Textual app", results["minimal"])
    f_start, _, _ = row("pronote-tui, first start", results["first"])
    c_start, c_mem, c_idle = row("pronote-tui, later starts", results["later"])
    print(
        f"start ratio {c_start / m_start:.2f}x on later starts (target <= {TARGET_RATIO}x), "
        f"{f_start / m_start:.2f}x on a workstation's first start (fetches and pins the CA), "
        f"memory {c_mem:.1f} MB (target < {TARGET_MEMORY_MB:.0f} MB), "
        f"idle output {c_idle:.0f} bytes (target 0)"
    )
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    imported = import_times(runs)
    print("\nImports before the first frame, fresh interpreter, median of", runs, "runs")
    for name, seconds in imported.items():
        print(f"{name:<34}{seconds * 1000:>8.0f} ms")
    ratio = c_start / m_start
    record("startup", "later start / minimal app", f"{ratio:.2f}x", f"<= {TARGET_RATIO}x",
           ratio <= TARGET_RATIO)  # fmt: skip
    first = f_start / m_start
    record("startup", "first start / minimal app", f"{first:.2f}x", f"<= {TARGET_FIRST_RATIO}x",
           first <= TARGET_FIRST_RATIO)  # fmt: skip
    record("startup", "memory, later start", f"{c_mem:.1f} MB", f"< {TARGET_MEMORY_MB:.0f} MB",
           c_mem < TARGET_MEMORY_MB)  # fmt: skip
    record("startup", "idle output", f"{c_idle:.0f} B", "0 B", c_idle == 0)
