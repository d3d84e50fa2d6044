"""Signing in and out, sessions, CSRF and the security headers (docs/quality.md)."""

from datetime import timedelta

import pytest

from tests.conftest import PASSWORD
from webapp.admin.accounts import set_active
from webapp.core.same_site import same_site_path
from webapp.models import SignInSession


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get("/indicators/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/sign-in?next=")


def test_sign_in_page_has_labelled_fields(client):
    html = client.get("/sign-in").get_data(as_text=True)
    assert '<label class="govuk-label" for="email">Email</label>' in html
    assert '<label class="govuk-label" for="password">Password</label>' in html


def test_sign_in_with_the_right_password_then_reach_a_page(client, make_user):
    user = make_user("member")
    response = client.post("/sign-in?next=/meetings/", data={"email": user.email.upper(), "password": PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == "/meetings/"
    assert client.get("/meetings/").status_code == 200


@pytest.mark.parametrize(
    "query, landing",
    [
        ("next=//evil.example/", "/"),
        ("next=https://evil.example/", "/"),
        ("next=/%5Cevil.example", "/"),  # /\evil.example
        ("next=%5C%5Cevil.example", "/"),
        ("next=/%5C/evil.example", "/"),
        ("next=https:/%5Cevil.example", "/"),
        ("next=///evil.example", "/"),
        ("next=/%09/evil.example", "/"),  # a browser drops the tab and reads //evil.example
        ("next=/%0A/x", "/"),  # and the newline (this one answered 500 after signing in)
        ("next=/%0D%0A/evil.example", "/"),
        ("next=%20//evil.example", "/"),  # and trims spaces and control characters at the ends
        ("next=%00%1F/%09/evil.example%20", "/"),
        ("next=javascript:alert(1)", "/"),
        ("next=evil.example", "/"),
        ("next=/meet%09ings/", "/meetings/"),  # a path on this site, read as a browser reads it
        ("next=/meetings/", "/meetings/"),
    ],
)
def test_sign_in_lands_only_on_a_same_site_page_whatever_next_says(client, make_user, query, landing):
    user = make_user("member")
    response = client.post(f"/sign-in?{query}", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == landing
    assert client.get(landing, follow_redirects=True).status_code == 200
    assert SignInSession.select().count() == 1


@pytest.mark.parametrize("target, path", [("/\u20ac/\x7f", "/%E2%82%AC/%7F"), ("\t/pips/?q=a b", "/pips/?q=a%20b")])
def test_a_same_site_next_is_sent_percent_encoded(target, path):
    assert same_site_path(target) == path


@pytest.mark.parametrize("email, password", [("nobody@example.org", PASSWORD), (None, "wrong")])
def test_a_wrong_email_or_password_is_refused_and_the_email_kept(client, make_user, email, password):
    user = make_user("member")
    email = email or user.email
    response = client.post("/sign-in", data={"email": email, "password": password})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "The email or password is not right" in html
    assert f'value="{email}"' in html
    assert client.get("/indicators/").status_code == 302


def test_empty_fields_show_errors_next_to_fields(client):
    html = client.post("/sign-in", data={"email": "", "password": ""}).get_data(as_text=True)
    assert "There is a problem" in html
    assert 'href="#email">Enter your email address' in html
    assert 'id="password-error"' in html


def test_disabled_user_cannot_sign_in(client, make_user):
    user = make_user("member", active=False)
    response = client.post("/sign-in", data={"email": user.email, "password": PASSWORD})
    assert "The email or password is not right" in response.get_data(as_text=True)


def test_disabling_a_user_ends_their_session_at_once(client, make_user, sign_in):
    user = make_user("member")
    sign_in(user)
    set_active(user, False)
    assert client.get("/indicators/").status_code == 302


def test_session_is_renewed_at_sign_in(client, make_user):
    user = make_user("member")
    client.get("/sign-in")
    before = client.get_cookie("pips_session").value
    client.post("/sign-in", data={"email": user.email, "password": PASSWORD})
    after = client.get_cookie("pips_session").value
    assert before != after
    assert SignInSession.select().count() == 1


def test_a_replayed_cookie_from_before_sign_out_is_refused(app, client, make_user, sign_in):
    user = make_user("member")
    sign_in(user)
    stolen = client.get_cookie("pips_session").value
    assert client.post("/sign-out").status_code == 302
    assert SignInSession.select().count() == 0
    replay = app.test_client()
    replay.set_cookie("pips_session", stolen)
    response = replay.get("/indicators/")
    assert response.status_code == 302
    assert "/sign-in" in response.headers["Location"]


def test_sign_out_needs_post(client, make_user, sign_in):
    sign_in(make_user("member"))
    assert client.get("/sign-out").status_code == 405
    assert client.get("/indicators/").status_code == 200


@pytest.mark.parametrize("field, delta", [("last_seen_at", timedelta(minutes=31)), ("created_at", timedelta(hours=11))])
def test_idle_and_absolute_timeouts_end_the_session(client, make_user, sign_in, field, delta):
    sign_in(make_user("member"))
    record = SignInSession.get()
    setattr(record, field, getattr(record, field) - delta)
    record.save()
    assert client.get("/indicators/").status_code == 302
    assert SignInSession.select().count() == 0


def test_state_change_without_csrf_token_is_refused(client, make_user, sign_in):
    sign_in(make_user("member"))
    response = client.post("/sign-out", csrf=False)
    assert response.status_code == 400
    assert "expired" in response.get_data(as_text=True)
    assert client.get("/indicators/").status_code == 200


def test_sign_in_is_limited_and_says_how_long_to_wait(client, make_user):
    """The defaults: 5 wrong passwords for one account from one address (tests/web/auth/test_sign_in_throttle.py)."""
    user = make_user("member")
    for _ in range(5):
        client.post("/sign-in", data={"email": user.email, "password": "wrong"})
    response = client.post("/sign-in", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many attempts to sign in" in response.get_data(as_text=True)
    assert "Wait 15 minutes, then try again." in response.get_data(as_text=True)


def test_security_headers(client):
    response = client.get("/sign-in")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Cache-Control"] == "no-store"


def test_signed_in_pages_and_fragments_are_not_stored_and_static_files_may_be(client, login_as):
    login_as("performance")
    assert client.get("/indicators/").headers["Cache-Control"] == "no-store"
    assert client.htmx("get", "/indicators/").headers["Cache-Control"] == "no-store"
    static = client.get("/static/app.css")
    assert static.status_code == 200 and static.headers.get("Cache-Control") != "no-store"
    static.close()


@pytest.mark.parametrize("download", ["plan.docx", "plan.json"])
def test_word_and_json_downloads_are_not_stored(client, login_as, make_pip, download):
    login_as("performance")
    pip = make_pip()
    response = client.get(f"/pips/{pip.id}/{download}")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert response.headers["Cache-Control"] == "no-store"


def test_session_cookie_flags(client, make_user):
    user = make_user("member")
    response = client.post("/sign-in", data={"email": user.email, "password": PASSWORD})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_admin_pages_refuse_other_roles(client, login_as):
    login_as("member", "cmt", "clerk", "performance")
    assert client.get("/admin/").status_code == 403
