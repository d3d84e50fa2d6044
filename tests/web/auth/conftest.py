"""The links mailed to set a password, received by a real SMTP server (aiosmtpd on the loopback address)."""

import re

import pytest

from tests.web.notifications.conftest import BASE_URL, mail_server, send, smtp  # noqa: F401

LINK = re.compile(re.escape(BASE_URL) + r"(/(?:invitation|reset-password)/[A-Za-z0-9_-]+)")


@pytest.fixture
def mailed_link(smtp, send):  # noqa: F811
    """Send what waits in the outbox; returns the last message to `address` and the path of its link."""

    def read(address):
        send()
        messages = smtp.to(address)
        assert messages, f"no mail to {address}"
        message = messages[-1]
        text = message.get_body(("plain",)).get_content()
        html = message.get_body(("html",)).get_content()
        path = LINK.search(text).group(1)
        assert path in html
        return message, path

    return read
