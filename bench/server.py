"""The app as bench/pages.py serves it under gunicorn (`bench.server:app`), never the product's wsgi.py.

Two differences from wsgi.py, both for the benchmark only:
- the school's clock is pinned to the demo's "now" (2026-11-25 10:00 in Beijing), so that the pages show
  the same week, month and to-dos whatever day the benchmark is run;
- two extra routes: /bench/bare, that renders the base layout (templates/base.html: nav, flashes, footer)
  with empty content for the logged-in user, the floor every page is compared with; and /bench/home-afresh,
  the home page drawn anew as a visit draws it when the person's kept content cannot serve (their first visit
  in a minute, or after any change in the school: core.fragments). The school-wide figures its panels keep
  while no data changes (core.freshness) are still used, so after a change it costs a little more still.
"""
from __future__ import annotations

import gc
from datetime import datetime

from flask import render_template
from markupsafe import Markup

from app import create_app
from blueprints.core.access import login_required
from blueprints.core.clock import to_utc

DEMO_NOW = to_utc(datetime(2026, 11, 25, 10, 0))
BARE_PATH = "/bench/bare"
AFRESH_PATH = "/bench/home-afresh"

app = create_app({"FIXED_NOW": DEMO_NOW})
gc.freeze()  # as wsgi.py does


@app.get(BARE_PATH)
@login_required
def bare():
    """The base layout with nothing in it, as the logged-in user sees it."""
    return render_template("base.html")


@app.get(AFRESH_PATH)
@login_required
def home_afresh():
    """The home page drawn in full for this person, its kept content not used."""
    from blueprints.core.views import _home_content

    return render_template("core/index.html", content=Markup(_home_content()))
