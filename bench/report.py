"""The one output format of every benchmark: a title, setup notes, a table of figures, then the targets.

    == bench/pages.py · main pages under load (demo school) ==
       gunicorn 2 workers × 4 threads; 16 clients ...
       page                         req/s  p50 ms  p95 ms  p99 ms  × bare
       /                            210.3    61.2    98.0   120.4    1.52
       target  p95 ≤ 50 ms at 16 clients             98.0 ms (/)         MISS

Figures are plain numbers right-aligned under their heading, so runs can be compared line by line.
"""
from __future__ import annotations

import os
import statistics
import sys
from dataclasses import dataclass

WIDTH = 78


def title(text: str) -> None:
    """The heading of one benchmark (or of one part of it)."""
    print(f"\n== {text} ==", flush=True)


def note(text: str) -> None:
    """A setup line: how the load was made, on what data, with what server."""
    print(f"   {text}", flush=True)


@dataclass(frozen=True)
class Column:
    heading: str
    width: int
    fmt: str = ""  #: format spec for numbers, e.g. ".1f"; text is left-aligned


class Table:
    """Rows of figures under headings; the first column is the label (left-aligned)."""

    def __init__(self, *columns: Column):
        self.columns = columns
        print("   " + self._line([c.heading for c in columns], headings=True), flush=True)

    def row(self, *values) -> None:
        print("   " + self._line(values), flush=True)

    def _line(self, values, headings: bool = False) -> str:
        cells = []
        for index, (column, value) in enumerate(zip(self.columns, values)):
            if index == 0:
                cells.append(f"{str(value):<{column.width}}")
            elif value is None or value == "":
                cells.append(f"{'—':>{column.width}}")
            elif headings or isinstance(value, str):
                cells.append(f"{str(value):>{column.width}}")
            else:
                cells.append(f"{value:>{column.width}{column.fmt}}")
        return " ".join(cells).rstrip()


def target(label: str, figure: str, ok: bool | None) -> None:
    """One target next to the measured figure: OK, MISS, or — when it could not be judged."""
    verdict = "—" if ok is None else ("OK" if ok else "MISS")
    print(f"   target  {label:<44} {figure:<22} {verdict}", flush=True)


def percentiles_ms(seconds: list[float]) -> dict[str, float]:
    """p50/p95/p99 and max of latencies given in seconds, in milliseconds (statistics.quantiles, inclusive method)."""
    ms = sorted(x * 1000 for x in seconds)
    if len(ms) < 2:
        value = ms[0] if ms else float("nan")
        return {"p50": value, "p95": value, "p99": value, "max": value}
    cuts = statistics.quantiles(ms, n=100, method="inclusive")
    return {"p50": cuts[49], "p95": cuts[94], "p99": cuts[98], "max": ms[-1]}


def machine() -> str:
    """CPU count and model, and how busy the machine already is (a shared machine skews every figure)."""
    model = ""
    try:
        with open("/proc/cpuinfo") as info:
            model = next((line.split(":", 1)[1].strip() for line in info if line.startswith("model name")), "")
    except OSError:
        pass
    load = " · load average %.1f %.1f %.1f before the run (other processes)" % os.getloadavg()
    return f"{os.cpu_count()} cores{' · ' + model if model else ''} · Python {sys.version.split()[0]}{load}"
