"""The rules of e-mail notifications (webapp/domain/notifications.py, docs/notifications.md): who receives
what, what may be switched off, the reminder schedule, the weekly digest and the sender's back-off."""

from datetime import date, timedelta

import pytest

from webapp.domain.notifications import (
    FIRST_RETRY,
    LONGEST_RETRY,
    MAX_ATTEMPTS,
    Delivery,
    Kind,
    deliveries_for,
    delivery,
    digest_due,
    gives_up,
    group_digest,
    kinds_for,
    reminders_due,
    retry_delay,
    subject,
    week_start,
)
from webapp.domain.periods import Frequency
from webapp.domain.progress import next_update_due
from webapp.domain.roles import Role


@pytest.mark.parametrize(
    ("roles", "kinds"),
    [
        ({Role.HEAD_OF_SERVICE}, [Kind.CMT_DECISION, Kind.UPDATE_DUE, Kind.UPDATE_OVERDUE]),
        ({Role.CMT}, [Kind.PLAN_SUBMITTED, Kind.UPDATE_ESCALATED, Kind.PLAN_COMPLETED]),
        ({Role.PERFORMANCE}, [Kind.UPDATE_ESCALATED, Kind.PLAN_COMPLETED]),
        ({Role.CLERK}, [Kind.REFERRAL]),
        ({Role.MEMBER}, [Kind.PAPERS_PUBLISHED]),
        ({Role.ADMIN}, []),
        (
            {Role.HEAD_OF_SERVICE, Role.MEMBER},
            [Kind.CMT_DECISION, Kind.UPDATE_DUE, Kind.UPDATE_OVERDUE, Kind.PAPERS_PUBLISHED],
        ),
    ],
)
def test_each_role_receives_its_kinds(roles, kinds):
    assert kinds_for(roles) == kinds


def test_escalations_and_overdue_updates_cannot_be_switched_off():
    assert deliveries_for(Kind.UPDATE_ESCALATED) == [Delivery.AT_ONCE, Delivery.DIGEST]
    assert deliveries_for(Kind.UPDATE_OVERDUE) == [Delivery.AT_ONCE, Delivery.DIGEST]
    assert deliveries_for(Kind.PLAN_SUBMITTED) == list(Delivery)
    assert delivery(Kind.UPDATE_OVERDUE, Delivery.OFF) is Delivery.AT_ONCE
    assert delivery(Kind.UPDATE_OVERDUE, Delivery.DIGEST) is Delivery.DIGEST
    assert delivery(Kind.PLAN_SUBMITTED, Delivery.OFF) is Delivery.OFF
    assert delivery(Kind.PLAN_SUBMITTED, None) is Delivery.AT_ONCE


@pytest.mark.parametrize(
    ("went_live", "frequency", "due"),
    [
        (date(2027, 1, 31), Frequency.MONTHLY, date(2027, 2, 28)),  # into a short month
        (date(2028, 1, 31), Frequency.MONTHLY, date(2028, 2, 29)),  # a leap year
        (date(2026, 12, 31), Frequency.QUARTERLY, date(2027, 3, 31)),  # a quarter end
        (date(2027, 3, 31), Frequency.QUARTERLY, date(2027, 6, 30)),  # a quarter end of 30 days
        (date(2026, 11, 30), Frequency.MONTHLY, date(2026, 12, 30)),  # across the year end
    ],
)
def test_the_schedule_around_month_and_quarter_ends(went_live, frequency, due):
    assert next_update_due(frequency, None, went_live) == due
    assert reminders_due(due, due - timedelta(days=8), 14) == []
    assert reminders_due(due, due - timedelta(days=7), 14) == [Kind.UPDATE_DUE]
    assert reminders_due(due, due, 14) == [Kind.UPDATE_DUE]
    assert reminders_due(due, due + timedelta(days=1), 14) == [Kind.UPDATE_OVERDUE]
    assert reminders_due(due, due + timedelta(days=13), 14) == [Kind.UPDATE_OVERDUE]
    assert reminders_due(due, due + timedelta(days=14), 14) == [Kind.UPDATE_OVERDUE, Kind.UPDATE_ESCALATED]
    assert reminders_due(due, due + timedelta(days=2), 2) == [Kind.UPDATE_OVERDUE, Kind.UPDATE_ESCALATED]


def test_a_plan_with_no_due_date_has_no_reminders():
    assert reminders_due(None, date(2027, 1, 1), 14) == []


def test_a_digest_goes_once_its_oldest_notice_has_waited_over_a_monday():
    monday = date(2027, 3, 1)
    assert week_start(monday) == monday
    assert week_start(monday + timedelta(days=6)) == monday
    assert not digest_due(monday, monday)  # written Monday: next Monday's
    assert not digest_due(monday, monday + timedelta(days=6))
    assert digest_due(monday, monday + timedelta(days=7))
    assert digest_due(monday - timedelta(days=1), monday)  # Sunday's goes on Monday
    assert digest_due(monday - timedelta(days=1), monday + timedelta(days=2))  # Monday's run missed: Wednesday


def test_a_digest_groups_its_notices_by_kind_in_order():
    items = [(Kind.PLAN_COMPLETED, "c"), (Kind.PLAN_SUBMITTED, "a"), (Kind.PLAN_COMPLETED, "d")]
    groups = group_digest(items)
    assert [(g.kind, g.items) for g in groups] == [(Kind.PLAN_SUBMITTED, ("a",)), (Kind.PLAN_COMPLETED, ("c", "d"))]
    assert group_digest([]) == []


def test_the_sender_backs_off_then_gives_up():
    assert retry_delay(1) == FIRST_RETRY
    assert retry_delay(2) == 2 * FIRST_RETRY
    assert retry_delay(3) == 4 * FIRST_RETRY
    assert retry_delay(30) == LONGEST_RETRY
    assert not gives_up(MAX_ATTEMPTS - 1) and gives_up(MAX_ATTEMPTS)


def test_a_subject_names_the_pi_and_nothing_more_of_the_plan():
    facts = {"title": "WR01 Household waste collected on time", "due": "28 February 2027", "days_overdue": "15"}
    assert (
        subject(Kind.UPDATE_DUE, facts)
        == "Progress update due 28 February 2027: WR01 Household waste collected on time"
    )
    assert subject(Kind.UPDATE_ESCALATED, facts).startswith("Escalation, progress update 15 days overdue")
    for kind in Kind:
        assert kind.label and kind.action
