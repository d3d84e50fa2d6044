"""Schema step 6 (webapp/core/migrations.py): a database made before e-mail notifications gains the outbox,
the choices, the notices and the reminders sent, and keeps its data."""

from webapp.core.migrations import STEPS, current_version, init_db
from webapp.domain.notifications import Kind
from webapp.domain.roles import Role
from webapp.models import (
    AccountToken,
    Directorate,
    Notice,
    NotificationPreference,
    OutboxMail,
    SchemaVersion,
    SentReminder,
    User,
    UserRole,
)
from webapp.notifications import outbox

TABLES = ("notification_preference", "outbox_mail", "notice", "sent_reminder")


def test_a_version_5_database_gains_the_notification_tables(db):
    # the mailed links' tokens (step 10) cite the outbox's mail: a version 5 database had neither
    db.drop_tables([AccountToken, SentReminder, Notice, OutboxMail, NotificationPreference])
    SchemaVersion.update(version=5).execute()
    Directorate.create(name="Place")
    person = User.create(email="cmt@example.org", name="David Clarke", password_hash="x")
    UserRole.create(user=person, role=Role.CMT)
    assert not any(db.table_exists(table) for table in TABLES)

    assert init_db(db, [step for step in STEPS if step[0] <= 6]) == [6]
    assert all(db.table_exists(table) for table in TABLES)
    assert current_version(db) == 6
    assert [d.name for d in Directorate.select()] == ["Place"]
    with db.atomic():
        outbox.notify(Kind.PLAN_SUBMITTED, [person], {"title": "WR01 Waste", "pip_id": 1})
    assert OutboxMail.get().to_address == "cmt@example.org"


def test_step_6_comes_right_after_step_5():
    numbers = [number for number, *_ in STEPS]
    assert numbers == sorted(numbers)
    assert numbers[numbers.index(5) + 1] == 6
