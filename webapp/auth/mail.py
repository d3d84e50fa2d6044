"""The e-mail that carries a link to set a password (docs/users-and-permissions.md#invitations-and-forgotten-passwords),
made by the outbox's sender (webapp/notifications/sending.py) as it sends: the token is made here, in the
message, and only its hash is kept."""

from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from flask import current_app, render_template

from webapp.auth.tokens import make_token
from webapp.domain.account_links import Purpose
from webapp.domain.dates import uk_date_and_time
from webapp.notifications.messages import HEADERS_UNFOLDED, absolute_url

ENDPOINTS = {Purpose.INVITATION: "auth.accept_invitation", Purpose.RESET: "auth.reset_password"}


def build_link_message(mail, link, now):
    """The EmailMessage for `mail` (an OutboxMail) carrying `link` (its AccountToken), with a new token."""
    token = make_token(link, now)
    config = current_app.config
    context = {
        "mail": mail,
        "purpose": link.purpose,
        "name": link.user.name,
        "url": absolute_url(ENDPOINTS[link.purpose], token=token),
        "lasts": link.purpose.lasts,
        "until": uk_date_and_time(link.expires_at),
        "sign_in_url": absolute_url("auth.sign_in"),
        "forgotten_url": absolute_url("auth.forgotten_password"),
        "service_name": config["SERVICE_NAME"],
        "council": config["COUNCIL_NAME"],
    }
    template = f"auth/mail/{link.purpose.value}"
    message = EmailMessage(policy=HEADERS_UNFOLDED)
    message["Subject"] = mail.subject
    message["From"] = config["MAIL_FROM"]
    message["To"] = mail.to_address
    message["Date"] = formatdate(localtime=True)
    domain = message["From"].rsplit("@", 1)[-1].strip(" >") or "localhost"
    message["Message-ID"] = make_msgid(idstring=f"pips-outbox-{mail.id}", domain=domain)
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(render_template(f"{template}.txt", **context))
    message.add_alternative(render_template(f"{template}.html", **context), subtype="html")
    return message
