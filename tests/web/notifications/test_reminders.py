"""`flask send-reminders` (docs/notifications.md#reminders-and-digests): a progress update due in 7 days,
overdue, and escalated after REMINDER_ESCALATION_DAYS, across month and quarter ends; each once, however
often the command runs; weekly digests and each person's choices; and the demo's overdue plan."""

from datetime import date, timedelta

import pytest

from tests.web.notifications.conftest import BASE_URL, text_and_html
from webapp.demo import load_demo_data
from webapp.domain.notifications import Delivery, Kind, days_overdue
from webapp.domain.periods import Frequency
from webapp.domain.pips import PipStatus
from webapp.domain.progress import next_update_due
from webapp.models import (
    Notice,
    NotificationPreference,
    OutboxMail,
    Pip,
    ProgressUpdate,
    SentReminder,
    User,
    UserService,
)
from webapp.notifications.reminders import send_reminders

ESCALATION = 14


@pytest.fixture
def live_plan(make_pip, make_indicator, make_service, make_user, red_indicator):
    """A Live plan that went Live on `went_live`, for a PI of `frequency`, with its Head of Service."""

    def make(went_live, frequency=Frequency.MONTHLY):
        service = make_service()
        hos = make_user("hos", services=[service])
        indicator = make_indicator(service=service, frequency=frequency, target=98.0)
        pip = make_pip(indicator=indicator, status=PipStatus.LIVE)
        Pip.update(went_live_on=went_live).where(Pip.id == pip.id).execute()
        return Pip.get_by_id(pip.id), hos

    return make


def _run(today, escalation=ESCALATION):
    return send_reminders(today, escalation)


def _kinds_for(user):
    return sorted(n.kind.value for n in Notice.select().where(Notice.user == user))


def test_a_monthly_update_due_at_the_end_of_february(db, live_plan, make_user):
    officer, cmt = make_user("performance"), make_user("cmt")
    pip, hos = live_plan(date(2027, 1, 31))  # one month on: 28 February 2027, the month's last day

    assert _run(date(2027, 2, 20)).reminders == 0  # 8 days before
    done = _run(date(2027, 2, 21))  # 7 days before
    assert (done.reminders, done.notices) == (1, 1)
    assert _kinds_for(hos) == ["update_due"]
    assert OutboxMail.get().subject == f"Progress update due 28 February 2027: {pip.pi_code} {pip.pi_name}"
    for day in (date(2027, 2, 21), date(2027, 2, 22), date(2027, 2, 28)):
        assert _run(day).reminders == 0  # once per due date, however often it runs

    assert _run(date(2027, 3, 1)).reminders == 1  # overdue the day after
    assert _kinds_for(hos) == ["update_due", "update_overdue"]
    assert _run(date(2027, 3, 13)).reminders == 0  # 13 days overdue
    assert _run(date(2027, 3, 14)).reminders == 1  # 14: escalated to the performance officers and CMT
    assert _kinds_for(officer) == _kinds_for(cmt) == ["update_escalated"]
    assert "update_escalated" not in _kinds_for(hos)
    assert "14 days overdue" in Notice.get(Notice.user == cmt).subject
    assert _run(date(2027, 3, 14)).reminders == 0


def test_a_quarterly_update_due_at_the_quarter_end_moves_on_with_progress(db, live_plan):
    pip, hos = live_plan(date(2026, 12, 31), Frequency.QUARTERLY)  # due 31 March 2027, the year's last quarter end
    assert _run(date(2027, 3, 23)).reminders == 0
    assert _run(date(2027, 3, 24)).reminders == 1
    ProgressUpdate.create(pip=pip, made_on=date(2027, 3, 30), comment="Drivers recruited.")  # next due 30 June
    assert _run(date(2027, 4, 1)).reminders == 0  # not overdue: the update came in
    assert _run(date(2027, 6, 23)).reminders == 1
    assert [(r.kind, r.due_on) for r in SentReminder.select().order_by(SentReminder.id)] == [
        (Kind.UPDATE_DUE, date(2027, 3, 31)),
        (Kind.UPDATE_DUE, date(2027, 6, 30)),
    ]


def test_a_run_that_missed_days_catches_up_and_sends_each_reminder_once(db, live_plan, make_user):
    make_user("cmt")
    pip, hos = live_plan(date(2026, 11, 30))  # due 30 December 2026; first run long after
    done = _run(date(2027, 1, 20))  # 21 days overdue: overdue and escalation, never "due in 7 days"
    assert done.reminders == 2
    assert _kinds_for(hos) == ["update_overdue"]
    assert _run(date(2027, 1, 21)).reminders == 0


def test_closed_and_draft_plans_get_no_reminders(db, live_plan):
    pip, hos = live_plan(date(2027, 1, 31))
    Pip.update(status=PipStatus.COMPLETED).where(Pip.id == pip.id).execute()
    assert _run(date(2027, 3, 20)).reminders == 0


def test_the_command_takes_the_configured_escalation_days(app, db, live_plan, make_user):
    cmt = make_user("cmt")
    live_plan(date(2027, 1, 31))
    app.config["REMINDER_ESCALATION_DAYS"] = 3
    runner = app.test_cli_runner()
    result = runner.invoke(args=["send-reminders", "--today", "2027-03-02"])
    assert result.exit_code == 0, result.output
    assert "1 new" in result.output and _kinds_for(cmt) == []
    result = runner.invoke(args=["send-reminders", "--today", "2027-03-03"])
    assert "1 new" in result.output and _kinds_for(cmt) == ["update_escalated"]
    result = runner.invoke(args=["send-reminders", "--today", "2027-03-03"])
    assert "0 new (0 notices); 0 digests" in result.output


def _choose(user, kind, how):
    NotificationPreference.create(user=user, kind=kind, delivery=how)


def test_a_reminder_switched_off_is_not_written_but_an_overdue_one_always_is(db, live_plan):
    pip, hos = live_plan(date(2027, 1, 31))
    _choose(hos, Kind.UPDATE_DUE, Delivery.OFF)
    _choose(hos, Kind.UPDATE_OVERDUE, Delivery.OFF)  # not allowed: kept as "at once"
    _run(date(2027, 2, 21))
    assert _kinds_for(hos) == []
    _run(date(2027, 3, 1))
    assert _kinds_for(hos) == ["update_overdue"]
    assert OutboxMail.select().count() == 1


def test_a_weekly_digest_collects_the_week_and_goes_once(db, live_plan, smtp, send):
    first, hos = live_plan(date(2027, 1, 31))  # due 28 February (a Sunday)
    second, other = live_plan(date(2027, 1, 28))  # another service's, due 28 February too
    User.update(active=False).where(User.id == other.id).execute()  # its own Head of Service has left
    UserService.create(user=hos, service=second.service_id)  # the same Head of Service owns both
    _choose(hos, Kind.UPDATE_DUE, Delivery.DIGEST)
    _choose(hos, Kind.UPDATE_OVERDUE, Delivery.DIGEST)

    _run(date(2027, 2, 23))  # a Tuesday: two due reminders wait for the digest
    assert OutboxMail.select().count() == 0
    assert Notice.select().where(Notice.digest, Notice.mail.is_null()).count() == 2
    assert _run(date(2027, 2, 27)).digests == 0  # Saturday: not yet
    done = _run(date(2027, 3, 1))  # Monday: both overdue the day before, and the digest holds all four
    assert done.digests == 1 and done.reminders == 2
    assert _run(date(2027, 3, 1)).digests == 0  # once
    mail = OutboxMail.get()
    assert mail.digest and mail.subject == "Your weekly summary: 4 notifications"

    send()
    (message,) = smtp.messages
    text, html = text_and_html(message)
    assert text.count("is due on 28 February 2027") == 2
    assert f"{BASE_URL}/pips/{first.id}" in text and f"{BASE_URL}/pips/{second.id}" in text
    assert "A progress update is due in 7 days (2)" in text
    assert text.index("A progress update is overdue (2)") > text.index("A progress update is due in 7 days (2)")
    assert f'href="{BASE_URL}/pips/{second.id}"' in html
    assert f"{BASE_URL}/notifications/" in text  # where to change what you get


def test_the_demo_overdue_plan_is_reminded_then_escalated(app, db, make_user):
    today = date(2026, 11, 4)
    load_demo_data(today=today)
    overdue = Pip.get(Pip.pi_code == "HS02")
    hos = User.get(User.email == "hos@example.org")
    cmt = User.get(User.email == "cmt@example.org")
    # The demo leaves today's reminders in the outbox: the overdue plan's, to its Head of Service.
    waiting = OutboxMail.select().where(OutboxMail.to_address == "hos@example.org")
    assert [m.subject for m in waiting] == [f"Progress update overdue: HS02 {overdue.pi_name}"]
    last = max(p.made_on for p in ProgressUpdate.select().where(ProgressUpdate.pip == overdue))
    due = next_update_due(Frequency.MONTHLY, last, None)
    # The configured days set past how overdue the plan is today: a reminder today, the escalation later.
    escalation = days_overdue(due, today) + 10
    SentReminder.delete().execute()  # as if the demo had not already worked out today's reminders
    Notice.delete().execute()
    OutboxMail.delete().execute()
    _run(today, escalation)
    assert Notice.select().where(Notice.user == hos, Notice.kind == Kind.UPDATE_OVERDUE).count() == 1
    assert Notice.select().where(Notice.kind == Kind.UPDATE_ESCALATED).count() == 0
    _run(today + timedelta(days=9), escalation)
    assert Notice.select().where(Notice.kind == Kind.UPDATE_ESCALATED).count() == 0
    _run(today + timedelta(days=10), escalation)
    assert Notice.select().where(Notice.user == cmt, Notice.kind == Kind.UPDATE_ESCALATED).count() == 1
