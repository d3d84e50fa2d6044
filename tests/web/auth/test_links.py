"""The links mailed to set a password (docs/users-and-permissions.md#invitations-and-forgotten-passwords):
an invitation (72 hours) and a forgotten password's reset (1 hour), each single-use, kept hashed, received by a
real SMTP server; the person's next step every time."""

import hashlib
from datetime import timedelta

import pytest

from tests.conftest import PASSWORD
from webapp.auth.tokens import send_link
from webapp.domain.account_links import Purpose
from webapp.domain.roles import Role
from webapp.models import AccountToken, SignInSession, User, database, utcnow

NEW_PASSWORD = "a brand new pass phrase"
EMAIL = "sam.jones@example.org"


@pytest.fixture
def invited(db, make_user):
    """Someone an administrator added, as webapp/admin/accounts.create_user does: no password, an invitation."""
    user = make_user(Role.MEMBER, email=EMAIL, name="Sam Jones")
    User.update(password_hash="").where(User.id == user.id).execute()
    with database.atomic():
        send_link(user, Purpose.INVITATION, "Performance Improvement Plans")
    return User.get_by_id(user.id)


def set_password(client, link, password=NEW_PASSWORD, confirm=None):
    client.refresh_csrf(link)
    return client.post(link, data={"password": password, "confirm_password": password if confirm is None else confirm})


def sign_in(client, email, password):
    client.refresh_csrf()
    return client.post("/sign-in", data={"email": email, "password": password})


def test_the_invitation_sets_a_password_once_and_the_link_then_says_it_was_used(client, invited, mailed_link):
    refused = sign_in(client, EMAIL, "any password at all")  # no password opens an invited account
    assert refused.status_code == 200 and "The email or password is not right" in refused.get_data(as_text=True)
    _, link = mailed_link(EMAIL)
    token = link.rsplit("/", 1)[1]
    kept = AccountToken.get(AccountToken.user == invited.id)
    assert kept.token_hash == hashlib.sha256(token.encode()).hexdigest()  # the token itself is kept nowhere
    assert timedelta(hours=71, minutes=59) < kept.expires_at - utcnow() <= timedelta(hours=72)

    done = set_password(client, link)
    assert done.status_code == 302 and done.headers["Location"] == "/sign-in"
    assert sign_in(client, EMAIL, NEW_PASSWORD).status_code == 302

    again = client.get(link)
    html = again.get_data(as_text=True)
    assert again.status_code == 410
    assert "This link has already been used" in html and 'href="/sign-in"' in html
    assert set_password(client, link, "another long pass phrase").status_code == 410
    assert User.get_by_id(invited.id).check_password(NEW_PASSWORD)


def test_an_expired_invitation_says_so_and_what_to_do(client, invited, mailed_link):
    _, link = mailed_link(EMAIL)
    AccountToken.update(expires_at=utcnow() - timedelta(seconds=1)).execute()
    page = client.get(link)
    html = page.get_data(as_text=True)
    assert page.status_code == 410
    assert "This link has expired" in html and "ask an administrator to send you a new invitation" in html
    assert set_password(client, link).status_code == 410
    assert User.get_by_id(invited.id).password_hash == ""


def test_a_link_not_right_says_so(client, db):
    page = client.get("/invitation/not-a-token-we-sent")
    assert page.status_code == 404
    assert "This link is not right" in page.get_data(as_text=True)
    assert client.get("/reset-password/" + "x" * 500).status_code == 404


def test_an_invitation_is_not_a_reset_link(client, invited, mailed_link):
    _, link = mailed_link(EMAIL)
    assert client.get(link.replace("/invitation/", "/reset-password/")).status_code == 404


def test_the_new_password_follows_the_rules_and_the_form_says_why(client, invited, mailed_link):
    _, link = mailed_link(EMAIL)
    for password, confirm, message in [
        ("short", None, "The password must be 12 characters or more"),
        ("qwerty123456", None, "This password is one of the most commonly used"),
        (EMAIL, None, "The password must not be your email address"),
        (NEW_PASSWORD, "something else", "The passwords do not match"),
    ]:
        response = set_password(client, link, password, confirm)
        html = response.get_data(as_text=True)
        assert response.status_code == 422 and message in html and "Error: Create your password" in html
    assert set_password(client, link).status_code == 302  # the link still works after mistakes


def test_sending_the_invitation_again_ends_the_old_link(app, client, login_as, invited, mailed_link):
    _, first = mailed_link(EMAIL)
    login_as(Role.ADMIN)
    edit = client.get(f"/admin/users/{invited.id}/edit").get_data(as_text=True)
    assert "Sam Jones has not set a password yet. Their invitation's link works until" in edit
    response = client.post(f"/admin/users/{invited.id}/invite")
    assert response.status_code == 302
    assert "We have e-mailed Sam Jones a new invitation" in client.get(response.headers["Location"]).get_data(
        as_text=True
    )
    _, second = mailed_link(EMAIL)
    assert second != first
    newcomer = app.test_client()
    assert newcomer.get(first).status_code == 410
    assert set_password(newcomer, second).status_code == 302


def test_no_invitation_again_once_a_password_is_set(client, login_as, make_user):
    someone = make_user(Role.MEMBER)
    login_as(Role.ADMIN)
    response = client.post(f"/admin/users/{someone.id}/invite", follow_redirects=True)
    assert "has set a password already" in response.get_data(as_text=True)
    assert AccountToken.select().count() == 0


# Forgotten password


def ask_for_reset(client, email):
    client.refresh_csrf("/forgotten-password")
    return client.post("/forgotten-password", data={"email": email})


def test_the_sign_in_page_links_to_the_forgotten_password_page(client, db):
    assert 'href="/forgotten-password"' in client.get("/sign-in").get_data(as_text=True)
    assert client.get("/forgotten-password").status_code == 200


def test_a_reset_sets_a_new_password_and_ends_every_other_session(app, client, make_user, mailed_link):
    user = make_user(Role.PERFORMANCE, email="pat.lee@example.org")
    elsewhere = app.test_client()
    assert sign_in(elsewhere, user.email, PASSWORD).status_code == 302
    assert elsewhere.get("/").status_code == 200

    asked = ask_for_reset(client, " Pat.Lee@Example.org ")
    assert asked.status_code == 302 and asked.headers["Location"] == "/forgotten-password/sent"
    assert "If the address you entered has an account" in client.get("/forgotten-password/sent").get_data(as_text=True)
    message, link = mailed_link(user.email)
    assert message["Subject"] == "Reset your password for Performance Improvement Plans"
    kept = AccountToken.get(AccountToken.user == user.id, AccountToken.purpose == Purpose.RESET)
    assert timedelta(minutes=59) < kept.expires_at - utcnow() <= timedelta(hours=1)

    page = client.get(link).get_data(as_text=True)
    assert "Choose a new password" in page and "signs you out everywhere" in page
    assert set_password(client, link).status_code == 302
    assert elsewhere.get("/").status_code == 302  # the other session ended
    assert SignInSession.select().where(SignInSession.user == user.id).count() == 0
    assert sign_in(client, user.email, PASSWORD).status_code == 200  # the old password no longer works
    assert sign_in(client, user.email, NEW_PASSWORD).status_code == 302
    assert client.get(link).status_code == 410


def test_an_expired_reset_link_says_so_and_offers_a_new_one(client, make_user, mailed_link):
    user = make_user(Role.MEMBER)
    ask_for_reset(client, user.email)
    _, link = mailed_link(user.email)
    AccountToken.update(expires_at=utcnow() - timedelta(seconds=1)).execute()
    html = client.get(link).get_data(as_text=True)
    assert "This link has expired" in html and "1 hour" in html and 'href="/forgotten-password"' in html
    assert User.get_by_id(user.id).check_password(PASSWORD)


def test_the_answer_is_the_same_whether_or_not_the_address_has_an_account(client, make_user, smtp, send):
    user = make_user(Role.MEMBER)
    disabled = make_user(Role.MEMBER, active=False)
    answers = [ask_for_reset(client, email) for email in (user.email, "nobody@example.org", disabled.email)]
    assert {(a.status_code, a.headers["Location"]) for a in answers} == {(302, "/forgotten-password/sent")}
    send()
    assert [m["To"] for m in smtp.messages] == [user.email]


def test_a_newer_reset_link_ends_the_older(client, make_user, mailed_link):
    user = make_user(Role.MEMBER)
    ask_for_reset(client, user.email)
    _, first = mailed_link(user.email)
    ask_for_reset(client, user.email)
    _, second = mailed_link(user.email)
    assert client.get(first).status_code == 410
    assert client.get(second).status_code == 200


def test_reset_requests_are_throttled_like_sign_in(app, client, make_user, smtp, send):
    app.config.update(SIGN_IN_FAILURES_PER_ACCOUNT=3)
    user = make_user(Role.MEMBER)
    for _ in range(3):
        assert ask_for_reset(client, user.email).status_code == 302
    refused = ask_for_reset(client, user.email)
    assert refused.status_code == 429 and "Retry-After" in refused.headers
    assert "too many requests to reset a password" in refused.get_data(as_text=True)
    send()
    assert len(smtp.to(user.email)) == 3
    assert sign_in(client, user.email, PASSWORD).status_code == 302  # sign-in is not closed by the requests


def test_every_post_needs_the_csrf_token(client, invited, mailed_link):
    _, link = mailed_link(EMAIL)
    data = {"password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD}
    assert client.post(link, data=data, csrf=False).status_code == 400
    assert client.post("/forgotten-password", data={"email": EMAIL}, csrf=False).status_code == 400
    assert User.get_by_id(invited.id).password_hash == ""
