"""The real SMTP server the invitations are sent to (tests/web/auth/conftest.py)."""

from tests.web.auth.conftest import mail_server, mailed_link, send, smtp  # noqa: F401
