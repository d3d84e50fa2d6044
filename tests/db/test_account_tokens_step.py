"""Schema step 10 (webapp/core/migrations.py): a database made before invitations and forgotten passwords gains
the table of mailed links, and keeps its data."""

from webapp.auth.tokens import send_link
from webapp.core.migrations import STEPS, current_version, init_db
from webapp.domain.account_links import Purpose
from webapp.models import AccountToken, OutboxMail, SchemaVersion, User


def test_a_version_9_database_gains_the_account_tokens(db):
    db.drop_tables([AccountToken])
    SchemaVersion.update(version=9).execute()
    person = User.create(email="new.starter@example.org", name="New Starter", password_hash="")
    assert not db.table_exists("account_token")

    assert init_db(db, [step for step in STEPS if step[0] <= 10]) == [10]
    assert db.table_exists("account_token")
    assert current_version(db) >= 10
    assert User.get().email == "new.starter@example.org"
    with db.atomic():
        send_link(person, Purpose.INVITATION, "Performance Improvement Plans")
    link = AccountToken.get()
    assert link.purpose is Purpose.INVITATION and link.token_hash is None
    assert OutboxMail.get_by_id(link.mail_id).to_address == "new.starter@example.org"


def test_step_10_comes_after_the_others():
    numbers = [number for number, *_ in STEPS]
    assert numbers == sorted(numbers) and 10 in numbers
