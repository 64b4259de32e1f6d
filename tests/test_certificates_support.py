"""Shared fixtures of the certificates tests (imported by test_certificates_* modules): PDF tools and issuing."""
from __future__ import annotations

import shutil
import subprocess
from datetime import date, datetime
from pathlib import Path

import pytest

from app import db

TODAY = date(2026, 9, 10)
NOW = datetime(2026, 9, 10, 2, 0)


@pytest.fixture
def fixed_day(app):
    app.config["FIXED_TODAY"] = TODAY
    app.config["FIXED_NOW"] = NOW
    return TODAY


@pytest.fixture
def issue_honour(app, admin, fixed_day, make_staff):
    """Return a callable that issues a 荣誉证书 for a new county first prize of `name` and commits it."""
    from blueprints.certificates.issuing import for_award, issue_many
    from blueprints.honours.models import Award

    def issue(name: str = "王丽", **award_fields):
        staff = make_staff(name=name)
        values = {"recipient_kind": "teacher", "title": "开化县小学语文优质课评比", "category": "优质课评比",
                  "level": "县", "grade": "一等奖", "awarded_on": date(2026, 5, 22), "staff": staff}
        values.update(award_fields)
        award = Award(**values)
        db.session.add(award)
        db.session.flush()
        [cert] = issue_many([for_award(award)], issued_by=admin, today=TODAY, now=NOW)
        db.session.commit()
        return cert

    return issue


def tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is missing (poppler-utils: bash scripts/setup.sh --test)")
    return path


def pdf_run(pdf: bytes, tmp_path: Path, *args: str) -> str:
    """Run a poppler tool (pdftotext, pdffonts, pdfinfo) on the PDF and return its output."""
    target = tmp_path / "doc.pdf"
    target.write_bytes(pdf)
    command = [tool(args[0]), *args[1:], str(target)]
    if args[0] == "pdftotext":
        command.append("-")
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def pdf_pages(pdf: bytes, tmp_path: Path) -> int:
    info = pdf_run(pdf, tmp_path, "pdfinfo")
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
