"""The start-up check for HarfBuzz subsetting: recorded, logged loudly and shown to the admin when missing."""
from __future__ import annotations

import logging

from blueprints.certificates import health


def test_this_machine_has_harfbuzz_subsetting(app):
    assert health.harfbuzz_subset_available()
    assert app.extensions["certificates_harfbuzz_subset"] is True


def test_a_missing_library_is_logged_and_shown_on_the_admin_page(app, client, login_as, admin, monkeypatch, caplog):
    monkeypatch.setattr(health.ctypes.util, "find_library", lambda name: None)
    with caplog.at_level(logging.ERROR):
        health.check_on_startup(app)
    assert "libharfbuzz-subset is NOT available" in caplog.text
    login_as(admin)
    assert "缺少 HarfBuzz 字体子集库" in client.get("/certificates/manage").get_data(as_text=True)
