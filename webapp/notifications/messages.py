"""The e-mail a mail in the outbox becomes (docs/notifications.md#the-messages): short, plain text with an HTML
alternative, naming the PI and what to do, with a link to the page. The words are the domain's
(webapp/domain/notifications.py); the bodies are templates/notifications/mail/."""

import json
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from flask import current_app, render_template

from webapp.domain import notifications as rules
from webapp.domain.notifications import Kind

# The page each kind links to: (endpoint, its argument, the fact that holds it).
LINKS = {
    Kind.PAPERS_PUBLISHED: ("papers.show", "meeting_id", "meeting_id"),
    Kind.REFERRAL: ("papers.show", "meeting_id", "meeting_id"),
}
PLAN_LINK = ("pips.show", "pip_id", "pip_id")
# Headers kept on one line up to the standard's limit: folded at 78, Python's email puts a long subject on a
# line of its own, which some readers show with a leading space.
HEADERS_UNFOLDED = policy.default.clone(max_line_length=998)


@dataclass(frozen=True)
class Line:
    """One notice as a message says it."""

    kind: Kind
    subject: str
    sentence: str
    action: str
    link: str


def absolute_url(endpoint, **values):
    """The page's address as the reader's browser reaches it: BASE_URL (README) and the app's own path,
    worked out without a request, as `flask send-mail` has none."""
    path = current_app.url_map.bind("localhost").build(endpoint, values)
    return current_app.config["BASE_URL"].rstrip("/") + path


def line_of(kind, facts):
    kind = Kind(kind)
    endpoint, argument, fact = LINKS.get(kind, PLAN_LINK)
    return Line(
        kind,
        rules.subject(kind, facts),
        rules.sentence(kind, facts),
        kind.action,
        absolute_url(endpoint, **{argument: int(facts[fact])}),
    )


def lines_of(notices):
    return [line_of(notice.kind, json.loads(notice.facts)) for notice in notices]


def build_message(mail, notices):
    """The EmailMessage for `mail` (an OutboxMail) carrying `notices` (one, or a digest's several)."""
    lines = lines_of(notices)
    context = {
        "mail": mail,
        "lines": lines,
        "groups": rules.group_digest([(line.kind, line) for line in lines]),
        "preferences_url": absolute_url("notifications.preferences"),
        "service_name": current_app.config["SERVICE_NAME"],
        "council": current_app.config["COUNCIL_NAME"],
    }
    template = "notifications/mail/digest" if mail.digest else "notifications/mail/notice"
    message = EmailMessage(policy=HEADERS_UNFOLDED)
    message["Subject"] = mail.subject
    message["From"] = current_app.config["MAIL_FROM"]
    message["To"] = mail.to_address
    message["Date"] = formatdate(localtime=True)
    # The outbox row's id in the Message-ID: a mail server that saw it already may drop it as a repeat.
    message["Message-ID"] = make_msgid(idstring=f"pips-outbox-{mail.id}", domain=_domain_of(message["From"]))
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(render_template(f"{template}.txt", **context))
    message.add_alternative(render_template(f"{template}.html", **context), subtype="html")
    return message


def _domain_of(address):
    return address.rsplit("@", 1)[-1].strip(" >") or "localhost"
