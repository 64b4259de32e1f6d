"""`python -m bench.bigschool --instance DIR [--scale 10]`: build the big school into DIR/qcbd.sqlite3."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path[0] = str(Path(__file__).resolve().parents[2])

from bench import report  # noqa: E402


def main() -> None:
    """Build, then print what was made and how long each part took."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--instance", required=True, help="instance folder (created); the database goes in it")
    parser.add_argument("--scale", type=int, default=10)
    args = parser.parse_args()
    instance = Path(args.instance).resolve()
    instance.mkdir(parents=True, exist_ok=True)
    os.environ["QCBD_INSTANCE"] = str(instance)
    from bench.bigschool import build

    built = build(f"sqlite:///{instance / 'qcbd.sqlite3'}", args.scale)
    report.title(f"bench/bigschool · a school {args.scale}× the demo")
    table = report.Table(report.Column("part", 44), report.Column("seconds", 8, ".1f"))
    for name, seconds in built.timings.items():
        table.row(name, seconds)
    table.row("total", built.seconds)
    for name, count in built.counts.items():
        report.note(f"{name:<28} {count:>9,}")
    report.note(f"database: {instance / 'qcbd.sqlite3'}")


if __name__ == "__main__":
    main()
