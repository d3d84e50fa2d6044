"""Demo data: a plausible district council to explore the app with (docs/command-line.md#commands).

`flask --app webapp demo-data` calls load_demo_data(). Everything is dated from `today`, so the data
always looks current, and drawn from seeded random numbers, so the same day gives the same data.
"""

import logging
from datetime import date

from werkzeug.security import generate_password_hash

from webapp.models import User, database
from webapp.search.index import index_everything

from . import meetings, notifications, organisation, papers, pips, register
from .organisation import COUNCIL, DEMO_USERS

DEMO_PASSWORD = "demo-password"
CHANGE_MINUTE_ITEM = 38  # the Development Committee's minute that amended a target

log = logging.getLogger(__name__)


class DemoDataError(RuntimeError):
    pass


def load_demo_data(only_if_empty=False, today=None):
    """Load the demo council in one transaction. With only_if_empty, a database that has users is left
    alone and False returned. Raises DemoDataError when demo rows are already there."""
    today = today or date.today()
    if only_if_empty and User.select().exists():
        return False
    password_hash = generate_password_hash(DEMO_PASSWORD)  # once: the KDF is slow on purpose
    with database.atomic():
        if only_if_empty and User.select().exists():  # someone got there first
            return False
        clashes = organisation.conflicts() + meetings.conflicts() + register.conflicts()
        if clashes:
            raise DemoDataError("The database already holds rows the demo data would add: " + ", ".join(clashes))
        services, users = organisation.write_organisation(password_hash, today)
        change = meetings.target_change_meeting(today)
        meeting_ids = meetings.write_meetings(today, extra=[change])
        organisation.write_seats(users)
        body, change_date = change
        minute = meetings.minute_reference(body, change_date, CHANGE_MINUTE_ITEM)
        register.write_register(
            today,
            services,
            set_by=users["perf@example.org"],
            change_meeting_id=meeting_ids[change],
            change_date=change_date,
            minute_reference=minute,
        )
        pips.write_plans(today, users)
        papers.write_papers(today, users)
        notifications.write_outbox(today, users)  # the overdue plan's reminders, waiting in the outbox
        index_everything()  # the demo's rows are written in bulk: found by search as any other (docs/search.md)
    log.info("Loaded demo data for %s as at %s", COUNCIL, today.isoformat())
    return True


__all__ = ["COUNCIL", "DEMO_PASSWORD", "DEMO_USERS", "DemoDataError", "load_demo_data"]
