"""Signing in with the council's directory by OpenID Connect (docs/single-sign-on.md), against a real
provider, oidc-provider, over HTTP (tests/web/auth/directory.py): who gets in, what is refused and why, the roles
the directory's groups give, signing out there too, and password sign-in kept to break-glass administrators."""

import json
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from tests.conftest import PASSWORD
from webapp.domain.bodies import BodyKind
from webapp.models import Body, CommitteeSeat, SignInSession, User

from .directory import CLIENT_ID, CLIENT_SECRET, Directory, through_directory

APP = "http://localhost"


@pytest.fixture(scope="module")
def running_directory():
    directory = Directory([f"{APP}/sign-in/council/callback"], [f"{APP}/sign-in?signed_out=1"]).start()
    yield directory
    directory.stop()


@pytest.fixture
def directory(app, running_directory):
    running_directory.misbehave = set()
    app.config.update(
        OIDC_ISSUER=running_directory.issuer,
        OIDC_CLIENT_ID=CLIENT_ID,
        OIDC_CLIENT_SECRET=CLIENT_SECRET,
        BASE_URL=APP,
    )
    return running_directory


def callback_for(client, login, next_page=None):
    """The app's callback address the directory sends the browser back to, once `login` has signed in there."""
    start = client.get("/sign-in/council" + (f"?next={next_page}" if next_page else ""))
    assert start.status_code == 302, start.get_data(as_text=True)
    back = urlsplit(through_directory(start.headers["Location"], login, until=APP))
    assert back.path == "/sign-in/council/callback"
    return f"{back.path}?{back.query}"


def sign_in_at_directory(client, login, directory=None, next_page=None):
    """What a browser does: the button, the directory's pages, and back to the app."""
    return client.get(callback_for(client, login, next_page))


def test_the_sign_in_page_offers_the_council_account_only_when_configured(client, app):
    assert "Sign in with your council account" not in client.get("/sign-in").get_data(as_text=True)
    assert client.get("/sign-in/council").status_code == 404
    app.config.update(OIDC_ISSUER="http://127.0.0.1:9", OIDC_CLIENT_ID="x", OIDC_CLIENT_SECRET="y")
    html = client.get("/sign-in").get_data(as_text=True)
    assert "Sign in with your council account" in html
    assert "Or sign in with a password" in html


def test_forms_may_lead_to_the_directory_only_when_it_is_configured(client, app):
    assert "form-action 'self';" in client.get("/sign-in").headers["Content-Security-Policy"]
    app.config.update(OIDC_ISSUER="https://login.example/tenant/v2.0", OIDC_CLIENT_ID="x", OIDC_CLIENT_SECRET="y")
    policy = client.get("/sign-in").headers["Content-Security-Policy"]
    assert "form-action 'self' https://login.example;" in policy  # sign-out's redirect to the directory


def test_a_known_person_signs_in_by_their_verified_email_whatever_its_case(client, directory, make_user):
    user = make_user("cmt", email="pat.jones@council.example")
    response = sign_in_at_directory(client, "pat", next_page="/meetings/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/meetings/"
    assert client.get("/meetings/").status_code == 200
    assert SignInSession.select().where(SignInSession.user == user.id).count() == 1


def test_the_request_to_the_directory_carries_state_nonce_and_pkce(client, directory):
    asked = parse_qs(urlsplit(client.get("/sign-in/council").headers["Location"]).query)
    assert asked["code_challenge_method"] == ["S256"]
    assert asked["state"][0] and asked["nonce"][0] and asked["code_challenge"][0]
    assert asked["redirect_uri"] == [f"{APP}/sign-in/council/callback"]
    assert set(asked["scope"][0].split()) >= {"openid", "email"}


def test_an_unknown_person_is_refused_plainly_and_nothing_is_made(client, directory, db):
    response = sign_in_at_directory(client, "sam")
    assert response.status_code == 403
    assert "There is no account here for sam.new@council.example" in response.get_data(as_text=True)
    assert not User.select().where(User.email == "sam.new@council.example").exists()
    assert client.get("/meetings/").status_code == 302  # still signed out


def test_an_unknown_person_gets_an_account_with_no_roles_when_the_council_allows(client, app, directory):
    app.config["OIDC_CREATE_ACCOUNTS"] = True
    assert sign_in_at_directory(client, "sam").status_code == 302
    user = User.get(User.email == "sam.new@council.example")
    assert (user.name, user.roles, user.password_hash) == ("Sam New", frozenset(), "")
    assert client.get("/", follow_redirects=True).status_code == 200


def test_a_disabled_user_is_refused(client, directory, make_user):
    make_user("cmt", email="pat.jones@council.example", active=False)
    response = sign_in_at_directory(client, "pat")
    assert response.status_code == 403
    assert "Your account here is disabled" in response.get_data(as_text=True)


@pytest.mark.parametrize("login", ["unverified", "silent"])
def test_an_unverified_email_is_refused(client, directory, make_user, login):
    make_user("cmt", email="una@council.example")
    make_user("cmt", email="sid@council.example")
    response = sign_in_at_directory(client, login)
    assert response.status_code == 403
    assert "has not been verified" in response.get_data(as_text=True)


def test_a_directory_that_sends_no_email_verified_is_trusted_when_configured(client, app, directory, make_user):
    app.config["OIDC_TRUST_UNVERIFIED_EMAIL"] = True  # Entra ID: the tenant's own addresses
    make_user("cmt", email="sid@council.example")
    make_user("cmt", email="una@council.example")
    assert sign_in_at_directory(client, "silent").status_code == 302
    client.refresh_csrf("/")
    client.post("/sign-out")
    assert sign_in_at_directory(client, "unverified").status_code == 403  # said unverified: refused always


@pytest.mark.parametrize("fault", ["signature", "audience", "issuer", "expired", "nonce"])
def test_an_id_token_that_fails_a_check_signs_nobody_in(client, directory, make_user, fault):
    make_user("cmt", email="pat.jones@council.example")
    directory.misbehave = {fault}
    response = sign_in_at_directory(client, "pat")
    assert response.status_code == 400
    assert "did not finish" in response.get_data(as_text=True)
    assert client.get("/meetings/").status_code == 302
    # the person's next step: the network behaves again, and signing in works
    directory.misbehave = set()
    assert sign_in_at_directory(client, "pat").status_code == 302


def test_a_callback_without_the_sessions_state_is_refused(client, directory):
    before = directory.token_requests
    response = client.get("/sign-in/council/callback?code=abc&state=forged")
    assert response.status_code == 400
    assert directory.token_requests == before


def test_a_replayed_code_is_refused_by_the_directory(client, directory, make_user):
    make_user("cmt", email="pat.jones@council.example")
    first = callback_for(client, "pat")
    assert client.get(first).status_code == 302
    client.refresh_csrf("/")
    client.post("/sign-out")
    # a new sign-in's state, with the code already used: the state passes here, the directory refuses the code
    state = parse_qs(urlsplit(client.get("/sign-in/council").headers["Location"]).query)["state"][0]
    code = parse_qs(urlsplit(first).query)["code"][0]
    response = client.get(f"/sign-in/council/callback?code={code}&state={state}")
    assert response.status_code == 400
    assert client.get("/meetings/").status_code == 302


def test_a_discovery_document_of_another_issuer_is_not_followed(client, app, make_user):
    directory = Directory([f"{APP}/sign-in/council/callback"], []).start()
    try:
        directory.misbehave = {"issuer-in-discovery"}
        app.config.update(
            OIDC_ISSUER=directory.issuer, OIDC_CLIENT_ID=CLIENT_ID, OIDC_CLIENT_SECRET=CLIENT_SECRET, BASE_URL=APP
        )
        response = client.get("/sign-in/council")
        assert response.status_code == 502
        assert "could not be reached" in response.get_data(as_text=True)
    finally:
        directory.stop()


def test_an_unreachable_directory_says_so(client, app, directory):
    app.config["OIDC_ISSUER"] = "http://127.0.0.1:9"  # nothing listens there
    response = client.get("/sign-in/council")
    assert response.status_code == 502
    assert "could not be reached" in response.get_data(as_text=True)


def test_directory_groups_give_and_take_the_roles_and_services_they_map(
    client, app, directory, make_user, make_service
):
    revenues = make_service("Revenues and Benefits")
    make_service("Planning")
    user = make_user("member", "clerk", "hos", email="pat.jones@council.example")
    app.config.update(
        OIDC_GROUP_ROLES=json.dumps({"g-cmt": ["cmt"], "g-heads": ["hos"]}),
        OIDC_GROUP_SERVICES=json.dumps({"g-revenues": ["Revenues and Benefits"], "g-planning": ["Planning"]}),
    )
    assert sign_in_at_directory(client, "pat").status_code == 302  # Pat's groups: g-cmt, g-revenues
    user = User.get_by_id(user.id)
    # hos is the directory's and Pat is not in its group; member and clerk are the administrators', and stay
    assert {str(role) for role in user.roles} == {"cmt", "member", "clerk"}
    assert user.service_ids == {revenues.id}


def test_directory_groups_give_and_take_the_committees_they_map(client, app, directory, make_user):
    """docs/single-sign-on.md: a Member's committees follow the groups the mapping names; a seat it never names
    stays as the administrator gave it. Pat's groups: g-cmt, g-revenues."""
    development = Body.create(name="Development Committee", kind=BodyKind.POLICY_COMMITTEE)
    resources = Body.create(name="Resources Committee", kind=BodyKind.POLICY_COMMITTEE)
    audit = Body.create(name="Audit and Performance Committee", kind=BodyKind.AUDIT_AND_PERFORMANCE)
    user = make_user("member", email="pat.jones@council.example", committees=[resources, audit])
    app.config["OIDC_GROUP_COMMITTEES"] = json.dumps(
        {"g-revenues": ["Development Committee"], "g-other": ["Resources Committee"], "g-gone": ["Parks Committee"]}
    )
    assert sign_in_at_directory(client, "pat").status_code == 302
    seats = {seat.body_id for seat in CommitteeSeat.select().where(CommitteeSeat.user == user.id)}
    assert seats == {development.id, audit.id}  # given Development, Resources taken away, A&P left alone
    assert client.get("/").status_code == 200


def test_signing_out_ends_the_session_here_and_at_the_directory(client, directory, make_user):
    user = make_user("cmt", email="pat.jones@council.example")
    sign_in_at_directory(client, "pat")
    response = client.post("/sign-out")
    assert response.status_code == 302
    there = urlsplit(response.headers["Location"])
    assert f"{there.scheme}://{there.netloc}{there.path}" == f"{directory.issuer}/session/end"
    asked = parse_qs(there.query)
    assert asked["post_logout_redirect_uri"] == [f"{APP}/sign-in?signed_out=1"]
    assert asked["id_token_hint"][0].count(".") == 2
    assert SignInSession.select().where(SignInSession.user == user.id).count() == 0
    assert client.get("/meetings/").status_code == 302
    # the directory knows the hint and the return address: it asks the person to confirm signing out there
    assert requests.get(response.headers["Location"], timeout=30).status_code == 200


def test_signing_out_after_a_password_sign_in_stays_here(client, directory, make_user, sign_in):
    sign_in(make_user("cmt"))
    assert client.post("/sign-out").headers["Location"] == "/sign-in?signed_out=1"


def test_password_sign_in_switched_off_but_for_named_administrators(client, app, directory, make_user):
    admin = make_user("admin", email="breakglass@council.example")
    officer = make_user("cmt", email="pat.jones@council.example")
    named_not_admin = make_user("cmt", email="named@council.example")
    app.config.update(
        PASSWORD_SIGN_IN=False, PASSWORD_SIGN_IN_ACCOUNTS="breakglass@council.example, named@council.example"
    )
    page = client.get("/sign-in").get_data(as_text=True)
    assert "Administrators: sign in with a password" in page
    refused = client.post("/sign-in", data={"email": officer.email, "password": PASSWORD})
    assert refused.status_code == 403
    html = refused.get_data(as_text=True)
    assert "only for named administrator accounts" in html
    assert f'value="{officer.email}"' in html  # what was typed is kept
    assert client.post("/sign-in", data={"email": named_not_admin.email, "password": PASSWORD}).status_code == 200
    assert client.get("/meetings/").status_code == 302
    signed_in = client.post("/sign-in", data={"email": admin.email, "password": PASSWORD})
    assert signed_in.status_code == 302
    assert client.get("/meetings/").status_code == 200
    # the officer's next step: their council account
    client.refresh_csrf("/")
    assert client.post("/sign-out").status_code == 302
    assert sign_in_at_directory(client, "pat").status_code == 302
    assert client.get("/meetings/").status_code == 200
