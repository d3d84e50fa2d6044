"""Security headers on every response (docs/quality.md)."""

from functools import cache
from urllib.parse import urlsplit

from flask import request

HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
}


@cache
def content_security_policy(directory_issuer=""):
    """The policy of every response. Forms post only here; with single sign-on on, signing out may then
    redirect to the council's directory to end its session too (docs/single-sign-on.md#signing-out), and a
    browser holds a form's redirects to form-action as well, so the directory's origin is allowed there."""
    issuer = urlsplit(directory_issuer)
    form_action = "form-action 'self'" + (f" {issuer.scheme}://{issuer.netloc}" if issuer.netloc else "")
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            form_action,
            "frame-ancestors 'none'",
        ]
    )


def init_app(app):
    @app.after_request
    def add_security_headers(response):
        response.headers.setdefault("Content-Security-Policy", content_security_policy(app.config["OIDC_ISSUER"]))
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        if app.config["SESSION_COOKIE_SECURE"]:
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        if request.endpoint != "static":
            # Pages, fragments and downloads (Word, JSON) carry council data for a signed-in user:
            # no cache keeps them. Only the static files (CSS, JS, fonts) may be cached.
            response.headers.setdefault("Cache-Control", "no-store")
        return response
