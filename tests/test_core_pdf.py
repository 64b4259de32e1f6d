"""The one HTML-to-PDF function: A4 pages with Chinese in embedded Noto fonts, the app's static files
served, and nothing else fetched or read — whatever the HTML asks for."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from blueprints.core.pdf import RefusedURL, StaticOnlyFetcher, html_to_pdf

PAGE = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<style>@page {{ size: A4; margin: 15mm }} body {{ font-family: "Noto Sans CJK SC"; }}</style></head>
<body>{body}</body></html>"""


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is missing (poppler-utils: bash scripts/setup.sh --test)")
    return path


def _pdf_text(pdf: bytes, tmp_path: Path) -> str:
    target = tmp_path / "out.pdf"
    target.write_bytes(pdf)
    return subprocess.run([_tool("pdftotext"), "-layout", str(target), "-"], capture_output=True, text=True, check=True).stdout


def _pdf_info(pdf: bytes, tmp_path: Path, tool: str) -> str:
    target = tmp_path / "info.pdf"
    target.write_bytes(pdf)
    return subprocess.run([_tool(tool), str(target)], capture_output=True, text=True, check=True).stdout


def test_chinese_text_comes_out_in_an_embedded_noto_font_on_a4(app, tmp_path):
    pdf = html_to_pdf(PAGE.format(body="<h1>青春帮带 签到胸牌</h1><p>开化县天地外国语学校</p>"))
    assert pdf.startswith(b"%PDF")
    assert "青春帮带 签到胸牌" in _pdf_text(pdf, tmp_path)
    fonts = _pdf_info(pdf, tmp_path, "pdffonts")
    assert "NotoSansCJK" in fonts.replace("-", "") and " yes yes " in fonts  # embedded, subset
    info = _pdf_info(pdf, tmp_path, "pdfinfo")
    assert "595.276 x 841.89 pts (A4)" in info and "Pages:           1" in info


def test_files_of_the_static_folder_are_served(app, tmp_path):
    root = tmp_path / "static"
    (root / "img").mkdir(parents=True)
    (root / "img" / "dot.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>')
    fetcher = StaticOnlyFetcher(root)
    response = fetcher.fetch((root / "img" / "dot.svg").as_uri())
    assert response.content_type == "image/svg+xml" and b"<rect" in response.read()
    html_to_pdf(PAGE.format(body='<img src="img/dot.svg">'), root=root, fetcher=fetcher)
    assert fetcher.refused == []


@pytest.mark.parametrize("url", [
    "file:///etc/passwd",
    "http://127.0.0.1:9/secret",
    "https://example.com/logo.png",
    "ftp://example.com/x",
    "data:text/html,<b>x</b>",
    "javascript:alert(1)",
])
def test_anything_but_static_files_and_inline_images_is_refused(app, tmp_path, url):
    fetcher = StaticOnlyFetcher(tmp_path)
    with pytest.raises(RefusedURL):
        fetcher.fetch(url)


def test_paths_that_climb_out_of_the_static_folder_are_refused(app, tmp_path):
    root = tmp_path / "static"
    root.mkdir()
    secret = tmp_path / "secret.txt"
    secret.write_text("top secret")
    (root / "link.txt").symlink_to(secret)
    fetcher = StaticOnlyFetcher(root)
    for url in [root.as_uri() + "/../secret.txt", (root / "link.txt").as_uri(), root.as_uri() + "/",
                "file://otherhost" + str(root / "x.txt")]:
        with pytest.raises(RefusedURL):
            fetcher.fetch(url)


def test_a_document_asking_for_files_and_urls_gets_none_of_them(app, tmp_path):
    fetcher = StaticOnlyFetcher(tmp_path)
    body = ('<img src="file:///etc/passwd"><img src="http://127.0.0.1:9/x.png">'
            '<link rel="stylesheet" href="https://example.com/a.css"><img src="../../../../../../../../../../etc/hostname">'
            '<p style="background: url(file:///etc/shadow)">正文</p>')
    pdf = html_to_pdf(PAGE.format(body=body), root=tmp_path, fetcher=fetcher)
    assert pdf.startswith(b"%PDF") and "正文" in _pdf_text(pdf, tmp_path)
    assert "file:///etc/passwd" in fetcher.refused and "http://127.0.0.1:9/x.png" in fetcher.refused
    assert "https://example.com/a.css" in fetcher.refused and "file:///etc/hostname" in fetcher.refused
    assert "file:///etc/shadow" in fetcher.refused


def test_inline_qr_images_are_drawn(app, tmp_path):
    from blueprints.kiosk.codes import qr_data_uri

    fetcher = StaticOnlyFetcher(tmp_path)
    pdf = html_to_pdf(PAGE.format(body=f'<img src="{qr_data_uri("7K2M9XPA4D")}" style="width:40mm">'), root=tmp_path, fetcher=fetcher)
    assert fetcher.refused == [] and pdf.startswith(b"%PDF")
