"""Every route declares who may use it; admins' pages refuse teachers; anonymous users go to login; CSRF holds."""
import pytest

from tests.conftest import TEST_PASSWORD, csrf_token_from

KNOWN_RULES = {"public", "login", "admin"} | {"kiosk", "feed", "group-leader"}
UNRULED = {"static"}


def test_every_route_declares_who_may_use_it(app):
    missing = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in UNRULED:
            continue
        view = app.view_functions[rule.endpoint]
        if getattr(view, "access_rule", None) not in KNOWN_RULES:
            missing.append(f"{rule.endpoint} {rule.rule}")
    assert missing == [], "routes without a declared access rule: " + ", ".join(missing)


def _admin_get_urls(app):
    """Every GET route labelled admin, with 1 for each URL argument."""
    urls = []
    for rule in app.url_map.iter_rules():
        view = app.view_functions.get(rule.endpoint)
        if getattr(view, "access_rule", None) == "admin" and "GET" in rule.methods:
            urls.append(rule.build({arg: 1 for arg in rule.arguments})[1])
    return urls


def test_teacher_gets_403_on_every_admin_page(app, client, login_as, teacher):
    login_as(teacher)
    urls = _admin_get_urls(app)
    assert "/semesters/" in urls and "/staff/new" in urls
    for url in urls:
        response = client.get(url)
        assert response.status_code == 403, url
        assert "没有权限" in response.get_data(as_text=True)


def test_teacher_gets_403_on_admin_actions(client, login_as, teacher, make_staff):
    other = make_staff()
    login_as(teacher)
    for url in [f"/staff/{other.id}/deactivate", f"/staff/{other.id}/reset-password", "/semesters/new"]:
        assert client.post(url).status_code == 403, url


def test_anonymous_user_is_sent_to_login_from_every_non_public_page(app, client):
    for rule in app.url_map.iter_rules():
        view = app.view_functions.get(rule.endpoint)
        if getattr(view, "access_rule", None) in {"login", "admin"} and "GET" in rule.methods:
            url = rule.build({arg: 1 for arg in rule.arguments})[1]
            response = client.get(url)
            assert response.status_code == 303 and "/login" in response.headers["Location"], url


@pytest.mark.csrf
def test_post_without_csrf_token_is_refused(client, teacher):
    response = client.post("/login", data={"staff_no": teacher.staff_no, "password": TEST_PASSWORD})
    assert response.status_code == 400
    assert "安全令牌" in response.get_data(as_text=True)


@pytest.mark.csrf
def test_htmx_post_carries_the_token_in_a_header(client, login_as, admin, make_group, make_staff):
    group = make_group(name="工会", kind="union")
    colleague = make_staff()
    login_as(admin)
    page = client.get(f"/groups/{group.id}").get_data(as_text=True)
    token = csrf_token_from(page)
    headers = {"HX-Request": "true", "X-CSRFToken": token}
    refused = client.post(f"/groups/{group.id}/members", data={"staff_id": colleague.id}, headers={"HX-Request": "true"})
    assert refused.status_code == 400
    accepted = client.post(f"/groups/{group.id}/members", data={"staff_id": colleague.id}, headers=headers)
    assert accepted.status_code == 200
    assert colleague.name in accepted.get_data(as_text=True)


def test_unknown_page_is_a_friendly_404(client, login_as, teacher):
    login_as(teacher)
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "页面不存在" in response.get_data(as_text=True)


def test_unexpected_error_is_a_friendly_500(app, client, login_as, teacher, monkeypatch):
    import blueprints.core.views as core_views

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(core_views, "groups_of", broken)
    login_as(teacher)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = client.get("/")
    assert response.status_code == 500
    assert "系统出错了" in response.get_data(as_text=True)
    assert "boom" not in response.get_data(as_text=True)


def test_navigation_shows_only_what_the_user_may_use(client, login_as, teacher, admin):
    login_as(teacher)
    nav = client.get("/").get_data(as_text=True).split("</header>")[0]
    assert "教职工" in nav and "群团组织" in nav
    assert "管理" not in nav
    assert client.get("/manage").status_code == 403
    client.post("/logout")
    login_as(admin)
    nav = client.get("/").get_data(as_text=True).split("</header>")[0]
    assert "管理" in nav and "名册导入" not in nav  # tools live on the 管理 page, not in the top menu
    tools = client.get("/manage").get_data(as_text=True)
    assert "学期" in tools and "名册导入" in tools
