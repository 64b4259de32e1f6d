"""Walk the whole URL map as anonymous, teacher, group leader and admin, with every method a route
accepts: each answer matches the route's declared rule, and nothing answers 500."""
from __future__ import annotations

import pytest

METHODS = {"GET", "POST", "PUT", "DELETE", "PATCH"}


def _routes(app):
    """(rule label, method, url) for every route, with 1 for numeric and a nonsense token for text arguments."""
    routes = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in ("static", "accounts.logout"):  # logging out would end the sweep's own session
            continue
        view = app.view_functions[rule.endpoint]
        values = {}
        for arg in rule.arguments:
            converter = rule._converters[arg].__class__.__name__
            values[arg] = 1 if converter in ("IntegerConverter", "NumberConverter") else "no-such-token"
        url = rule.build(values)[1]
        for method in sorted(rule.methods & METHODS):
            routes.append((getattr(view, "access_rule", None), method, url))
    # Reads first: a POST (say, resetting one's own password) may change what later pages answer.
    return sorted(routes, key=lambda r: r[1] != "GET")

def _sweep(app, client):
    answers = []
    for label, method, url in _routes(app):
        response = client.open(url, method=method)
        answers.append((label, method, url, response.status_code, response.headers.get("Location", "")))
        response.close()
    errors = [a for a in answers if a[3] >= 500]
    assert errors == [], errors
    return answers

@pytest.fixture
def leader(make_staff, make_group):
    person = make_staff(name="吴组长")
    make_group("妇委会", "women", leaders=[person])
    return person

def test_anonymous_reaches_only_public_kiosk_and_feed_routes(app, client):
    for label, method, url, status, location in _sweep(app, client):
        if label in {"login", "admin", "group-leader"}:
            refused = status == 401 or (status in (302, 303) and "/login" in location)
            assert refused, (method, url, status)
        if label in {"kiosk", "feed"}:
            assert status in (400, 403, 404, 405, 410), (method, url, status)  # a made-up token opens nothing

def test_teacher_is_refused_every_admin_route_whatever_the_method(app, client, login_as, teacher):
    login_as(teacher)
    for label, method, url, status, _ in _sweep(app, client):
        if label == "admin":
            assert status == 403, (method, url, status)

def test_group_leader_gets_no_admin_route_and_no_500(app, client, login_as, leader):
    login_as(leader)
    for label, method, url, status, _ in _sweep(app, client):
        if label == "admin":
            assert status == 403, (method, url, status)

def test_admin_walks_everything_without_a_500(app, client, login_as, admin):
    login_as(admin)
    for label, method, url, status, _ in _sweep(app, client):
        if label == "admin" and method == "GET":
            assert status != 403, (method, url, status)
