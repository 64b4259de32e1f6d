"""How a feature package plugs into the app: its blueprint, its menu entries, its panels on the home page.

Each package under blueprints/ exposes FEATURE in its __init__.py; the app finds them all, so adding a
feature never means editing a central list."""
from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass, field
from typing import Any, Callable

from flask import Blueprint, Flask, current_app, g, has_request_context


def _everyone(user) -> bool:
    return True


@dataclass(frozen=True)
class NavItem:
    label: str
    endpoint: str
    order: int
    visible: Callable[[Any], bool] = _everyone
    #: Endpoints starting with this are shown as the current section.
    active_prefix: str = ""
    #: An administrator's tool: listed on the 管理 page instead of crowding the top menu.
    tool: bool = False
    description: str = ""


@dataclass(frozen=True)
class HomeSection:
    """A panel on the home page: `build(user)` returns the template's context, or None to leave it out."""

    template: str
    build: Callable[[Any], dict | None]
    order: int
    #: The panel's counts and yes/no facts as named SQL scalars, `figures(user) -> Figures`: the home page asks
    #: for every panel's at once, in the query that reads the person's memberships, and `build` reads them with
    #: `home_figures` (which runs them itself when the panel is built elsewhere).
    figures: Callable[[Any], "Figures"] | None = None


@dataclass(frozen=True)
class Figures:
    """Named SQL scalars built once, with the values of their bound parameters for this person and moment.

    The expressions must be the same objects every time (build them in a functools.cache'd function): the home
    page then builds the statement that carries them once for each set of names, instead of on every visit."""

    expressions: dict[str, Any]
    params: dict[str, Any] = field(default_factory=dict)


def _as_figures(found: "Figures | dict[str, Any]") -> tuple[dict[str, Any], dict[str, Any]]:
    """(expressions, params) of named scalars given either way (a plain dict binds nothing)."""
    if isinstance(found, Figures):
        return found.expressions, found.params
    return found, {}


@dataclass(frozen=True)
class Feature:
    blueprint: Blueprint
    nav: list[NavItem] = field(default_factory=list)
    home: list[HomeSection] = field(default_factory=list)


def discover_features() -> list[Feature]:
    import blueprints

    features = []
    for module in sorted(pkgutil.iter_modules(blueprints.__path__), key=lambda m: m.name):
        package = importlib.import_module(f"blueprints.{module.name}")
        feature = getattr(package, "FEATURE", None)
        if feature is not None:
            features.append(feature)
    return features


def register_features(app: Flask) -> None:
    features = discover_features()
    for feature in features:
        app.register_blueprint(feature.blueprint)
    app.extensions["qcbd_nav"] = sorted((item for f in features for item in f.nav), key=lambda i: i.order)
    app.extensions["qcbd_home"] = sorted((s for f in features for s in f.home), key=lambda s: s.order)


def nav_items_for(user) -> list[NavItem]:
    """The top menu; a 管理 entry stands for the tools when the user has any."""
    items = [item for item in current_app.extensions["qcbd_nav"] if item.visible(user) and not item.tool]
    if tools_for(user):
        items.append(MANAGE_ITEM)
    return items


def tools_for(user) -> list[NavItem]:
    return [item for item in current_app.extensions["qcbd_nav"] if item.tool and item.visible(user)]


MANAGE_ITEM = NavItem("管理", "core.manage", order=1000, active_prefix="core.manage")


def per_request(key: str, compute: Callable[[], Any]) -> Any:
    """compute() once per request, kept on flask.g; outside a request (a shell, a unit test) every time."""
    if not has_request_context():
        return compute()
    cache = g.setdefault("per_request", {})
    if key not in cache:
        cache[key] = compute()
    return cache[key]


def remember_per_request(key: str, value: Any) -> None:
    """Give per_request its answer for this request ahead of time (read along with something else)."""
    if has_request_context():
        g.setdefault("per_request", {})[key] = value


def forget_per_request(key: str) -> None:
    """Drop a remembered value after the request changed what it was computed from."""
    if has_request_context():
        g.get("per_request", {}).pop(key, None)


def home_figures(user, figures: Callable[[Any], dict[str, Any]]) -> dict[str, Any]:
    """A panel's figures for this user: those the home page fetched for every panel, else one query of its own."""
    fetched = g.get("home_figures") if has_request_context() else None
    if fetched is not None and fetched[0] == user.id and figures in fetched[2]:
        # Asked for in the home page's query: answered without building the expressions again.
        return {name: fetched[1][name] for name in fetched[2][figures]}
    return run_figures(figures(user))


def run_figures(wanted: "Figures | dict[str, Any]") -> dict[str, Any]:
    """Named SQL scalars in one query."""
    from sqlalchemy import select

    from app import db

    expressions, params = _as_figures(wanted)
    if not expressions:
        return {}
    statement = select(*(expr.label(name) for name, expr in expressions.items()))
    return dict(db.session.execute(statement, params).one()._mapping)


def _prefetch_figures(user, sections: list[HomeSection]) -> None:
    """Every panel's figures in one query, together with the person's memberships when those are not read yet."""
    from blueprints.accounts.services import person_facts

    wanted: dict[str, Any] = {}
    params: dict[str, Any] = {}
    names: dict[Callable, tuple[str, ...]] = {}  #: each figures function → the names it gave
    for section in sections:
        if section.figures is not None:
            asked = section.figures(user)
            names[section.figures] = tuple(asked.expressions)
            wanted.update(asked.expressions)
            params.update(asked.params)
    figures = Figures(wanted, params)
    flags = person_facts(user, extra=figures).flags
    if not wanted.keys() <= flags.keys():  # the memberships were read earlier in this request
        flags = run_figures(figures)
    g.home_figures = (user.id, {name: flags[name] for name in wanted}, names)


def home_sections_for(user) -> list[tuple[str, dict]]:
    """(template, context) of every home panel that has something to show this user."""
    _prefetch_figures(user, current_app.extensions["qcbd_home"])
    sections = []
    for section in current_app.extensions["qcbd_home"]:
        context = section.build(user)
        if context is not None:
            sections.append((section.template, context))
    return sections
