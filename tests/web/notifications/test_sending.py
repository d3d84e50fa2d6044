"""`flask send-mail` against a real SMTP server (docs/notifications.md#nothing-lost-nothing-sent-twice): mail
waits while the server is down and goes once it is up, with back-off between tries; two senders at once never
send a mail twice; a mail the server refuses for good is marked failed and the rest still go."""

import threading
from datetime import timedelta

import pytest

from webapp.domain import notifications as rules
from webapp.domain.notifications import Kind, MailStatus
from webapp.models import OutboxMail, database, utcnow
from webapp.notifications import outbox


def test_mail_waits_while_the_server_is_down_and_goes_once_it_is_up(mail_server, send, queued):
    (person,) = queued(1)
    now = utcnow()

    done = send(now=now)  # nothing listens on the port yet
    assert done.server_down and (done.sent, done.retrying) == (0, 1)
    mail = OutboxMail.get()
    assert (mail.status, mail.attempts, mail.claimed_by) == (MailStatus.WAITING, 1, None)
    assert mail.next_try_at == now + rules.FIRST_RETRY
    assert mail.last_error

    assert send(now=now + timedelta(seconds=30)).sent == 0  # not tried again before its time
    done = send(now=now + timedelta(minutes=1))  # still down: the wait doubles
    assert done.server_down
    assert OutboxMail.get().next_try_at == now + timedelta(minutes=1) + 2 * rules.FIRST_RETRY

    mail_server.start()
    done = send(now=now + timedelta(minutes=3))
    assert (done.sent, done.retrying, done.failed, done.server_down) == (1, 0, 0, False)
    mail = OutboxMail.get()
    assert (mail.status, mail.attempts, mail.last_error) == (MailStatus.SENT, 3, "")
    assert [m["To"] for m in mail_server.inbox.messages] == [person.email]
    assert send(now=now + timedelta(hours=5)).sent == 0


def test_a_mail_is_marked_failed_after_the_last_try(mail_server, send, queued):
    queued(1)
    now = utcnow()
    for _ in range(rules.MAX_ATTEMPTS):
        send(now=now)
        now += rules.LONGEST_RETRY
    mail = OutboxMail.get()
    assert (mail.status, mail.attempts) == (MailStatus.FAILED, rules.MAX_ATTEMPTS)
    mail_server.start()
    assert send(now=now + timedelta(days=1)).sent == 0  # failed mail is not sent again


def test_a_refused_address_fails_and_the_rest_still_go(smtp, send, queued):
    refused, fine = queued(2)
    smtp.refuse.add(refused.email)
    done = send()
    assert (done.sent, done.failed, done.retrying) == (1, 1, 0)
    assert OutboxMail.get(OutboxMail.to_address == refused.email).status is MailStatus.FAILED
    assert "No such mailbox" in OutboxMail.get(OutboxMail.to_address == refused.email).last_error
    assert [m["To"] for m in smtp.messages] == [fine.email]


@pytest.mark.parametrize("senders", [2, 4])
def test_senders_running_at_once_never_send_a_mail_twice(smtp, send, queued, senders):
    people = queued(30)
    start = threading.Barrier(senders)
    results, errors = [], []

    def sender():
        try:
            start.wait()
            results.append(send(batch=1))  # one at a time, so the senders interleave
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=sender) for _ in range(senders)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors
    received = sorted(m["To"] for m in smtp.messages)
    assert received == sorted(p.email for p in people)  # every one, and none twice
    assert sum(r.sent for r in results) == 30
    assert OutboxMail.select().where(OutboxMail.status == MailStatus.SENT).count() == 30
    assert len({m["Message-ID"] for m in smtp.messages}) == 30


def test_the_send_mail_command_says_what_it_did(app, smtp, queued):
    queued(2)
    result = app.test_cli_runner().invoke(args=["send-mail"])
    assert result.exit_code == 0, result.output
    assert "Sent 2; to try again later 0; failed 0." in result.output
    assert len(smtp.messages) == 2


def test_a_mail_that_cannot_be_made_fails_and_the_rest_still_go(smtp, send, queued):
    broken, fine = queued(2)
    from webapp.models import Notice

    Notice.update(facts="{}").where(Notice.user == broken).execute()  # no plan to link to
    done = send()
    assert (done.sent, done.failed) == (1, 1)
    assert OutboxMail.get(OutboxMail.to_address == broken.email).status is MailStatus.FAILED
    assert [m["To"] for m in smtp.messages] == [fine.email]


def test_a_subject_is_one_line_whatever_the_title(db, make_user):
    person = make_user("cmt")
    with database.atomic():
        outbox.notify(Kind.PLAN_SUBMITTED, [person], {"title": "WR01 Waste\r\nBcc: everyone@example.org", "pip_id": 1})
    assert OutboxMail.get().subject == "Plan submitted for a CMT decision: WR01 Waste Bcc: everyone@example.org"
