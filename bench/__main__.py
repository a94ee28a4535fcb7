"""``./dev bench`` (or ``python -m bench [NAME ...]``): run the benchmarks and print their figures.

Benchmarks are measurements, not tests: they print what they measured beside the target and never
fail the build. Names: ``startup`` (console cold start, memory and idle output vs a minimal
Textual app), ``load_base`` (a large base's .HNOT checked and extracted, against a copy),
``connections`` (2,000 live desktop-client sessions: polls, 304 size, heartbeats per second),
``backup`` (a snapshot and a restore of a large base, against ``sqlite3 .backup`` + ``zstd``),
``console_table`` (bytes the connections table writes to 80x24, idle and per changed row),
``demo_exit`` (the console with its demo after SIGHUP or SIGTERM: time to exit, what is left),
``web`` (the web Espaces: pages beside a bare uvicorn app, direct logins at 20/s and the highest
rate sustained, memory over 10,000 logins; ``BENCH_WEB_SCALE=0.1`` for a tenth of the run).
"""

from __future__ import annotations

import argparse
import traceback
from collections.abc import Callable

from bench import backup, connections, console_table, demo_exit, load_base, startup, web
from bench.figures import FIGURES, record, table

BENCHES: dict[str, Callable[..., None]] = {
    "startup": startup.main,
    "load_base": load_base.main,
    "connections": connections.main,
    "backup": backup.main,
    "console_table": console_table.main,
    "demo_exit": demo_exit.main,
    "web": web.main,
}


def main() -> None:
    parser = argparse.ArgumentParser(prog="./dev bench", description=__doc__)
    parser.add_argument("names", nargs="*", metavar="NAME", help=", ".join(BENCHES))
    parser.add_argument("--runs", type=int, default=5, help="measured runs per program (median)")
    args = parser.parse_args()
    unknown = [name for name in args.names if name not in BENCHES]
    if unknown:
        parser.error(f"unknown benchmark {unknown[0]!r}; choose among {', '.join(BENCHES)}")
    for name in args.names or list(BENCHES):
        try:
            BENCHES[name](runs=args.runs)
        except Exception as exc:  # a bench that breaks says so; the others still run
            traceback.print_exc()
            record(name, "(the bench stopped)", type(exc).__name__, "", None)
        print(flush=True)
    if FIGURES:
        print("Summary (this machine, this run):")
        print(table(FIGURES))


if __name__ == "__main__":
    main()
