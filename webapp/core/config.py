"""Configuration: defaults, then the environment, then a test's own settings."""

import os
from datetime import timedelta

DEVELOPMENT_SECRET = "development-only-not-secret"


class Defaults:
    DATABASE_URL = "sqlite:///instance/pips.db"
    # How long a write waits for another's lock before the user is told "the service is busy" (503).
    DATABASE_LOCK_TIMEOUT_MS = 5000
    SERVICE_NAME = "Performance Improvement Plans"
    COUNCIL_NAME = "Borsetshire District Council"
    # The accessibility statement (docs/accessibility.md): whom to contact about accessibility, how soon the
    # council answers, and when the statement was prepared and last reviewed.
    ACCESSIBILITY_CONTACT_EMAIL = "accessibility@council.example"
    ACCESSIBILITY_CONTACT_PHONE = ""
    ACCESSIBILITY_RESPONSE_DAYS = 5
    ACCESSIBILITY_STATEMENT_PREPARED = "29 November 2026"
    ACCESSIBILITY_STATEMENT_REVIEWED = "29 November 2026"

    # Sessions: a server-side record backs every sign-in (webapp/auth/views.py) so that signing
    # out, disabling a user or a timeout ends it however old the cookie is.
    SESSION_IDLE_TIMEOUT = timedelta(minutes=30)
    SESSION_ABSOLUTE_TIMEOUT = timedelta(hours=10)
    PERMANENT_SESSION_LIFETIME = SESSION_ABSOLUTE_TIMEOUT
    # How long before a session ends the page warns, with a button to stay signed in (WCAG 2.2.1).
    SESSION_WARNING_BEFORE = timedelta(minutes=2)
    # The cookie is set at sign-in to last the absolute timeout and sent again only when the session
    # changes: re-signing it on every request cost a third of a trivial page, and the idle timeout is
    # kept on the server, not in the cookie.
    SESSION_REFRESH_EACH_REQUEST = False
    SESSION_COOKIE_NAME = "pips_session"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = True

    # CSRF tokens live as long as the session, so a PIP left open for an hour still saves.
    WTF_CSRF_TIME_LIMIT = None
    WTF_CSRF_SSL_STRICT = True

    # Wrong passwords allowed within a sliding window, counted in the database (webapp/auth/throttle.py).
    SIGN_IN_WINDOW = timedelta(minutes=15)
    SIGN_IN_FAILURES_PER_ACCOUNT = 5
    SIGN_IN_FAILURES_PER_ACCOUNT_EVERYWHERE = 20
    SIGN_IN_FAILURES_PER_ADDRESS = 50

    # Reverse proxies in front of the app whose X-Forwarded-For and X-Forwarded-Proto are believed.
    TRUSTED_PROXIES = 0

    MAX_CONTENT_LENGTH = 2 * 1024 * 1024

    # E-mail notifications (docs/notifications.md, README "E-mail"): the SMTP server `flask send-mail`
    # delivers to, the address mail comes from, the address links in mail start with, and how many
    # days overdue a progress update is escalated.
    MAIL_SERVER = "localhost"
    MAIL_PORT = 25
    MAIL_USE_TLS = False
    MAIL_USE_SSL = False  # TLS from the start (port 465), rather than STARTTLS
    MAIL_CA_FILE = ""  # the authorities a relay's certificate may come from, when not the system's (a PEM file)
    MAIL_USERNAME = ""
    MAIL_PASSWORD = ""
    MAIL_FROM = "performance-plans@localhost"
    MAIL_TIMEOUT_SECONDS = 30
    BASE_URL = "http://127.0.0.1:5000"
    REMINDER_ESCALATION_DAYS = 14

    # PDFs of the plans and the committee papers (webapp/core/office.py): the LibreOffice program (a path,
    # or a name looked up on PATH; one not found leaves the Word downloads only), and how long one PDF may take.
    SOFFICE_PATH = "soffice"
    OFFICE_TIMEOUT_SECONDS = 120

    # Where an uploaded score, target or plan file waits between its preview and its confirm
    # (webapp/indicators/staged_uploads.py); empty for instance/uploads. Servers behind one address share it.
    UPLOADS_FOLDER = ""

    # Single sign-on with the council's directory by OpenID Connect (docs/single-sign-on.md): off while
    # OIDC_ISSUER is empty. With it on, PASSWORD_SIGN_IN off leaves passwords to the administrator
    # accounts named in PASSWORD_SIGN_IN_ACCOUNTS (comma-separated e-mails): the break-glass route.
    OIDC_ISSUER = ""
    OIDC_CLIENT_ID = ""
    OIDC_CLIENT_SECRET = ""
    OIDC_BUTTON_LABEL = "Sign in with your council account"
    OIDC_SCOPES = "openid email profile"
    OIDC_EMAIL_CLAIM = "email"
    OIDC_TRUST_UNVERIFIED_EMAIL = False
    OIDC_CREATE_ACCOUNTS = False
    OIDC_GROUPS_CLAIM = "groups"
    OIDC_GROUP_ROLES = ""
    OIDC_GROUP_SERVICES = ""
    OIDC_GROUP_COMMITTEES = ""
    PASSWORD_SIGN_IN = True
    PASSWORD_SIGN_IN_ACCOUNTS = ""


def _yes(value):
    return value.strip().lower() in ("1", "true", "yes", "on")


def _at_least(minimum):
    def convert(value):
        number = int(value)
        if number < minimum:
            raise ValueError(f"must be {minimum} or more, not {number}")
        return number

    return convert


ENVIRONMENT_SETTINGS = {
    "SECRET_KEY": str,
    "DATABASE_URL": str,
    "COUNCIL_NAME": str,
    "ACCESSIBILITY_CONTACT_EMAIL": str,
    "ACCESSIBILITY_CONTACT_PHONE": str,
    "ACCESSIBILITY_RESPONSE_DAYS": _at_least(1),
    "ACCESSIBILITY_STATEMENT_PREPARED": str,
    "ACCESSIBILITY_STATEMENT_REVIEWED": str,
    "TRUSTED_PROXIES": _at_least(0),
    "DATABASE_LOCK_TIMEOUT_MS": _at_least(1),
    "SIGN_IN_FAILURES_PER_ACCOUNT": _at_least(1),
    "SIGN_IN_FAILURES_PER_ACCOUNT_EVERYWHERE": _at_least(1),
    "SIGN_IN_FAILURES_PER_ADDRESS": _at_least(1),
    "SESSION_COOKIE_SECURE": _yes,
    "MAIL_SERVER": str,
    "MAIL_PORT": _at_least(1),
    "MAIL_USE_TLS": _yes,
    "MAIL_USE_SSL": _yes,
    "MAIL_CA_FILE": str,
    "MAIL_USERNAME": str,
    "MAIL_PASSWORD": str,
    "MAIL_FROM": str,
    "BASE_URL": str,
    "REMINDER_ESCALATION_DAYS": _at_least(1),
    "SOFFICE_PATH": str,
    "OFFICE_TIMEOUT_SECONDS": _at_least(1),
    "UPLOADS_FOLDER": str,
    "OIDC_ISSUER": str,
    "OIDC_CLIENT_ID": str,
    "OIDC_CLIENT_SECRET": str,
    "OIDC_BUTTON_LABEL": str,
    "OIDC_SCOPES": str,
    "OIDC_EMAIL_CLAIM": str,
    "OIDC_TRUST_UNVERIFIED_EMAIL": _yes,
    "OIDC_CREATE_ACCOUNTS": _yes,
    "OIDC_GROUPS_CLAIM": str,
    "OIDC_GROUP_ROLES": str,
    "OIDC_GROUP_SERVICES": str,
    "OIDC_GROUP_COMMITTEES": str,
    "PASSWORD_SIGN_IN": _yes,
    "PASSWORD_SIGN_IN_ACCOUNTS": str,
}


def load_config(app, test_config=None):
    app.config.from_object(Defaults)
    for name, convert in ENVIRONMENT_SETTINGS.items():
        if name in os.environ:
            try:
                app.config[name] = convert(os.environ[name])
            except ValueError as error:
                raise RuntimeError(f"{name} is not right: {error}") from None
    if test_config:
        app.config.update(test_config)
    development = bool(app.debug or app.config.get("TESTING") or os.environ.get("PIPS_ENV") == "development")
    app.config["DEVELOPMENT"] = development
    if not app.config.get("SECRET_KEY"):
        if not development:
            raise RuntimeError(
                "SECRET_KEY is not set. Set it in the environment, e.g. "
                "SECRET_KEY=$(python -c 'import secrets; print(secrets.token_hex(32))')"
            )
        app.config["SECRET_KEY"] = DEVELOPMENT_SECRET
    if (
        development
        and "SESSION_COOKIE_SECURE" not in os.environ
        and not (test_config or {}).get("SESSION_COOKIE_SECURE")
    ):
        # Plain http://127.0.0.1 in development and tests; production keeps Secure cookies.
        app.config["SESSION_COOKIE_SECURE"] = False
        app.config["WTF_CSRF_SSL_STRICT"] = False
    _check_single_sign_on(app.config)
    if app.config["MAIL_USE_TLS"] and app.config["MAIL_USE_SSL"]:
        raise RuntimeError(
            "MAIL_USE_TLS and MAIL_USE_SSL are both on: set MAIL_USE_SSL for TLS from the start (port 465), "
            "or MAIL_USE_TLS for STARTTLS (port 587), not both."
        )


def _check_single_sign_on(config):
    """Stop at start, not at someone's sign-in, when the single sign-on settings cannot work."""
    from webapp.domain.directory import group_mapping

    if not config["OIDC_ISSUER"]:
        if not config["PASSWORD_SIGN_IN"]:
            raise RuntimeError("PASSWORD_SIGN_IN is off but OIDC_ISSUER is not set: nobody could sign in.")
        return
    if not (config["OIDC_CLIENT_ID"] and config["OIDC_CLIENT_SECRET"]):
        raise RuntimeError("OIDC_ISSUER is set: set OIDC_CLIENT_ID and OIDC_CLIENT_SECRET too.")
    try:
        group_mapping(config)
    except ValueError as error:
        raise RuntimeError(
            f"OIDC_GROUP_ROLES, OIDC_GROUP_SERVICES or OIDC_GROUP_COMMITTEES is not right: {error}"
        ) from None
