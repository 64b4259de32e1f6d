"""Bench: 150 certificates as one PDF through the app's code next to WeasyPrint rendering the very same HTML
directly (the engine's floor); one certificate on a warm process; the memory each needs.

Run by hand: `.venv/bin/python bench/pdf.py [--count 150] [--rounds 3]`.

Every measurement runs in a fresh process of its own (this script again, with --child), so that one does not
inherit the memory of another or of the set-up (which creates staff, and so loads pypinyin's dictionaries).
A child first renders one certificate (a warm server has printed before), then notes its resident memory
(the baseline: interpreter, imports, app, fonts), resets the kernel's high-water mark (/proc/self/clear_refs)
and renders the batch: the peak it reports is the highest resident memory of the process during the batch.
With --rounds N each path is measured N times, in turn, and the fastest time and the highest peak are kept.

Where the memory goes (measured step by step with /proc/self/status, December 2026, WeasyPrint 70): Python
with WeasyPrint ~50 MB; the app's imports and create_app ~60 MB more (the children never save staff, so
pypinyin's dictionaries are not loaded); the fonts a certificate uses, once mapped; and while a PDF is written
WeasyPrint copies each whole font file into a Python bytes object before subsetting it (freed afterwards), plus
the laid-out pages (~0.35 MB each). With Debian's full Noto Serif CJK files (26 and 27 MB .ttc files holding
every CJK language) the fonts alone cost ~105 MB of a batch's peak; the print templates now ask first for
GB2312 copies of the same faces (~4.7 MB each, blueprints/core/print_fonts.py), and the full files are mapped
only when a document holds a rarer character. Before core.pdf kept one FontConfiguration per process, every PDF
mapped the fonts afresh and a process printing one certificate after another grew by ~50 MB every other PDF.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)  # the repository, not bench/, so that bench/pdf.py never shadows a module named pdf

from bench import report  # noqa: E402

BASE_URL = "http://qcbd.local/"
WARM_RUNS = 5  #: renders of one certificate after the first, whose median is "one certificate, warm"


def _memory() -> dict[str, float]:
    """Resident memory now and its high-water mark, in MB (Linux /proc)."""
    values = {}
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(("VmRSS:", "VmHWM:")):
                values[line.split(":")[0]] = int(line.split()[1]) / 1024
    return {"rss": values["VmRSS"], "hwm": values["VmHWM"]}


def _reset_peak() -> bool:
    """Make the high-water mark start again from the current resident memory (Linux ≥ 4.0)."""
    try:
        with open("/proc/self/clear_refs", "w") as refs:
            refs.write("5")
        return True
    except OSError:
        return False


# ---------------------------------------------------------------- set-up (parent process)

def prepare(folder: Path, count: int) -> None:
    """A database with `count` honour certificates, and the HTML of one and of all of them for the floor."""
    os.environ["QCBD_INSTANCE"] = str(folder / "instance")
    from app import create_app, db
    from blueprints.accounts.models import Staff
    from blueprints.certificates.issuing import for_award, issue_many
    from blueprints.certificates.render import certificates_html
    from blueprints.honours.models import Award

    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.db"})
    with app.app_context():
        db.create_all()
        admin = Staff(staff_no="A1", name="管理员", gender="F")
        db.session.add(admin)
        awards = []
        for i in range(count):
            person = Staff(staff_no=f"T{i:04d}", name=f"教师{i:03d}号", gender="F")
            awards.append(Award(recipient_kind="teacher", staff=person, title=f"开化县第{i}届小学语文优质课评比",
                                category="优质课评比", level="县", grade="一等奖", awarded_on=date(2026, 5, 22)))
        db.session.add_all(awards)
        db.session.flush()
        certs = issue_many([for_award(a) for a in awards], issued_by=admin, today=date(2026, 9, 10),
                           now=datetime(2026, 9, 10, 2))
        db.session.commit()
        with app.test_request_context():
            (folder / "one.html").write_text(certificates_html(certs[:1], BASE_URL))
            (folder / "all.html").write_text(certificates_html(certs, BASE_URL))
        db.engine.dispose()


def run_child(mode: str, folder: Path) -> dict:
    """Run one measurement in a fresh interpreter; its last output line is the JSON result."""
    env = {**os.environ, "QCBD_INSTANCE": str(folder / "instance")}
    done = subprocess.run([sys.executable, __file__, "--child", mode, "--folder", str(folder)],
                          cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"child {mode} failed")
    return json.loads(done.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------- measurements (child processes)

def child(mode: str, folder: Path) -> dict:
    """One measurement; see the module docstring."""
    if mode == "floor":
        return _floor(folder)
    from app import create_app, db
    from blueprints.certificates.models import Certificate
    from sqlalchemy import select
    from sqlalchemy.orm import selectinload

    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.db"})
    with app.app_context(), app.test_request_context():
        certs = list(db.session.scalars(select(Certificate).order_by(Certificate.id)
                                        .options(selectinload(Certificate.staff))))
        return {"single": _single, "app": _app_path, "job": _job_path}[mode](certs)


def _measured(work) -> dict:
    """Baseline, then `work()` timed with the peak of resident memory during it."""
    baseline = _memory()["rss"]
    reset = _reset_peak()
    started = time.perf_counter()
    result = work()
    seconds = time.perf_counter() - started
    memory = _memory()
    return {"seconds": seconds, "baseline": baseline, "peak": memory["hwm"] if reset else None,
            "after": memory["rss"], **result}


def _single(certs) -> dict:
    from blueprints.certificates.render import certificates_pdf

    certificates_pdf(certs[:1], BASE_URL)  # the first one loads fonts and templates

    def work():
        times = []
        for _ in range(WARM_RUNS):
            started = time.perf_counter()
            pdf = certificates_pdf(certs[:1], BASE_URL)
            times.append(time.perf_counter() - started)
        return {"median": statistics.median(times), "bytes": len(pdf), "pages": 1}

    return _measured(work)


def _app_path(certs) -> dict:
    from blueprints.certificates.render import certificates_html, certificates_pdf
    from blueprints.core.pdf import html_to_pdf

    certificates_pdf(certs[:1], BASE_URL)

    def work():
        started = time.perf_counter()
        html = certificates_html(certs, BASE_URL)
        html_seconds = time.perf_counter() - started
        started = time.perf_counter()
        pdf = html_to_pdf(html)  # the app's one HTML-to-PDF function, with its static-only fetcher
        return {"html_seconds": html_seconds, "pdf_seconds": time.perf_counter() - started,
                "bytes": len(pdf), "pages": len(certs)}

    return _measured(work)


def _job_path(certs) -> dict:
    """As a large batch prints: a CertificateJob run by the app's background-job code, waited for."""
    from flask import current_app

    from app import db
    from blueprints.certificates import jobs
    from blueprints.certificates.models import CertificateJob
    from blueprints.certificates.render import certificates_pdf

    certificates_pdf(certs[:1], BASE_URL)
    job = CertificateJob(title="bench", created_by_id=certs[0].issued_by_id, created_at=datetime(2026, 9, 10, 3),
                         total=len(certs), certificate_ids=",".join(str(c.id) for c in certs))
    db.session.add(job)
    db.session.commit()
    app = current_app._get_current_object()

    def work():
        jobs.start(job, BASE_URL, wait=True)
        with app.app_context():
            finished = db.session.get(CertificateJob, job.id)
            if finished.state != jobs.DONE:
                raise RuntimeError(f"job {finished.state}: {finished.error}")
            size = jobs.job_file(finished).stat().st_size
        return {"bytes": size, "pages": len(certs), "chunk": jobs.CHUNK}

    return _measured(work)


def _floor(folder: Path) -> dict:
    """WeasyPrint alone, on the same HTML, without the app (not even imported)."""
    from weasyprint import HTML

    base_url = (ROOT / "static").resolve().as_uri() + "/"
    HTML(string=(folder / "one.html").read_text(), base_url=base_url).write_pdf()
    html = (folder / "all.html").read_text()

    def work():
        pdf = HTML(string=html, base_url=base_url).write_pdf()
        return {"bytes": len(pdf), "pages": html.count('class="cert"')}

    return _measured(work)


# ---------------------------------------------------------------- the figures

def main() -> None:
    """Prepare once, measure every path in its own process, print the table and the targets."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=150)
    parser.add_argument("--rounds", type=int, default=3, help="measure each path this many times, keep the best")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--folder", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, Path(args.folder))))
        return

    from blueprints.certificates.health import harfbuzz_subset_available

    machine = report.machine()  # before the run: how busy the machine already was
    with tempfile.TemporaryDirectory(prefix="bench-pdf-") as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        prepare(folder, args.count)
        setup_seconds = time.perf_counter() - started
        runs: dict[str, list[dict]] = {mode: [] for mode in ("floor", "app", "job", "single")}
        for _ in range(args.rounds):
            for mode in runs:
                runs[mode].append(run_child(mode, folder))
    best = {mode: _best(results) for mode, results in runs.items()}
    show(best, args.count, args.rounds, setup_seconds, harfbuzz_subset_available(), machine)


def _best(results: list[dict]) -> dict:
    """The fastest run's figures, with the highest peak of all runs."""
    fastest = dict(min(results, key=lambda r: r["seconds"]))
    peaks = [r["peak"] for r in results if r["peak"] is not None]
    fastest["peak"] = max(peaks) if peaks else None
    return fastest


def show(best: dict, count: int, rounds: int, setup_seconds: float, harfbuzz: bool, machine: str) -> None:
    """The table of every path and the issue's targets."""
    floor, app, job, single = best["floor"], best["app"], best["job"], best["single"]
    report.title(f"bench/pdf.py · {count} certificates as one PDF, WeasyPrint")
    report.note(f"machine: {machine}")
    report.note(f"HarfBuzz subsetting (libharfbuzz-subset): {'available' if harfbuzz else 'MISSING — expect ~40× slower'}")
    report.note(f"each path in a fresh process; baseline = resident memory after one warm-up certificate; "
                f"peak = highest during the work; best of {rounds} round(s); set-up {setup_seconds:.1f} s")
    table = report.Table(report.Column("path", 40), report.Column("s", 7, ".2f"), report.Column("s/page", 7, ".4f"),
                         report.Column("KB/page", 7, ".1f"), report.Column("base MB", 7, ".0f"),
                         report.Column("peak MB", 7, ".0f"))
    app_total = app["html_seconds"] + app["pdf_seconds"]
    table.row("floor: WeasyPrint HTML().write_pdf()", floor["seconds"], floor["seconds"] / count,
              floor["bytes"] / 1024 / count, floor["baseline"], floor["peak"])
    table.row("app: HTML (template, QR codes)", app["html_seconds"], app["html_seconds"] / count, None, None, None)
    table.row("app: HTML → PDF (core.pdf.html_to_pdf)", app["pdf_seconds"], app["pdf_seconds"] / count,
              app["bytes"] / 1024 / count, None, None)
    table.row("app: whole path, one document", app_total, app_total / count, app["bytes"] / 1024 / count,
              app["baseline"], app["peak"])
    table.row(f"app: background job (chunks of {job['chunk']})", job["seconds"], job["seconds"] / count,
              job["bytes"] / 1024 / count, job["baseline"], job["peak"])
    table.row("one certificate, warm (median of 5)", single["median"], single["median"], single["bytes"] / 1024,
              single["baseline"], single["peak"])
    ratio = app_total / floor["seconds"]
    per_page = max(app_total, job["seconds"]) / count
    per_kb = max(app["bytes"], job["bytes"]) / 1024 / count
    peak = max(p for p in (app["peak"], job["peak"]) if p is not None) if app["peak"] else None
    conversion = app["pdf_seconds"] / floor["seconds"]
    report.target("app's HTML → PDF ≤ 1.2× floor", f"{conversion:.2f}×", conversion <= 1.2)
    report.target("app's whole path (+HTML, QR) ≤ 1.2× floor", f"{ratio:.2f}×", ratio <= 1.2)
    report.target("≤ 0.05 s per page in a batch", f"{per_page:.4f} s", per_page <= 0.05)
    report.target("≤ 10 KB per page in a batch", f"{per_kb:.1f} KB", per_kb <= 10)
    report.target("one certificate, warm ≤ 0.25 s", f"{single['median']:.3f} s", single["median"] <= 0.25)
    report.target(f"peak memory for {count} pages < 300 MB", f"{peak:.0f} MB" if peak else "unknown",
                  peak < 300 if peak else None)
    report.note("peak target: the higher of the two batch paths. The base is the app (its imports and create_app, "
                "~60 MB over WeasyPrint alone) after one warm-up certificate; printing adds what WeasyPrint alone adds "
                "(compare the floor's base and peak)")


if __name__ == "__main__":
    main()
