"""Invitations, forgotten passwords, Your account and the accessibility statement in a real browser
(docs/users-and-permissions.md#invitations-and-forgotten-passwords, docs/accessibility.md): the person's next
step every time, each page clean under axe-core, with JavaScript and without.

The mailed link is made here as the outbox's sender makes it (webapp/auth/tokens.make_token): the web tests
receive the same mail from a real SMTP server (tests/web/auth/test_links.py)."""

import itertools

from playwright.sync_api import expect

from tests.browser.helpers import check_axe, sign_in, take_problems
from webapp.auth.tokens import make_token
from webapp.domain.account_links import Purpose
from webapp.models import AccountToken, User, database, utcnow

PASSWORD = "three unrelated words"
NEW_PASSWORD = "four more unrelated words"
_numbers = itertools.count(1)


def mailed_link(email, purpose):
    """The path of the link the sender would put in the latest mail of `purpose` to `email`."""
    with database.connection_context():
        link = (
            AccountToken.select()
            .join(User)
            .where(User.email == email, AccountToken.purpose == purpose)
            .order_by(AccountToken.id.desc())
            .get()
        )
        token = make_token(link, utcnow())
    return f"/{'invitation' if purpose is Purpose.INVITATION else 'reset-password'}/{token}"


def take_expected(page, status, path_part):
    """An error status the page answers on purpose (a form with errors, a used link): recorded by the
    watcher, as it should be; take exactly those away."""
    problems = take_problems(page)
    expected = [p for p in problems if str(status) in p and path_part in p]
    assert expected, f"expected an HTTP {status} for {path_part}, saw {problems}"
    page.problems.extend(p for p in problems if p not in expected)


def invite(page, name):
    """An administrator adds `name` through the form; returns their e-mail address. Signs the admin out."""
    email = f"new.starter{next(_numbers)}.{id(page)}@example.org"
    page.goto("/sign-in")
    sign_in(page, "admin@example.org")
    page.goto("/admin/users/")
    page.get_by_role("button", name="Add a user").click()
    check_axe(page)
    page.get_by_label("Name", exact=True).fill(name)
    page.get_by_label("Email address", exact=True).fill(email)
    page.get_by_label("Member", exact=True).check()
    page.get_by_label("Audit and Performance Committee", exact=True).check()  # a Member sits on a committee
    with page.expect_navigation():
        page.get_by_role("button", name="Add user and send invitation").click()
    expect(page.get_by_text("We have e-mailed them a link to set their password.")).to_be_visible()
    with page.expect_navigation():
        page.get_by_role("button", name="Sign out").click()
    return email


def set_password(page, label, password):
    page.get_by_label(label, exact=True).fill(password)
    page.get_by_label("Confirm the password", exact=True).fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Set password").click()


def test_an_invited_person_sets_a_password_signs_in_and_uses_their_account_page(page):
    email = invite(page, "Robin Hale")
    link = mailed_link(email, Purpose.INVITATION)
    page.goto(link)
    expect(page.get_by_role("heading", name="Create your password")).to_be_visible()
    check_axe(page)

    set_password(page, "Create a password", "qwerty123456")  # a common password: refused, and why
    take_expected(page, 422, "/invitation/")
    expect(page.get_by_role("link", name="This password is one of the most commonly used")).to_be_visible()
    check_axe(page)
    set_password(page, "Create a password", PASSWORD)
    expect(page.get_by_text("Your password is set.")).to_be_visible()
    check_axe(page)

    sign_in(page, email, PASSWORD)
    page.get_by_role("link", name="Your account").click()
    expect(page.get_by_role("heading", name="Your account")).to_be_visible()
    expect(page.get_by_text("This session")).to_be_visible()
    check_axe(page)

    page.get_by_role("link", name="Change your password").click()
    page.get_by_label("Current password", exact=True).fill("not my password")
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Confirm the new password", exact=True).fill(NEW_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Change password").click()
    take_expected(page, 422, "/account/password")
    expect(page.get_by_role("link", name="Your current password is not right")).to_be_visible()
    check_axe(page)
    page.get_by_label("Current password", exact=True).fill(PASSWORD)
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Confirm the new password", exact=True).fill(NEW_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Change password").click()
    expect(page.get_by_text("Your password is changed.")).to_be_visible()

    page.get_by_role("link", name="Accessibility statement").click()
    expect(
        page.get_by_role("heading", name="Accessibility statement for Performance Improvement Plans")
    ).to_be_visible()
    check_axe(page)

    page.goto(link)  # the invitation again: told plainly
    take_expected(page, 410, "/invitation/")
    expect(page.get_by_role("heading", name="This link has already been used")).to_be_visible()
    check_axe(page)


def test_a_forgotten_password_is_reset_from_the_mailed_link(page):
    email = invite(page, "Kit Morgan")
    page.goto(mailed_link(email, Purpose.INVITATION))
    set_password(page, "Create a password", PASSWORD)

    page.get_by_role("link", name="Forgotten your password?").click()
    expect(page.get_by_role("heading", name="Reset your password")).to_be_visible()
    check_axe(page)
    page.get_by_label("Email address", exact=True).fill(email)
    with page.expect_navigation():
        page.get_by_role("button", name="Send the link").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    check_axe(page)

    page.goto(mailed_link(email, Purpose.RESET))
    expect(page.get_by_role("heading", name="Choose a new password")).to_be_visible()
    check_axe(page)
    set_password(page, "Create a password", NEW_PASSWORD)
    sign_in(page, email, NEW_PASSWORD)
    expect(page.get_by_role("link", name="Your account")).to_be_visible()


def test_without_javascript_an_invited_person_sets_a_password_and_changes_it(new_page):
    """axe-core needs JavaScript, so the pages are checked by the tests above; this one checks they work."""
    email = invite(new_page(), "Ash Reid")
    page = new_page(java_script_enabled=False)
    page.goto(mailed_link(email, Purpose.INVITATION))
    set_password(page, "Create a password", PASSWORD)
    sign_in(page, email, PASSWORD)
    page.get_by_role("link", name="Your account").click()
    page.get_by_role("link", name="Change your password").click()
    page.get_by_label("Current password", exact=True).fill(PASSWORD)
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Confirm the new password", exact=True).fill(NEW_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Change password").click()
    expect(page.get_by_text("Your password is changed.")).to_be_visible()
    page.get_by_role("link", name="Accessibility statement").click()
    expect(
        page.get_by_role("heading", name="Accessibility statement for Performance Improvement Plans")
    ).to_be_visible()
