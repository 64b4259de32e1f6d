"""Values and filters every template may use."""
from __future__ import annotations

from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

from flask import Flask, current_app
from flask_login import current_user


SCHOOL_TZ = ZoneInfo("Asia/Shanghai")


def install_template_helpers(app: Flask) -> None:
    from blueprints.core.print_fonts import print_fonts_ready

    app.add_template_global(print_fonts_ready)

    @app.context_processor
    def globals_for_templates():
        from blueprints.accounts.services import current_semester
        from blueprints.core.features import nav_items_for

        return {
            "nav_items_for": nav_items_for,
            "school_name": current_app.config["SCHOOL_NAME"],
            "current_semester": current_semester if current_user.is_authenticated else (lambda: None),
        }

    @app.template_filter("cn_date")
    def cn_date(value: date | datetime | None) -> str:
        if value is None:
            return ""
        return f"{value.year}年{value.month}月{value.day}日"

    @app.template_filter("local_time")
    def local_time(value: datetime | None) -> str:
        """Stored times are naive UTC; people read Beijing time."""
        if value is None:
            return ""
        return value.replace(tzinfo=timezone.utc).astimezone(SCHOOL_TZ).strftime("%Y-%m-%d %H:%M")

    @app.template_filter("iso_date")
    def iso_date(value: date | datetime | None) -> str:
        return value.strftime("%Y-%m-%d") if value else ""
