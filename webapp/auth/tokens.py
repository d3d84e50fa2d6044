"""The links mailed to set a password (docs/users-and-permissions.md#invitations-and-forgotten-passwords).

Asking for a link writes, in one transaction, a mail waiting in the outbox and a row for its link with no
token yet. The sender (webapp/notifications/sending.py) makes the random token when it makes the mail, and
keeps only its SHA-256: the token is in the e-mail and nowhere else. A mail tried again gets a new token,
so only the link last sent works. A newer link of the same purpose ends the older ones. Following a link
sets the password once: the row is marked used by a single UPDATE that only a usable link passes.
"""

import hashlib
import secrets

from webapp.auth.sessions import end_all_sessions
from webapp.domain.account_links import LinkState, Purpose, link_state
from webapp.models import AccountToken, OutboxMail, User, database, utcnow

SUBJECTS = {
    Purpose.INVITATION: "Set your password for {service}",
    Purpose.RESET: "Reset your password for {service}",
}


def _hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


def send_link(user, purpose, service_name):
    """Put a link to set `user`'s password in the outbox. Must run in the caller's transaction, or opens
    one. Links of the same purpose not yet used stop working."""
    purpose = Purpose(purpose)
    with database.atomic():
        now = utcnow()
        AccountToken.update(expires_at=now).where(
            AccountToken.user == user.id,
            AccountToken.purpose == purpose,
            AccountToken.used_at.is_null(),
            AccountToken.expires_at.is_null() | (AccountToken.expires_at > now),
        ).execute()
        subject = SUBJECTS[purpose].format(service=service_name)
        mail = OutboxMail.create(user=user.id, to_address=user.email, subject=subject[:300])
        return AccountToken.create(user=user.id, purpose=purpose, mail=mail)


def links_of(mails):
    """{mail id: its AccountToken} for those of `mails` that carry a link, in one query."""
    ids = [mail.id for mail in mails]
    if not ids:
        return {}
    return {row.mail_id: row for row in AccountToken.select().where(AccountToken.mail.in_(ids))}


def make_token(link, now):
    """The token for `link`'s mail, made as the mail is made: its hash kept, its time starting now."""
    token = secrets.token_urlsafe(32)
    link.token_hash = _hash(token)
    link.expires_at = now + link.purpose.valid_for
    AccountToken.update(token_hash=link.token_hash, expires_at=link.expires_at).where(
        AccountToken.id == link.id, AccountToken.used_at.is_null()
    ).execute()
    return token


def find(token, purpose):
    """(the link, its LinkState) for `token` of `purpose`, or (None, None) when no such link was sent."""
    if not token or len(token) > 100:
        return None, None
    link = AccountToken.get_or_none(AccountToken.token_hash == _hash(token), AccountToken.purpose == Purpose(purpose))
    if link is None:
        return None, None
    return link, link_state(link.expires_at, link.used_at, utcnow())


def set_password_with(link, password):
    """Set the password through `link`, once: True when this call used it, False when it was used or ran
    out meanwhile. Every session of the person ends (none should outlive a reset), and their other links
    stop working."""
    user = User.get_by_id(link.user_id)
    user.set_password(password)  # hashed before the transaction: the slow KDF holds no lock
    with database.atomic():
        now = utcnow()
        used = (
            AccountToken.update(used_at=now)
            .where(AccountToken.id == link.id, AccountToken.used_at.is_null(), AccountToken.expires_at > now)
            .execute()
        )
        if not used:
            return False
        user.save(only=[User.password_hash])
        AccountToken.update(expires_at=now).where(
            AccountToken.user == user.id, AccountToken.used_at.is_null(), AccountToken.id != link.id
        ).execute()
        end_all_sessions(user)
    return True


def invitation_waiting(user):
    """The latest invitation of a person who has no password yet, or None."""
    if user.password_hash:
        return None
    link = (
        AccountToken.select()
        .where(AccountToken.user == user.id, AccountToken.purpose == Purpose.INVITATION)
        .order_by(AccountToken.created_at.desc(), AccountToken.id.desc())
        .first()
    )
    if link is not None:
        link.usable = link_state(link.expires_at, link.used_at, utcnow()) is LinkState.USABLE
    return link
