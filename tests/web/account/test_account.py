"""Your account (docs/users-and-permissions.md#your-account): your details, changing your password with the
current one, your sign-ins and signing out the others."""

import re
from datetime import timedelta

import pytest

from tests.conftest import PASSWORD
from webapp.models import SignInSession, User, utcnow

NEW_PASSWORD = "a brand new pass phrase"


def change(client, **changes):
    data = {"current_password": PASSWORD, "password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD}
    data.update(changes)
    return client.post("/account/password", data=data)


def second_client(app, user):
    other = app.test_client()
    assert other.post("/sign-in", data={"email": user.email, "password": PASSWORD}).status_code == 302
    other.refresh_csrf("/")
    return other


def test_every_signed_in_person_has_an_account_page_linked_from_the_header(client, login_as):
    user = login_as("member")
    home = client.get("/").get_data(as_text=True)
    assert 'href="/account/"' in home
    page = client.get("/account/")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert user.email in html and "Change your password" in html
    assert 'href="/notifications/"' in html  # the e-mail choices keep their address
    assert "This session" in html
    assert "You are not signed in anywhere else." in html


def test_changing_the_password_signs_out_everywhere_else_and_the_new_one_works(app, client, login_as):
    user = login_as("performance")
    other = second_client(app, user)
    assert "Sign out everywhere else" in client.get("/account/").get_data(as_text=True)

    response = change(client)
    assert response.status_code == 302 and response.headers["Location"] == "/account/"
    page = client.get("/account/").get_data(as_text=True)
    assert "Your password is changed. You are signed out everywhere else." in page
    assert other.get("/").status_code == 302  # the other sign-in ended
    assert SignInSession.select().where(SignInSession.user == user.id).count() == 1
    assert User.get_by_id(user.id).check_password(NEW_PASSWORD)

    client.post("/sign-out")
    client.refresh_csrf()
    assert client.post("/sign-in", data={"email": user.email, "password": NEW_PASSWORD}).status_code == 302


def test_a_wrong_current_password_keeps_the_form_and_says_why(client, login_as):
    user = login_as("member")
    response = change(client, current_password="not my password at all")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Your current password is not right" in html and "Error: Change your password" in html
    assert NEW_PASSWORD not in html  # passwords are never sent back
    assert User.get_by_id(user.id).check_password(PASSWORD)


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"current_password": ""}, "Enter your current password"),
        ({"password": "short", "confirm_password": "short"}, "The password must be 12 characters or more"),
        ({"password": "qwerty123456", "confirm_password": "qwerty123456"}, "one of the most commonly used"),
        ({"confirm_password": "something else"}, "The passwords do not match"),
        ({"confirm_password": ""}, "Enter the password again to confirm it"),
    ],
)
def test_the_new_password_follows_the_rules(client, login_as, changes, message):
    user = login_as("member")
    response = change(client, **changes)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert User.get_by_id(user.id).check_password(PASSWORD)


def test_the_password_cannot_be_your_email(client, login_as):
    user = login_as("member")
    response = change(client, password=user.email, confirm_password=user.email)
    assert "The password must not be your email address" in response.get_data(as_text=True)


def test_guessing_the_current_password_is_throttled_as_sign_in_is(app, client, login_as):
    app.config.update(SIGN_IN_FAILURES_PER_ACCOUNT=2)
    user = login_as("member")
    for _ in range(2):
        assert change(client, current_password="a wrong guess").status_code == 422
    refused = change(client).get_data(as_text=True)  # even the right password waits now
    assert "too many wrong passwords" in refused
    assert User.get_by_id(user.id).check_password(PASSWORD)


def test_signing_out_everywhere_else_keeps_this_session(app, client, login_as):
    user = login_as("clerk")
    others = [second_client(app, user) for _ in range(2)]
    response = client.post("/account/sessions/end-others")
    assert response.status_code == 302
    assert "You are signed out everywhere else." in client.get("/account/").get_data(as_text=True)
    assert all(other.get("/").status_code == 302 for other in others)
    assert client.get("/").status_code == 200


def test_every_post_needs_the_csrf_token(client, login_as):
    login_as("member")
    assert client.post("/account/sessions/end-others", csrf=False).status_code == 400
    data = {"current_password": PASSWORD, "password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD}
    assert client.post("/account/password", data=data, csrf=False).status_code == 400


def test_another_persons_sessions_are_not_touched(app, client, login_as, make_user):
    login_as("member")
    someone = make_user("member")
    theirs = second_client(app, someone)
    client.post("/account/sessions/end-others")
    assert theirs.get("/").status_code == 200


def test_each_sign_in_says_which_browser_and_address_it_came_from(app, client, make_user):
    user = make_user("member")
    firefox = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"
    phone = app.test_client()
    phone.post(
        "/sign-in",
        data={"email": user.email, "password": PASSWORD},
        headers={"User-Agent": "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) Version/18.1 Safari/604.1"},
        environ_base={"REMOTE_ADDR": "2001:db8::7"},
    )
    client.post("/sign-in", data={"email": user.email, "password": PASSWORD}, headers={"User-Agent": firefox})
    html = client.get("/account/").get_data(as_text=True)
    rows = re.findall(r'<tr class="govuk-table__row">(.*?)</tr>', html, re.S)[1:]
    cells = [re.findall(r'<td class="govuk-table__cell">(.*?)</td>', row, re.S) for row in rows]
    assert [row[:2] for row in cells] == [["Firefox on Windows", "127.0.0.1"], ["Safari on iPhone", "2001:db8::7"]]
    assert "This session" in cells[0][-1] and "This session" not in cells[1][-1]


def test_a_sign_in_made_before_browsers_were_recorded_says_so(client, login_as):
    user = login_as("member")
    SignInSession.update(browser="", address="").where(SignInSession.user == user).execute()
    html = client.get("/account/").get_data(as_text=True)
    assert html.count("Not recorded") == 2


def test_sessions_that_timed_out_unused_are_deleted_at_the_next_sign_in_with_their_address(app, client, make_user):
    idle, absolute = app.config["SESSION_IDLE_TIMEOUT"], app.config["SESSION_ABSOLUTE_TIMEOUT"]
    gone_idle, gone_long, open_ = (make_user("member") for _ in range(3))
    for user in (gone_idle, gone_long, open_):
        second_client(app, user)
    now = utcnow()
    SignInSession.update(last_seen_at=now - idle - timedelta(seconds=1)).where(
        SignInSession.user == gone_idle
    ).execute()
    SignInSession.update(created_at=now - absolute - timedelta(seconds=1)).where(
        SignInSession.user == gone_long
    ).execute()

    second_client(app, make_user("clerk"))
    assert sorted(s.user_id for s in SignInSession.select()) == sorted(
        [open_.id, User.select().order_by(User.id.desc()).first().id]
    )
