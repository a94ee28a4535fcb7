"""Bytes the connections table writes to an 80x24 terminal: while nothing changes, and per row
that changes; the console's :class:`~pronote_tui.widgets.live_table.LiveTable` beside Textual's
``DataTable.update_cell`` on the same 50 sessions.

Each table runs alone, full screen, in a pseudo-terminal (``termbench.py``, pyte answering the
terminal's queries, ``TERM=xterm-256color``). The ``c`` key changes the State of one visible row
(not the cursor's), as a poll bringing one changed session does. Windows: ``idle`` (3 s, nothing
changes) and ``change`` (5 changes, 0.4 s apart; the figure is per change). Target: nothing while
idle, at most 800 bytes per changed row.

``python -m bench.console_table --app live|datatable`` runs one table by itself.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from textual.app import App, ComposeResult
from textual.widgets import DataTable

from bench.figures import record
from bench.termbench import REPO, Run, median, run_once
from pronote_tui.widgets.live_table import Column, LiveTable

ROWS = 50
CHANGED_ROW = 5
CHANGES = 5
READY_TEXT = "Poste 03"
STATES = ("En modification", "Sans nouvelles")
COLUMNS = [
    Column("workstation", "Poste", 7, 1),
    Column("application", "Application connectée", 9, 2),
    Column("state", "État", 9, 2),
    Column("mode", "Mode", 7, 1),
    Column("user", "Utilisateur", 8, 2),
    Column("base", "Base", 6, 1),
]


def session_row(n: int, state: str = STATES[0]) -> tuple[str, ...]:
    mode = ("Administratif", "Enseignant", "Vie scolaire")[n % 3]
    return (f"Poste {n:02d}", "Client PRONOTE", state, mode, f"user.{n:02d}", "Base 2026-2027")


class TableApp(App[None]):
    BINDINGS = [("c", "change", "Change"), ("q", "quit", "Quit")]

    def __init__(self, kind: str) -> None:
        super().__init__()
        self.kind = kind
        self.changes = 0

    def compose(self) -> ComposeResult:
        if self.kind == "live":
            yield LiveTable(COLUMNS)
        else:
            yield DataTable(cursor_type="row")

    def on_mount(self) -> None:
        if self.kind == "live":
            live = self.query_one(LiveTable)
            live.apply([(f"s{n:02d}", session_row(n)) for n in range(ROWS)])
            live.focus()
            return
        table: DataTable[str] = self.query_one(DataTable)
        for column in COLUMNS:
            table.add_column(column.label, key=column.key)
        for n in range(ROWS):
            table.add_row(*session_row(n), key=f"s{n:02d}")
        table.focus()

    def action_change(self) -> None:
        self.changes += 1
        state = STATES[self.changes % 2]
        key = f"s{CHANGED_ROW:02d}"
        if self.kind == "live":
            self.query_one(LiveTable).apply([(key, session_row(CHANGED_ROW, state))])
        else:
            table: DataTable[str] = self.query_one(DataTable)
            table.update_cell(key, "state", state)


def steps() -> list[dict[str, object]]:
    script: list[dict[str, object]] = [
        {"wait": READY_TEXT, "timeout": 30},
        {"sleep": 1.0},
        {"start": "idle"},
        {"sleep": 3.0},
        {"end": "idle"},
        {"start": "change"},
    ]
    for _ in range(CHANGES):
        script += [{"keys": ["c"]}, {"sleep": 0.4}]
    script += [{"end": "change"}, {"keys": ["q"]}, {"exit": 10}]
    return script


def measure(kind: str, runs: int) -> tuple[float, float]:
    command = [sys.executable, "-m", "bench.console_table", "--app", kind]
    env = {"TERM": "xterm-256color", "PYTHONPATH": str(REPO)}
    results: list[Run] = [run_once(command, steps(), env=env) for _ in range(runs)]
    idle = median([float(r.windows["idle"]["bytes"]) for r in results])
    change = median([float(r.windows["change"]["bytes"]) / CHANGES for r in results])
    return idle, change


def demo_steps() -> list[dict[str, object]]:
    """The real console (``pronote-tui demo``: 12 desktop clients of the demo's swarm coming
    and going), on Suivi des connexions through the palette, watched for 10 s."""
    return [
        {"wait": "Accueil", "timeout": 90},
        {"sleep": 2.0},
        {"keys": ["2"]},
        {"sleep": 1.0},
        {"keys": ["ctrl+p"]},
        {"sleep": 1.0},
        {"text": "Suivi des connexions : trier"},  # an entry that also focuses the table
        {"sleep": 1.0},
        {"keys": ["enter"]},
        {"wait": "connexion(s)", "timeout": 30},
        {"sleep": 3.0},
        {"start": "watch"},
        {"sleep": 10.0},
        {"end": "watch"},
        {"keys": ["ctrl+q"]},
        {"exit": 20},
    ]


def measure_demo() -> tuple[float, float, float]:
    """Bytes, repaints (write bursts) and the median repaint's bytes while watching."""
    command = [sys.executable, "-m", "pronote_tui", "demo", "--no-blink"]
    env = {"TERM": "xterm-256color", "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    watch: dict[str, Any] = dict(run_once(command, demo_steps(), env=env).windows["watch"])
    sizes = watch.get("burst_bytes")
    if isinstance(sizes, dict):
        burst = float(sizes.get("median", 0))
    else:
        burst = median([float(size) for size in sizes or []])
    return float(watch["bytes"]), float(watch["bursts"]), burst


def main(runs: int = 5) -> None:
    runs = max(1, min(runs, 3))  # each run is a few seconds of wall time
    live_idle, live_change = measure("live", runs)
    table_idle, table_change = measure("datatable", runs)
    demo = measure_demo()
    print(f"console_table: 80x24, {ROWS} sessions, median of {runs} run(s)")
    print(f"  {'':28} {'idle 3 s':>10} {'per changed row':>16}")
    print(f"  {'LiveTable (console)':28} {live_idle:>8.0f} B {live_change:>14.0f} B")
    print(f"  {'DataTable.update_cell':28} {table_idle:>8.0f} B {table_change:>14.0f} B")
    verdict = "met" if live_idle == 0 and live_change <= 800 else "NOT met"
    record("console_table", "idle output", f"{live_idle:.0f} B", "0 B", live_idle == 0)
    record("console_table", "bytes per changed row", f"{live_change:.0f} B", "<= 800 B",
           live_change <= 800)  # fmt: skip
    print(f"  target (0 B idle, <= 800 B per changed row): {verdict}")
    written, repaints, burst = demo
    seen = f"{repaints:.0f} repaints of {burst:.0f} B (median)" if repaints else "no repaint"
    print(f"  the console in the demo (12 sessions coming and going, 10 s): {written:.0f} B,", seen)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--app", choices=("live", "datatable"), required=True)
    TableApp(parser.parse_args().app).run()
