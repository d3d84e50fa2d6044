"""Mail over TLS (README, "E-mail"): to a relay that speaks TLS from the start (MAIL_USE_SSL, port 465) or
upgrades with STARTTLS (MAIL_USE_TLS), its certificate checked against the council's own authority
(MAIL_CA_FILE). A relay whose certificate is not trusted gets nothing, and the mail waits until the
settings are put right."""

import datetime
import ipaddress
import ssl

import pytest
from aiosmtpd.controller import Controller
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from tests.conftest import new_app
from webapp.domain.notifications import MailStatus
from webapp.models import OutboxMail, utcnow

from .conftest import Inbox, free_port


def _name(common_name):
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _certificate(subject, issuer, public_key, signing_key, *, authority, extensions=()):
    now = datetime.datetime.now(datetime.UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(subject))
        .issuer_name(_name(issuer))
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=authority, path_length=None), critical=True)
    )
    for extension in extensions:
        builder = builder.add_extension(extension, critical=False)
    return builder.sign(signing_key, hashes.SHA256())


def _pem(certificate):
    return certificate.public_bytes(serialization.Encoding.PEM)


@pytest.fixture
def council_authority(tmp_path):
    """The council's own certificate authority, and the relay's certificate for 127.0.0.1 signed by it:
    (the authority's PEM file, the relay's server-side TLS context)."""
    authority_key = ec.generate_private_key(ec.SECP256R1())
    authority = _certificate(
        "Borsetshire Council Root",
        "Borsetshire Council Root",
        authority_key.public_key(),
        authority_key,
        authority=True,
    )
    relay_key = ec.generate_private_key(ec.SECP256R1())
    relay = _certificate(
        "mail-relay",
        "Borsetshire Council Root",
        relay_key.public_key(),
        authority_key,
        authority=False,
        extensions=[x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))])],
    )
    authority_file, chain, key = tmp_path / "council-ca.pem", tmp_path / "relay.pem", tmp_path / "relay.key"
    authority_file.write_bytes(_pem(authority))
    chain.write_bytes(_pem(relay))
    key.write_bytes(
        relay_key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(chain, key)
    return authority_file, context


@pytest.fixture
def relay(app, council_authority, queued):
    """Start a relay speaking TLS from the start ("ssl") or by STARTTLS ("starttls"); the app pointed at it."""
    controllers = []

    def start(kind):
        inbox, port = Inbox(), free_port()
        _, context = council_authority
        if kind == "ssl":
            controller = Controller(inbox, hostname="127.0.0.1", port=port, ssl_context=context)
        else:
            controller = Controller(inbox, hostname="127.0.0.1", port=port, tls_context=context, require_starttls=True)
        controller.start()
        controllers.append(controller)
        app.config.update(
            MAIL_SERVER="127.0.0.1",
            MAIL_PORT=port,
            MAIL_USE_SSL=kind == "ssl",
            MAIL_USE_TLS=kind == "starttls",
            MAIL_FROM="performance-plans@council.example",
            MAIL_TIMEOUT_SECONDS=5,
        )
        return inbox

    yield start
    for controller in controllers:
        controller.stop()


@pytest.mark.parametrize("kind", ["ssl", "starttls"])
def test_mail_goes_over_tls_to_a_relay_with_the_councils_own_certificate(
    app, relay, council_authority, send, queued, kind
):
    inbox = relay(kind)
    app.config["MAIL_CA_FILE"] = str(council_authority[0])
    (person,) = queued(1)
    done = send(now=utcnow())
    assert (done.sent, done.server_down) == (1, False)
    assert [message["To"] for message in inbox.messages] == [person.email]


@pytest.mark.parametrize("kind", ["ssl", "starttls"])
def test_a_relay_whose_certificate_is_not_trusted_gets_nothing_until_the_settings_are_put_right(
    app, relay, council_authority, send, queued, kind
):
    inbox = relay(kind)
    app.config["MAIL_CA_FILE"] = ""  # the system's authorities, which never signed the relay's certificate
    queued(1)
    now = utcnow()
    done = send(now=now)
    assert done.server_down and done.sent == 0
    mail = OutboxMail.get()
    assert mail.status is MailStatus.WAITING and "certificate" in mail.last_error.lower()
    assert inbox.messages == []

    app.config["MAIL_CA_FILE"] = str(council_authority[0])
    done = send(now=mail.next_try_at)
    assert done.sent == 1 and OutboxMail.get().status is MailStatus.SENT and len(inbox.messages) == 1


def test_the_app_will_not_start_told_to_use_both_kinds_of_tls(monkeypatch, database_url):
    monkeypatch.setenv("MAIL_USE_TLS", "true")
    monkeypatch.setenv("MAIL_USE_SSL", "true")
    with pytest.raises(RuntimeError, match="MAIL_USE_TLS and MAIL_USE_SSL are both on"):
        new_app(database_url)
