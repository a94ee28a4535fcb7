"""Generate a populated school base (``python -m bench.large_base OUT [--scale S] [--seed N]``).

The default is the benchmark's size: 2,000 students in 67 classes, 150 teachers, 300,000 grades,
100,000 absences, with everything around them (timetable, homework, lesson logs, report comments,
assessments, report cards, lateness, punishments, sanctions, documents, photos, letters,
administrative users, a few rows in every category of Fiche 6). ``--scale 0.1`` divides every
headline size by ten (the demo uses about that); the same seed and scale give the same file.

The generator itself is :func:`pronote_server.school.populate.generate_base` (importable by the
service's demo and by tests, which an installed service could not do with ``bench``).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from pronote_server.school.populate import generate_base


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.large_base", description=__doc__)
    parser.add_argument("out", type=Path, help="the base file to write (must not exist)")
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the full size")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--hosting-number", default="012345678912")
    parser.add_argument("--school-year", default="2026-2027")
    args = parser.parse_args(argv)
    if args.scale <= 0:
        parser.error("--scale must be positive")
    if args.out.exists():
        parser.error(f"{args.out} already exists")
    started = time.perf_counter()
    info = generate_base(
        args.out,
        scale=args.scale,
        seed=args.seed,
        hosting_number=args.hosting_number,
        school_year=args.school_year,
        name=f"Base année {args.school_year}",
    )
    elapsed = time.perf_counter() - started
    print(f"{args.out}: {info.size_bytes / 1e6:.1f} MB in {elapsed:.1f} s")
    for group, counts in info.counts.model_dump().items():
        print(f"  {group}: " + ", ".join(f"{n:,} {name}" for name, n in counts.items()))


if __name__ == "__main__":
    main()
