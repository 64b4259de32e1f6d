"""How a feature package plugs into the app: its blueprint, its menu entries, its panels on the home page.

Each package under blueprints/ exposes FEATURE in its __init__.py; the app finds them all, so adding a
feature never means editing a central list."""
from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass, field
from typing import Any, Callable

from flask import Blueprint, Flask, current_app


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


def home_sections_for(user) -> list[tuple[str, dict]]:
    """(template, context) of every home panel that has something to show this user."""
    sections = []
    for section in current_app.extensions["qcbd_home"]:
        context = section.build(user)
        if context is not None:
            sections.append((section.template, context))
    return sections
