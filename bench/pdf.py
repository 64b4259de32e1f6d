"""Bench: 150 certificates as one PDF through the app's code (certificates_pdf -> core.pdf.html_to_pdf) next to
WeasyPrint rendering the very same HTML directly (the engine's floor); also one certificate on a warm process.
Prints seconds per page, KB per page and peak memory (RSS). Run: .venv/bin/python bench/bench_pdf.py"""
from __future__ import annotations

import os
import resource
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
COUNT = 150


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    folder = tempfile.mkdtemp(prefix="bench-pdf-")
    os.environ["QCBD_INSTANCE"] = folder
    from weasyprint import HTML

    from app import create_app, db
    from blueprints.accounts.models import Staff
    from blueprints.certificates.health import harfbuzz_subset_available
    from blueprints.certificates.issuing import for_award, issue_many
    from blueprints.certificates.render import certificates_html, certificates_pdf
    from blueprints.core.pdf import html_to_pdf
    from blueprints.honours.models import Award

    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.db"})
    with app.app_context():
        db.create_all()
        admin = Staff(staff_no="A1", name="管理员", gender="F")
        db.session.add(admin)
        awards = []
        for i in range(COUNT):
            person = Staff(staff_no=f"T{i:04d}", name=f"教师{i:03d}号", gender="F")
            award = Award(recipient_kind="teacher", staff=person, title=f"开化县第{i}届小学语文优质课评比",
                          category="优质课评比", level="县", grade="一等奖", awarded_on=date(2026, 5, 22))
            db.session.add(award)
            awards.append(award)
        db.session.flush()
        certs = issue_many([for_award(a) for a in awards], issued_by=admin, today=date(2026, 9, 10),
                           now=datetime(2026, 9, 10, 2))
        db.session.commit()
        base = "http://qcbd.local/"
        with app.test_request_context():
            certificates_pdf(certs[:1], base)  # warm up: fonts, fontconfig, templates
            started = time.perf_counter()
            certificates_pdf(certs[:1], base)
            single = time.perf_counter() - started

            baseline = _peak_mb()
            started = time.perf_counter()
            html = certificates_html(certs, base)
            html_seconds = time.perf_counter() - started
            started = time.perf_counter()
            app_pdf = html_to_pdf(html)  # the app's one HTML-to-PDF function, with its static-only fetcher
            app_seconds = time.perf_counter() - started
            peak_after_app = _peak_mb()

            started = time.perf_counter()
            floor_pdf = HTML(string=html, base_url=str(Path(app.static_folder).resolve().as_uri()) + "/").write_pdf()
            floor_seconds = time.perf_counter() - started
    print(f"HarfBuzz subsetting available: {harfbuzz_subset_available()}")
    print(f"{COUNT} certificates, one PDF")
    print(f"  building the HTML (150 QR codes, template): {html_seconds:.2f} s")
    print(f"  app path  : {app_seconds:6.2f} s  {app_seconds / COUNT:.4f} s/page  {len(app_pdf) / 1024 / COUNT:6.1f} KB/page")
    print(f"  WeasyPrint: {floor_seconds:6.2f} s  {floor_seconds / COUNT:.4f} s/page  {len(floor_pdf) / 1024 / COUNT:6.1f} KB/page")
    print(f"  ratio app/floor: {app_seconds / floor_seconds:.2f}x")
    print(f"one certificate, warm: {single:.3f} s")
    print(f"peak memory (RSS) before the batch (app, fonts loaded, one page rendered): {baseline:.0f} MB")
    print(f"peak memory (RSS) after the app's 150 pages: {peak_after_app:.0f} MB; after both: {_peak_mb():.0f} MB")


if __name__ == "__main__":
    main()
