"""The one place the app turns HTML into PDF bytes (WeasyPrint).

Print templates extend templates/print/_base.html and are rendered from plain data; this module only
converts. Relative URLs in them resolve against the static folder ("img/logo.png" is static/img/logo.png),
and the URL fetcher serves nothing but regular files inside that folder: no http(s), no ftp, no file:
outside static (also not through "..", symlinks or absolute paths), so text a user typed can never make
WeasyPrint fetch a URL or read a file. Fonts: the print templates' @font-face rules name cut-down copies of
Noto Sans/Serif CJK SC in static/fonts (core/print_fonts.py), and behind them the full faces that fontconfig
finds on the system (fonts-noto-cjk) for any rarer character. `data:image/...` URIs are allowed: they carry their own bytes
(the QR codes segno draws), so nothing is fetched; anything an SVG inside one refers to goes through this
same fetcher and is refused in turn.

Fonts: PDFs are laid out and written with one FontConfiguration per process, under a lock. A fresh
one per call maps the CJK font files (26 MB a face) again each time and keeps them until the garbage
collector gets round to it: measured, a worker printing one certificate after another grew by ~50 MB every
other PDF (to ~380 MB after eight) instead of staying at ~170 MB, and each call also paid fontconfig's start.

Garbage collection: WeasyPrint makes millions of short-lived objects, and every collection that reaches the
oldest generation walks all of the app's long-lived ones (~335,000) too; while a document is built the
youngest generation's threshold is raised. Measured on 150 certificates: 3.3 s → 2.6 s, the same peak memory.
"""
from __future__ import annotations

import gc
import mimetypes
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlsplit

from flask import current_app, has_app_context
from weasyprint import HTML, Document
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

PDF_MIMETYPE = "application/pdf"

_fonts: FontConfiguration | None = None
#: WeasyPrint's fonts (Pango, fontconfig) are not to be used by two threads at once; gthread workers would.
_fonts_lock = threading.RLock()


@contextmanager
def shared_fonts() -> Iterator[FontConfiguration]:
    """The process's one font configuration, held by this thread until the document is written."""
    global _fonts
    with _fonts_lock:
        if _fonts is None:
            _fonts = FontConfiguration()
        yield _fonts


_gc_lock = threading.Lock()
_gc_users = 0
_gc_saved: tuple[int, int, int] = gc.get_threshold()


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """Young-generation collections far less often while any thread builds a document (see the docstring)."""
    global _gc_users, _gc_saved
    with _gc_lock:
        if _gc_users == 0:
            _gc_saved = gc.get_threshold()
            gc.set_threshold(100_000, *_gc_saved[1:])
        _gc_users += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_users -= 1
            if _gc_users == 0:
                gc.set_threshold(*_gc_saved)


class RefusedURL(ValueError):
    """A print document asked for something outside the app's static files."""


class StaticOnlyFetcher(URLFetcher):
    """Serves regular files under one folder, and inline data: images; refuses every other URL."""

    def __init__(self, root: str | Path):
        super().__init__(allowed_protocols=("file", "data"), allow_redirects=False)
        self.root = Path(root).resolve()
        self.refused: list[str] = []  #: what was asked for and refused (tests and logs read it)

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        """The file or inline image a URL names, or RefusedURL (WeasyPrint logs it and leaves the resource out)."""
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        if scheme == "data" and url[5:].lower().startswith("image/"):
            return super().fetch(url, headers)
        if scheme == "file":
            path = self._static_path(url)
            if path is not None:
                mimetype = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": mimetype})
        self.refused.append(url)
        if has_app_context():
            current_app.logger.warning("PDF: refused to fetch %.200s", url)
        raise RefusedURL(f"refused: {url[:200]}")

    def _static_path(self, url: str) -> Path | None:
        """The file a file: URL names, if it is a regular file inside the root (after resolving links and ..)."""
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            return None
        try:
            path = Path(unquote(parts.path)).resolve()
        except (OSError, RuntimeError):
            return None
        if not path.is_relative_to(self.root) or not path.is_file():
            return None
        return path


def static_root() -> Path:
    """The app's static folder, whose files print templates may use."""
    return Path(current_app.static_folder)


def html_to_document(html: str, *, root: str | Path | None = None, fetcher: StaticOnlyFetcher | None = None,
                     font_config: FontConfiguration | None = None) -> Document:
    """The laid-out pages of an HTML document (same fetching rules as html_to_pdf), to join with others.

    Without a font configuration of the caller's own, the layout uses the shared one (under its lock);
    documents_to_pdf writes under the same lock."""
    with _fewer_collections():
        if font_config is not None:
            return _layout(html, root, fetcher, font_config)
        with shared_fonts() as fonts:
            return _layout(html, root, fetcher, fonts)


def _layout(html: str, root: str | Path | None, fetcher: StaticOnlyFetcher | None,
            font_config: FontConfiguration) -> Document:
    """Parse and lay out, fetching only through the static-only fetcher."""
    folder = Path(root) if root is not None else static_root()
    fetcher = fetcher or StaticOnlyFetcher(folder)
    base_url = folder.resolve().as_uri() + "/"
    return HTML(string=html, base_url=base_url, url_fetcher=fetcher).render(font_config=font_config)


def documents_to_pdf(documents: list[Document]) -> bytes:
    """One PDF of the pages of several rendered documents, in order (a batch rendered in chunks)."""
    pages = [page for document in documents for page in document.pages]
    with _fewer_collections(), _fonts_lock:  # the documents may use the shared fonts
        return documents[0].copy(pages).write_pdf()


def html_to_pdf(html: str, *, root: str | Path | None = None, fetcher: StaticOnlyFetcher | None = None,
                font_config: FontConfiguration | None = None) -> bytes:
    """PDF bytes of an HTML document; relative URLs resolve in the static folder, nothing else is fetched."""
    with _fewer_collections():
        if font_config is not None:
            return _layout(html, root, fetcher, font_config).write_pdf()
        with shared_fonts() as fonts:
            return _layout(html, root, fetcher, fonts).write_pdf()
