"""Certificates as paper: the HTML says the right things, the PDF has the pages, the Chinese text (check code
included) and the serif CJK font embedded as a subset, the QR carries the code, and typed text never fetches."""
from __future__ import annotations

import re
from unittest import mock

import segno

from blueprints.certificates import render
from blueprints.certificates.render import certificates_html, certificates_pdf
from blueprints.core import pdf as core_pdf
from tests.test_certificates_support import fixed_day, issue_honour, pdf_pages, pdf_run  # noqa: F401

BASE = "http://intranet.test/"


def test_the_html_has_name_sentence_serial_date_and_verification_qr(app, issue_honour):
    cert = issue_honour("王丽")
    with app.test_request_context():
        html = certificates_html([cert], BASE)
    assert "王丽" in html and "在开化县小学语文优质课评比中荣获一等奖。" in html and "TD-2026-0001" in html
    assert "二〇二六年九月十日" in html and "开化县天地外国语学校" in html
    assert "http://intranet.test/certificates/verify/TD-2026-0001" in html
    assert 'src="data:image/svg+xml' in html
    code = f"{cert.check_code[:4]}-{cert.check_code[4:]}"
    assert f"证书编号 TD-2026-0001　校验码 <span class=\"code\">{code}</span>" in html


def test_the_qr_opens_the_verification_page_with_the_check_code(app, issue_honour):
    certs = [issue_honour("王丽"), issue_honour("李明")]
    with app.test_request_context(), mock.patch.object(render.segno, "make_qr", wraps=segno.make_qr) as make_qr:
        certificates_html(certs, BASE)
    payloads = [call.args[0] for call in make_qr.call_args_list]
    assert payloads == [f"http://intranet.test/certificates/verify/{c.serial}?code={c.check_code}" for c in certs]
    assert certs[0].check_code != certs[1].check_code


def test_the_qr_address_opens_the_result_for_a_stranger(app, issue_honour):
    cert = issue_honour("王丽")
    with app.test_request_context(), mock.patch.object(render.segno, "make_qr", wraps=segno.make_qr) as make_qr:
        certificates_html([cert], BASE)
    page = app.test_client().get(make_qr.call_args.args[0].removeprefix(BASE.rstrip("/"))).get_data(as_text=True)
    assert "真实有效" in page and "王丽" in page


def test_the_pdf_is_one_a4_page_each_with_chinese_text_in_an_embedded_serif_subset(app, issue_honour, tmp_path):
    certs = [issue_honour("王丽"), issue_honour("李𠀾䶮")]
    with app.test_request_context():
        pdf = certificates_pdf(certs, BASE)
    assert pdf_pages(pdf, tmp_path) == 2
    text = pdf_run(pdf, tmp_path, "pdftotext")
    for expected in ["荣誉证书", "王丽", "TD-2026-0002", "二〇二六年九月十日", "开化县天地外国语学校"]:
        assert expected in text
    packed = re.sub(r"\s", "", text)  # pdftotext may split a code where glyph widths leave a gap (SUKG -CQYH)
    for cert in certs:  # each page prints its own check code, as someone checking would type it
        assert f"校验码{cert.check_code[:4]}-{cert.check_code[4:]}" in packed
    fonts = pdf_run(pdf, tmp_path, "pdffonts")
    lines = {line.split()[0].split("+")[-1].replace("-", ""): line for line in fonts.splitlines()[2:]}
    # The cut-down serif for the common characters, the full one for 𠀾 and 䶮 (core/print_fonts.py).
    assert {"QCBDSerif", "QCBDSerifBold"} <= lines.keys() and any(k.startswith("NotoSerifCJKSC") for k in lines)
    assert all(" yes yes " in line for line in lines.values())  # embedded and subset
    assert all("+" in line.split()[0] for line in fonts.splitlines()[2:])  # every font is a subset (ABCDEF+Name)


def test_typed_markup_and_urls_print_as_text_and_nothing_is_fetched(app, issue_honour, tmp_path):
    name = '<img src="file:///etc/passwd">'
    cert = issue_honour(name, title='url(http://127.0.0.1:9/x) <link rel=stylesheet href="http://evil/">比赛')
    cert.recipient_name = name[:60]
    fetched = []
    original = core_pdf.StaticOnlyFetcher.fetch

    def spy(self, url, headers=None):
        fetched.append(url)
        return original(self, url, headers)

    with app.test_request_context(), mock.patch.object(core_pdf.StaticOnlyFetcher, "fetch", spy):
        html = certificates_html([cert], BASE)
        pdf = certificates_pdf([cert], BASE)
    assert "&lt;img src=&#34;file:///etc/passwd&#34;&gt;" in html and '<img src="file:///etc/passwd">' not in html
    assert all(url.startswith("data:image/") for url in fetched)  # only the QR, carried inline
    text = pdf_run(pdf, tmp_path, "pdftotext")
    assert "file:///etc/passwd" in text and "url(http://127.0.0.1:9/x)" in text
