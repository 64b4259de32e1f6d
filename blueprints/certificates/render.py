"""Certificates as print data, HTML and PDF, through the app's one HTML-to-PDF function (core/pdf.py)."""
from __future__ import annotations

import base64
from dataclasses import dataclass
from pathlib import Path

import segno
from flask import current_app, render_template

from blueprints.core.pdf import html_to_document, html_to_pdf

from .chinese_dates import chinese_date
from .models import Certificate

SEAL_FILENAME = "certificate-seal.png"


@dataclass(frozen=True)
class PrintedCertificate:
    """One certificate page: plain text and data: URIs only, so nothing in it can make WeasyPrint fetch."""

    title: str
    name: str
    sentence: str
    school: str
    date: str
    serial: str
    check_code: str  #: as printed, K7Q2-M9XA
    qr: str
    verify_url: str  #: the page to type the code into (printed); the QR opens it with the code


def seal_path() -> Path:
    """Where the admin's uploaded seal lives (the instance folder, outside static/)."""
    return Path(current_app.instance_path) / SEAL_FILENAME


def seal_data_uri() -> str | None:
    """The seal as an inline PNG, or None when the admin has not uploaded one."""
    path = seal_path()
    if not path.is_file():
        return None
    return "data:image/png;base64," + base64.b64encode(path.read_bytes()).decode("ascii")


def verify_url(serial: str, base_url: str, check_code: str | None = None) -> str:
    """The public verification page of a serial under the intranet address the issuer used; with the check
    code (the QR's address) it opens on the result, without it on the form that asks for the code."""
    url = f"{base_url.rstrip('/')}/certificates/verify/{serial}"
    return f"{url}?code={check_code}" if check_code else url


def qr_data_uri(payload: str) -> str:
    """A QR code of the payload as an inline SVG."""
    return segno.make_qr(payload, error="m").svg_data_uri(scale=4, border=1)


def printed(cert: Certificate, base_url: str) -> PrintedCertificate:
    """The page data of a certificate."""
    return PrintedCertificate(
        title=cert.kind_label, name=cert.recipient_name, sentence=cert.sentence,
        school=current_app.config["SCHOOL_NAME"], date=chinese_date(cert.issued_on), serial=cert.serial,
        check_code=cert.check_code_label, qr=qr_data_uri(verify_url(cert.serial, base_url, cert.check_code)),
        verify_url=verify_url(cert.serial, base_url),
    )


def certificates_html(certs: list[Certificate], base_url: str) -> str:
    """One HTML document with a page per certificate."""
    return render_template("print/certificate.html", pages=[printed(c, base_url) for c in certs],
                           seal=seal_data_uri(), title="证书")


def certificates_pdf(certs: list[Certificate], base_url: str) -> bytes:
    """One PDF with a page per certificate."""
    return html_to_pdf(certificates_html(certs, base_url))


def certificates_document(certs: list[Certificate], base_url: str, font_config=None):
    """The laid-out pages of some certificates, to join into one PDF (core.pdf.documents_to_pdf)."""
    return html_to_document(certificates_html(certs, base_url), font_config=font_config)
