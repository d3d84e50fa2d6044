"""Sign-in throttling kept in the database: per account and per address, across every worker,
and never so that one person can lock everyone out (webapp/auth/throttle.py, docs/quality.md)."""

import re
import subprocess
import sys
import textwrap
from datetime import timedelta
from pathlib import Path

import pytest

from tests.conftest import PASSWORD
from webapp.core.migrations import current_version, init_db, latest_version
from webapp.models import SchemaVersion, SignInAttempt, SignInSession, utcnow

HERE = "10.0.0.1"
CSRF_TOKEN = re.compile(r"[\w-]{20,}\.[\w-]{6}\.[\w-]{20,}")


@pytest.fixture
def limits(app):
    """Small limits, so that each test needs few attempts: 3 per account from one address,
    5 per account from every address, 8 from one address."""
    app.config.update(
        SIGN_IN_FAILURES_PER_ACCOUNT=3, SIGN_IN_FAILURES_PER_ACCOUNT_EVERYWHERE=5, SIGN_IN_FAILURES_PER_ADDRESS=8
    )


@pytest.fixture
def attempt(app):
    """Sign in from `address` with a fresh browser; returns the response."""

    def do(email, password=PASSWORD, address=HERE):
        return app.test_client().post(
            "/sign-in", data={"email": email, "password": password}, environ_base={"REMOTE_ADDR": address}
        )

    return do


def age_attempts(minutes):
    for row in SignInAttempt.select():
        row.attempted_at -= timedelta(minutes=minutes)
        row.save()


def refused(response):
    return response.status_code == 429


def test_wrong_passwords_close_the_account_to_that_address_and_say_for_how_long(limits, attempt, make_user):
    user = make_user("member")
    for _ in range(3):
        assert "The email or password is not right" in attempt(user.email, "wrong").get_data(as_text=True)
    response = attempt(user.email)  # even the right password: guessing must not go on
    html = response.get_data(as_text=True)
    assert refused(response)
    assert "Wait 15 minutes, then try again." in html
    assert f'value="{user.email}"' in html
    assert 885 <= int(response.headers["Retry-After"]) <= 900
    assert SignInSession.select().count() == 0


def test_the_wait_counts_from_the_failures_and_then_sign_in_works(limits, attempt, make_user):
    user = make_user("member")
    for _ in range(3):
        attempt(user.email, "wrong")
    age_attempts(11)
    assert "Wait 4 minutes, then try again." in attempt(user.email).get_data(as_text=True)
    for _ in range(5):  # trying again while refused does not make the wait longer
        assert refused(attempt(user.email, "wrong"))
    age_attempts(4)
    assert attempt(user.email).status_code == 302


def test_one_persons_wrong_passwords_lock_out_neither_the_owner_elsewhere_nor_other_accounts(
    limits, attempt, make_user
):
    owner, colleague = make_user("member"), make_user("member")
    for _ in range(3):
        attempt(owner.email, "wrong", address="10.0.0.66")
    assert refused(attempt(owner.email, address="10.0.0.66"))
    assert attempt(owner.email, address="10.0.0.2").status_code == 302  # the owner at their own desk
    assert attempt(colleague.email, address="10.0.0.66").status_code == 302


def test_an_account_attacked_from_many_addresses_gives_each_address_one_try(limits, attempt, make_user):
    owner = make_user("member")
    for n in range(5):
        attempt(owner.email, "wrong", address=f"10.0.1.{n}")
    assert refused(attempt(owner.email, address="10.0.1.0"))  # a guessing address is shut out
    assert refused(attempt(owner.email, "wrong", address="10.0.1.99")) is False
    assert refused(attempt(owner.email, address="10.0.1.99"))  # one try, and it was wrong
    assert attempt(owner.email, address="10.0.2.1").status_code == 302  # the owner, first time right


def test_an_address_trying_many_accounts_is_stopped_and_other_addresses_are_not(limits, attempt, make_user):
    users = [make_user("member") for _ in range(9)]
    for user in users[:4]:
        attempt(user.email, "wrong", address="10.0.0.66")
    for n in range(4):
        attempt(f"nobody{n}@example.org", "wrong", address="10.0.0.66")
    response = attempt(users[8].email, address="10.0.0.66")
    assert refused(response) and "Wait 15 minutes" in response.get_data(as_text=True)
    assert attempt(users[8].email, address="10.0.0.2").status_code == 302


def test_an_unknown_email_is_counted_and_answered_exactly_like_a_known_one(limits, attempt, make_user):
    user = make_user("member")
    answers = []
    for email in (user.email, "nobody@example.org"):
        for _ in range(3):
            attempt(email, "wrong")
        response = attempt(email)
        assert refused(response)
        answers.append(CSRF_TOKEN.sub("", response.get_data(as_text=True).replace(email, "EMAIL")))
    assert answers[0] == answers[1]


def test_a_right_password_clears_that_addresss_failures_for_the_account(limits, attempt, make_user):
    user = make_user("member")
    for _ in range(2):
        attempt(user.email, "wrong")
    assert attempt(user.email).status_code == 302
    assert SignInAttempt.select().count() == 0
    for _ in range(2):
        attempt(user.email, "wrong")
    assert attempt(user.email).status_code == 302


def test_failures_in_another_worker_process_count_here(app, database_url, attempt, make_user):
    """The old limit lived in each worker's memory: four workers let four times as many through."""
    user = make_user("member")
    worker = textwrap.dedent(f"""
        from webapp import create_app
        app = create_app({{"TESTING": True, "SECRET_KEY": {app.config["SECRET_KEY"]!r},
                          "DATABASE_URL": {database_url!r}, "WTF_CSRF_ENABLED": False}})
        client = app.test_client()
        for _ in range(5):
            response = client.post("/sign-in", data={{"email": {user.email!r}, "password": "wrong"}},
                                   environ_base={{"REMOTE_ADDR": {HERE!r}}})
            assert response.status_code == 200, response.status_code
    """)
    subprocess.run(
        [sys.executable, "-c", worker], check=True, capture_output=True, cwd=Path(__file__).resolve().parents[3]
    )
    assert refused(attempt(user.email))
    assert attempt(user.email, address="10.0.0.2").status_code == 302


def test_attempts_older_than_the_window_are_deleted(db, attempt, make_user):
    user = make_user("member")
    SignInAttempt.create(account="a" * 64, source="10.9.9.9", attempted_at=utcnow() - timedelta(minutes=16))
    SignInAttempt.create(account="b" * 64, source="10.9.9.9", attempted_at=utcnow() - timedelta(minutes=5))
    attempt(user.email, "wrong")
    accounts = [row.account for row in SignInAttempt.select()]
    assert "a" * 64 not in accounts and "b" * 64 in accounts and len(accounts) == 2


def test_the_typed_email_is_not_stored(db, attempt):
    attempt("my-password-typed-in-the-wrong-box", "wrong")
    row = SignInAttempt.get()
    assert "password" not in row.account and len(row.account) == 64
    assert row.source == HERE


def test_a_version_2_database_gains_the_sign_in_attempts_table(db, make_user):
    user = make_user("member")
    db.drop_tables([SignInAttempt])
    SchemaVersion.update(version=2).execute()
    assert 3 in init_db(db)  # and every later step
    assert db.table_exists("sign_in_attempt")
    assert current_version(db) == latest_version()
    assert user.email in [row.email for row in type(user).select()]


def test_failed_and_refused_sign_ins_are_logged_with_the_user_and_never_what_was_typed(
    limits, attempt, make_user, caplog
):
    user = make_user("member")
    caplog.set_level("INFO", logger="webapp.security")
    typed = "Tr0ub4dor&3-typed"
    for _ in range(3):
        attempt(user.email, typed)
    attempt(user.email, typed)
    attempt("x" * 200 + "@example.org", typed)
    attempt(user.email, address="10.0.0.2")
    lines = [record.getMessage() for record in caplog.records if record.name == "webapp.security"]
    assert f"Failed sign-in: user {user.id} from {HERE}" in lines
    assert f"Sign-in refused, too many failures: user {user.id} from {HERE}" in lines
    assert f"Failed sign-in: an unknown email from {HERE}" in lines
    assert f"Sign-in: user {user.id} from 10.0.0.2" in lines
    assert not any(typed in line or "xxxx" in line or user.email in line for line in lines)
