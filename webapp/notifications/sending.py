"""Delivering the outbox over SMTP (docs/notifications.md#nothing-lost-nothing-sent-twice): `flask send-mail`.

A sender first claims a batch of waiting mail in one UPDATE ... RETURNING that only takes rows nobody holds:
on SQLite the write transaction holds the whole database, and on PostgreSQL a second sender's UPDATE waits
for the first's row locks, then finds the rows claimed and skips them (SKIP LOCKED lets it pass to other
rows meanwhile). A claim is a lease: a sender that dies mid-batch leaves its mail to be taken again once
the lease ends. Mail that cannot go now waits with the domain's back-off (attempts and next_try_at on the
row), and is marked failed after the last attempt or at once when the server refuses it for good (5xx).

The standard library's smtplib and email build and send the mail: the council's relay speaks plain SMTP,
and nothing more is needed (README, "E-mail")."""

import logging
import smtplib
import ssl
import uuid
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app

from webapp.auth.mail import build_link_message
from webapp.auth.tokens import links_of
from webapp.core.db import is_sqlite
from webapp.domain import notifications as rules
from webapp.domain.notifications import MailStatus
from webapp.models import Notice, OutboxMail, database, utcnow

from .messages import build_message

log = logging.getLogger(__name__)

BATCH = 20
LEASE = timedelta(minutes=10)

# What a failure means for the run: the server cannot be reached (stop, try all later), this mail
# should be tried again later, or it will never go.
DOWN, RETRY, REFUSED = "down", "retry", "refused"


@dataclass
class Sent:
    """What one run of the sender did."""

    sent: int = 0
    retrying: int = 0
    failed: int = 0
    server_down: bool = False


def _ready(now):
    return (
        (OutboxMail.status == MailStatus.WAITING)
        & (OutboxMail.next_try_at <= now)
        & (OutboxMail.claimed_until.is_null() | (OutboxMail.claimed_until < now))
    )


def claim(token, now, batch=BATCH, lease=LEASE):
    """Take up to `batch` mails whose time has come and that nobody holds, for `lease`; each claim counts as
    an attempt. Only this sender's claim token ever marks them sent."""
    ready = _ready(now)
    oldest = OutboxMail.select(OutboxMail.id).where(ready).order_by(OutboxMail.next_try_at, OutboxMail.id).limit(batch)
    if not is_sqlite(database):
        oldest = oldest.for_update(skip_locked=True)
    with database.atomic():
        claimed = list(
            OutboxMail.update(claimed_by=token, claimed_until=now + lease, attempts=OutboxMail.attempts + 1)
            .where(ready & OutboxMail.id.in_(oldest))
            .returning(OutboxMail)
            .execute()
        )
    return sorted(claimed, key=lambda mail: mail.id)


def notices_of(mails):
    """{mail id: its notices in order}, in one query."""
    found = {mail.id: [] for mail in mails}
    query = Notice.select().where(Notice.mail.in_(list(found))).order_by(Notice.created_at, Notice.id)
    for notice in query:
        found[notice.mail_id].append(notice)
    return found


def open_connection(config):
    """An SMTP connection as configured (README, "E-mail"): TLS from the start (MAIL_USE_SSL, port 465)
    or STARTTLS (MAIL_USE_TLS), either checking the relay's certificate against the system's authorities
    or MAIL_CA_FILE's; then a login when asked for."""
    server, port, timeout = config["MAIL_SERVER"], config["MAIL_PORT"], config["MAIL_TIMEOUT_SECONDS"]
    if config["MAIL_USE_SSL"]:
        smtp = smtplib.SMTP_SSL(server, port, timeout=timeout, context=_tls(config))
    else:
        smtp = smtplib.SMTP(server, port, timeout=timeout)
    try:
        if config["MAIL_USE_TLS"]:
            smtp.starttls(context=_tls(config))
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
    except Exception:
        smtp.close()
        raise
    return smtp


def _tls(config):
    return ssl.create_default_context(cafile=config["MAIL_CA_FILE"] or None)


def classify(error):
    """DOWN, RETRY or REFUSED for an error met sending. smtplib's errors are OSErrors, so the
    particular ones come first."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in error.recipients.values()]
        return REFUSED if codes and all(code >= 500 for code in codes) else RETRY
    if isinstance(error, (smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError, smtplib.SMTPHeloError)):
        return DOWN
    if isinstance(error, smtplib.SMTPAuthenticationError):
        return DOWN  # wrong settings: nothing will go until they are put right
    if isinstance(error, smtplib.SMTPResponseException):
        return REFUSED if error.smtp_code >= 500 else RETRY
    if isinstance(error, OSError):  # refused, unreachable, timed out, TLS failed
        return DOWN
    raise error


def _mark_sent(mail, token, now):
    OutboxMail.update(status=MailStatus.SENT, sent_at=now, claimed_by=None, claimed_until=None, last_error="").where(
        OutboxMail.id == mail.id, OutboxMail.claimed_by == token
    ).execute()


def _mark_unsent(mail, token, now, error, refused=False):
    """Back to waiting, to try again after the back-off; failed when refused for good or out of attempts.
    Returns True when it will be tried again."""
    again = not refused and not rules.gives_up(mail.attempts)
    OutboxMail.update(
        status=MailStatus.WAITING if again else MailStatus.FAILED,
        next_try_at=now + rules.retry_delay(mail.attempts) if again else mail.next_try_at,
        claimed_by=None,
        claimed_until=None,
        last_error=str(error)[:1000] or type(error).__name__,
    ).where(OutboxMail.id == mail.id, OutboxMail.claimed_by == token).execute()
    return again


def send_waiting(now=None, batch=BATCH, lease=LEASE):
    """Send every mail whose time has come, batch by batch, on one SMTP connection. When the server cannot be
    reached, every mail claimed waits for its next try and the run stops. Call with a database connection
    and the app's context."""
    run = _Run(str(uuid.uuid4()))
    try:
        while not run.done.server_down:
            moment = now or utcnow()
            mails = claim(run.token, moment, batch, lease)
            if not mails:
                break
            notices = notices_of(mails)
            links = links_of(mails)
            for mail in mails:
                run.send(mail, notices[mail.id], moment, links.get(mail.id))
    finally:
        run.smtp = _close(run.smtp)
    return run.done


class _Run:
    """One run of the sender: its claim token, its SMTP connection (opened when first needed), what it did."""

    def __init__(self, token):
        self.token = token
        self.smtp = None
        self.done = Sent()

    def send(self, mail, notices, moment, link=None):
        if self.done.server_down:
            self._unsent(mail, moment, "Not tried: the mail server could not be reached")
            return
        # A link to set a password has no notices (docs/users-and-permissions.md#invitations-and-forgotten-passwords).
        if not notices and link is None:
            self._unsent(mail, moment, "Nothing to send: its notices are gone", refused=True)
            return
        try:
            message = build_link_message(mail, link, moment) if link is not None else build_message(mail, notices)
        except Exception as error:  # a mail that cannot be made never will be: the rest still go
            log.exception("Mail %s could not be made", mail.id)
            self._unsent(mail, moment, error, refused=True)
            return
        try:
            if self.smtp is None:
                self.smtp = open_connection(current_app.config)
            self.smtp.send_message(message)
        except Exception as error:
            kind = classify(error)
            if kind == DOWN:
                log.warning("The mail server could not be reached: %s", error)
                self.done.server_down = True
                self.smtp = _close(self.smtp)
            self._unsent(mail, moment, error, refused=kind == REFUSED)
        else:
            _mark_sent(mail, self.token, moment)
            self.done.sent += 1

    def _unsent(self, mail, moment, error, refused=False):
        if _mark_unsent(mail, self.token, moment, error, refused):
            self.done.retrying += 1
        else:
            self.done.failed += 1


def _close(smtp):
    if smtp is not None:
        try:
            smtp.quit()
        except (smtplib.SMTPException, OSError):
            smtp.close()
    return None
