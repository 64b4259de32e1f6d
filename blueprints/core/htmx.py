"""The few htmx rules in one place: what counts as an htmx request, partial or page, redirects, events."""
from __future__ import annotations

import json

from flask import Response, make_response, redirect, render_template, request


def is_htmx() -> bool:
    """A real htmx swap request: not a boosted navigation and not a history restore, which want full pages."""
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-Boosted") != "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def render_page_or_partial(page: str, partial: str, **context) -> Response:
    """The page on a normal visit, only the partial for an htmx swap; caches are told the answer varies."""
    response = make_response(render_template(partial if is_htmx() else page, **context))
    response.headers.add("Vary", "HX-Request")
    return response


def page_or_drawn_part(page: str, part: str, **context) -> Response:
    """As render_page_or_partial, for a partial already drawn (a kept fragment): alone for an htmx swap, else in
    the page, which receives it as `part` ({{ part }} where it belongs)."""
    response = make_response(part if is_htmx() else render_template(page, part=part, **context))
    response.headers.add("Vary", "HX-Request")
    return response


def redirect_to(location: str) -> Response:
    """HX-Redirect for htmx (so the whole page moves), 303 See Other otherwise."""
    if request.headers.get("HX-Request") == "true":
        response = make_response("", 200)
        response.headers["HX-Redirect"] = location
        return response
    return redirect(location, code=303)


def trigger(response: Response, event: str, detail: object | None = None) -> Response:
    """Tell other parts of the page that something changed (HX-Trigger)."""
    existing = response.headers.get("HX-Trigger")
    events = json.loads(existing) if existing else {}
    events[event] = detail if detail is not None else True
    response.headers["HX-Trigger"] = json.dumps(events)  # ASCII escapes: headers are latin-1
    return response
