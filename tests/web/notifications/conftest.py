"""A real SMTP server (aiosmtpd) on the loopback address, which the app's sender delivers to."""

import email
import email.policy
import socket
import threading

import pytest
from aiosmtpd.controller import Controller

from webapp.domain.notifications import Kind
from webapp.models import database
from webapp.notifications import outbox

BASE_URL = "https://pips.council.example"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Inbox:
    """What the SMTP server received, as the mail reader would see it."""

    def __init__(self):
        self.envelopes = []
        self.lock = threading.Lock()
        self.refuse = set()  # addresses the server refuses for good (550)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.envelopes.append(envelope)
        return "250 Message accepted for delivery"

    @property
    def messages(self):
        with self.lock:
            return [email.message_from_bytes(e.content, policy=email.policy.default) for e in self.envelopes]

    def to(self, address):
        return [m for m in self.messages if m["To"] == address]


class MailServer:
    """A server on a port of its own, which a test may stop and start again (the same port)."""

    def __init__(self):
        self.inbox = Inbox()
        self.port = free_port()
        self.controller = None

    def start(self):
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def mail_server(app):
    """The SMTP server, not yet started, and the app set to send to it with links to BASE_URL."""
    server = MailServer()
    app.config.update(
        MAIL_SERVER="127.0.0.1",
        MAIL_PORT=server.port,
        MAIL_USE_TLS=False,
        MAIL_FROM="performance-plans@council.example",
        MAIL_TIMEOUT_SECONDS=5,
        BASE_URL=BASE_URL,
        REMINDER_ESCALATION_DAYS=14,
    )
    yield server
    server.stop()


@pytest.fixture
def smtp(mail_server):
    """The SMTP server, listening; its inbox."""
    mail_server.start()
    return mail_server.inbox


@pytest.fixture
def queued(db, make_user):
    """Write `count` mails to the outbox, one a person, as an event does; returns the people."""

    def write(count):
        people = [make_user("cmt") for _ in range(count)]
        with database.atomic():
            outbox.notify(Kind.PLAN_SUBMITTED, people, {"title": "WR01 Household waste collected", "pip_id": 1})
        return people

    return write


@pytest.fixture
def send(app):
    """Run the sender as `flask send-mail` does (with the app's context and a connection)."""
    from webapp.models import database
    from webapp.notifications.sending import send_waiting

    def run(**kwargs):
        with app.app_context(), database.connection_context():
            return send_waiting(**kwargs)

    return run


def text_and_html(message):
    return (
        message.get_body(("plain",)).get_content(),
        message.get_body(("html",)).get_content(),
    )
