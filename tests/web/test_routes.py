"""Every route, whatever area adds it, is closed to anonymous users and declares who may use it."""

import re

import pytest

from webapp import create_app
from webapp.domain.roles import Role

PUBLIC = {
    "static",
    "auth.sign_in",
    "auth.sign_out",
    # Setting a password from a mailed link, and asking for one
    # (docs/users-and-permissions.md#invitations-and-forgotten-passwords)
    "auth.accept_invitation",
    "auth.reset_password",
    "auth.forgotten_password",
    "auth.reset_asked",
    "accessibility.statement",  # docs/accessibility.md
    # Single sign-on with the council's directory (docs/single-sign-on.md): 404 while it is not configured
    "auth.sign_in_with_directory",
    "auth.signed_in_by_directory",
}


def _routes():
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "DATABASE_URL": "sqlite:///:memory:"})
    for rule in app.url_map.iter_rules():
        if rule.endpoint in PUBLIC:
            continue
        url = re.sub(r"<(?:[^:<>]+:)?[^<>]+>", "1", rule.rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield pytest.param(rule.endpoint, method, url, id=f"{method} {rule.rule}")


ROUTES = list(_routes())


@pytest.mark.parametrize("endpoint, method, url", ROUTES)
def test_anonymous_users_are_sent_to_sign_in(client, endpoint, method, url):
    response = client.open(url, method=method)
    assert response.status_code == 302, f"{endpoint} answered {response.status_code}"
    assert response.headers["Location"].startswith("/sign-in")


@pytest.mark.parametrize("endpoint, method, url", ROUTES)
def test_every_view_declares_who_may_use_it(app, endpoint, method, url):
    view = app.view_functions[endpoint]
    assert hasattr(view, "required_roles"), f"{endpoint} has no role_required or signed_in"


@pytest.mark.parametrize(
    "url, status",
    [
        ("/accessibility/", 200),
        ("/forgotten-password", 200),
        ("/forgotten-password/sent", 200),
        ("/invitation/no-such-link", 404),
        ("/reset-password/no-such-link", 404),
        ("/sign-in/council", 404),  # until single sign-on is configured
        ("/sign-in/council/callback", 404),
    ],
)
def test_the_public_pages_answer_without_signing_in(client, url, status):
    assert client.get(url).status_code == status


def test_unknown_pages_are_404_with_a_clear_page(client, login_as):
    login_as("member")
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "Page not found" in response.get_data(as_text=True)


ROUTES_WITH_IDS = [route for route in _routes() if "<int:" in route.id]


@pytest.mark.parametrize("endpoint, method, url", ROUTES_WITH_IDS)
@pytest.mark.parametrize("row_id", [2**31, 2**63, 10**20])
def test_a_row_id_too_large_for_the_database_is_not_found(
    app, client, make_user, sign_in, endpoint, method, url, row_id
):
    """webapp/core/row_ids.py: not an error from the database. Signed in with every role, so each view's own
    checks would be reached."""
    sign_in(make_user(*Role))
    rule = next(rule for rule in app.url_map.iter_rules() if rule.endpoint == endpoint and method in rule.methods)

    def address(with_id):
        return re.sub(r"<(?:[^:<>]+:)?[^<>]+>", "1", re.sub(r"<int:[^<>]+>", str(with_id), rule.rule))

    response = client.open(address(row_id), method=method, data={})
    # 405 where another address of the same shape takes only other methods (a score's period is a date).
    assert response.status_code in (404, 405), f"{method} {address(row_id)}: {response.status_code}"
    assert client.open(address(2**31 - 1), method=method, data={}).status_code != 500  # the largest there can be
