"""The warning before a session ends (docs/accessibility.md#the-session-time-limit): every signed-in page says
when its session ends; asking again does not put the end off, "Stay signed in" does, and near the absolute
limit the page is told that nothing can."""

import re
from datetime import timedelta

from webapp.models import SignInSession, utcnow

IDLE = timedelta(minutes=30)


def _used(user, ago):
    """The user's session last used `ago`."""
    SignInSession.update(last_seen_at=utcnow() - ago).where(SignInSession.user == user).execute()


def _last_used(user):
    return SignInSession.get(SignInSession.user == user).last_seen_at


def test_every_signed_in_page_says_when_its_session_ends(client, login_as):
    login_as("member")
    html = client.get("/").get_data(as_text=True)
    dialog = re.search(r'<dialog id="session-timeout"[^>]*>', html).group(0)
    ends_in = int(re.search(r'data-ends-in="(\d+)"', dialog).group(1))
    assert IDLE.total_seconds() - 5 <= ends_in <= IDLE.total_seconds()
    assert 'data-warn-before="120"' in dialog and 'data-session-url="/account/session"' in dialog
    assert "Stay signed in" in html


def test_a_page_signed_out_has_no_warning(client):
    html = client.get("/sign-in").get_data(as_text=True)
    assert "session-timeout" not in html and "app-session-limit" not in html


def test_the_limits_are_said_before_signing_in_and_without_javascript_on_every_page(client, app, login_as):
    """WCAG 2.2.1: without JavaScript the page cannot warn, so the limit is said where JavaScript would be."""
    app.config.update(SESSION_IDLE_TIMEOUT=timedelta(minutes=20), SESSION_ABSOLUTE_TIMEOUT=timedelta(hours=8))
    html = client.get("/sign-in").get_data(as_text=True)
    assert "signed out after 20 minutes without using the service, and 8 hours after signing in" in html
    login_as("member")
    for page in ("/", "/indicators/", "/meetings/"):
        note = re.search(
            r'<noscript><div class="govuk-inset-text app-session-limit">([^<]+)</div></noscript>',
            client.get(page).get_data(as_text=True),
        )
        assert note and "signed out: that happens after 20 minutes without using the service" in note.group(1), page


def test_asking_when_the_session_ends_does_not_put_it_off(client, login_as):
    user = login_as("member")
    _used(user, timedelta(minutes=25))
    before = _last_used(user)
    answer = client.get("/account/session")
    assert answer.status_code == 200 and answer.headers["Cache-Control"] == "no-store"
    assert answer.json["signed_in"] is True and answer.json["can_stay"] is True
    assert 295 <= answer.json["ends_in"] <= 300
    assert _last_used(user) == before


def test_staying_signed_in_puts_the_end_off_by_the_idle_time(client, login_as):
    user = login_as("member")
    _used(user, timedelta(minutes=29))
    answer = client.post("/account/session")
    assert answer.status_code == 200
    assert IDLE.total_seconds() - 5 <= answer.json["ends_in"] <= IDLE.total_seconds()
    assert utcnow() - _last_used(user) < timedelta(seconds=5)
    assert client.get("/").status_code == 200  # and the next page still opens


def test_staying_signed_in_needs_the_csrf_token(client, login_as):
    login_as("member")
    refused = client.post("/account/session", csrf=False)
    assert refused.status_code == 400 and not refused.is_json
    assert client.post("/account/session").json["signed_in"] is True  # with it, the next try works


def test_near_the_absolute_limit_the_page_is_told_it_cannot_stay(app, client, login_as):
    user = login_as("member")
    signed_in = utcnow() - app.config["SESSION_ABSOLUTE_TIMEOUT"] + timedelta(minutes=3)
    SignInSession.update(created_at=signed_in).where(SignInSession.user == user).execute()
    answer = client.post("/account/session").json
    assert answer["can_stay"] is False and 170 <= answer["ends_in"] <= 180


def test_an_ended_session_is_sent_to_sign_in(client, login_as):
    user = login_as("member")
    _used(user, IDLE + timedelta(minutes=1))
    answer = client.get("/account/session")
    assert answer.status_code == 302 and answer.headers["Location"].startswith("/sign-in")
