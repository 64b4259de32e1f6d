"""Whole fragments of a page, rendered once and served again to the same person while no data changes.

The home page gathers a dozen panels for one person; between two of their visits nothing in it changes unless
some data does (core.freshness raises data_version in every writing transaction, in any process) or the clock
moves on (the key holds the minute). A fragment is kept per process, as text, at the version it was rendered
at, so any change anywhere renders it afresh on the next visit.

The forms in a fragment carry the CSRF token of the session that rendered it; the same person signed in on two
devices has two sessions, so the kept text holds a mark in its place and each answer puts its own token back.
"""
from __future__ import annotations

from datetime import datetime
from typing import Callable, Hashable

from flask_wtf.csrf import generate_csrf
from markupsafe import Markup

from blueprints.core import clock
from blueprints.core.freshness import FRAGMENTS, MISSING, keep, peek

#: Stands for the session's CSRF token in kept text (no token or markup contains it).
CSRF_MARK = "\x00qcbd-csrf\x00"


def this_minute() -> datetime:
    """The current minute (stored time): fragments showing the clock's effects are keyed by it."""
    return clock.now_utc().replace(second=0, microsecond=0)


def kept_fragment(name: str, key: Hashable, render: Callable[[], str]) -> Markup:
    """render()'s HTML, or what it gave at this data version for the same key, with this session's CSRF token."""
    token = generate_csrf()
    found = peek(name, key, FRAGMENTS)
    if found is MISSING:
        html = render()
        keep(name, key, html.replace(token, CSRF_MARK), FRAGMENTS)
        return Markup(html)
    return Markup(found.replace(CSRF_MARK, token))
