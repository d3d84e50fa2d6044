"""The demo's e-mail (docs/notifications.md): the reminders the demo's plans have due today worked out into the
outbox (the overdue plan's reminder to its Head of Service and its escalation to the performance officer and
CMT), and the Member's choice of a weekly digest, so the outbox page and `flask send-mail` have something."""

from webapp.domain.notifications import DEFAULT_ESCALATION_DAYS, Delivery, Kind
from webapp.models import NotificationPreference
from webapp.notifications.reminders import send_reminders


def write_outbox(today, users):
    NotificationPreference.create(
        user=users["member@example.org"], kind=Kind.PAPERS_PUBLISHED, delivery=Delivery.DIGEST
    )
    send_reminders(today, DEFAULT_ESCALATION_DAYS)
