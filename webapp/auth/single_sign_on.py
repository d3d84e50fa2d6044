"""Signing in with the council's own directory by OpenID Connect (docs/single-sign-on.md).

Authlib's Flask client runs the authorization code flow with PKCE (S256), a state and a nonce kept in the
session, reads the issuer's discovery document, and checks the ID token's signature against the issuer's
keys, its issuer, audience, expiry and nonce. This module adds what is the council's: who gets in
(webapp/auth/directory_accounts.py), signing out at the directory too, and clear words when it fails."""

import logging
from functools import cache

import requests
from authlib.integrations.base_client import OAuthError
from authlib.integrations.flask_client import FlaskIntegration, FlaskOAuth2App
from flask import abort, current_app, redirect, render_template, request, session, url_for
from flask_login import current_user
from joserfc.errors import JoseError

from webapp.core.same_site import same_site_path
from webapp.domain.directory import NotAccepted, group_mapping, person_from_claims
from webapp.domain.roles import Role

from . import bp
from .directory_accounts import account_for
from .sessions import begin_signed_in_session

security_log = logging.getLogger("webapp.security")

# An ID token is kept in the session cookie for signing out at the directory only when it leaves the
# cookie room to spare (browsers keep 4 KB a cookie; a token listing many groups can be larger).
LONGEST_KEPT_ID_TOKEN = 2000
UNREACHABLE = "The council's sign-in service could not be reached. Try again in a few minutes."
NOT_COMPLETED = "Signing in with your council account did not finish: it may have been cancelled or taken too long."


def enabled(config=None):
    return bool((config or current_app.config)["OIDC_ISSUER"])


@cache
def _client(issuer, client_id, client_secret, scopes):
    """One client a configuration: it reads the issuer's discovery document and keys once, then keeps them."""
    return FlaskOAuth2App(
        FlaskIntegration("directory"),
        "directory",
        client_id=client_id,
        client_secret=client_secret,
        server_metadata_url=f"{issuer.rstrip('/')}/.well-known/openid-configuration",
        client_kwargs={"scope": scopes, "code_challenge_method": "S256", "timeout": 15},
    )


def _directory():
    config = current_app.config
    return _client(config["OIDC_ISSUER"], config["OIDC_CLIENT_ID"], config["OIDC_CLIENT_SECRET"], config["OIDC_SCOPES"])


def _here(endpoint, **values):
    """An address of this app as the directory must know it: BASE_URL, then the path."""
    return current_app.config["BASE_URL"].rstrip("/") + url_for(endpoint, **values)


def _refused(message, status):
    return render_template("auth/directory_refused.html", message=message), status


@bp.route("/sign-in/council")
def sign_in_with_directory():
    if not enabled():
        abort(404)
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    next_page = same_site_path(request.args.get("next"))
    try:
        directory = _directory()
        _check_issuer(directory.load_server_metadata())
        response = directory.authorize_redirect(_here("auth.signed_in_by_directory"))
    except (requests.RequestException, OAuthError, ValueError, KeyError) as error:
        security_log.warning("Single sign-on: the directory's discovery document could not be read: %s", error)
        return _refused(UNREACHABLE, 502)
    if next_page:
        session["directory_next"] = next_page
    return response


def _check_issuer(metadata):
    """The discovery document must be the configured issuer's own (OpenID Connect Discovery, section 4.3)."""
    if str(metadata.get("issuer", "")).rstrip("/") != current_app.config["OIDC_ISSUER"].rstrip("/"):
        raise ValueError(f"the discovery document names another issuer: {metadata.get('issuer')!r}")


@bp.route("/sign-in/council/callback")
def signed_in_by_directory():
    if not enabled():
        abort(404)
    config = current_app.config
    try:
        token = _directory().authorize_access_token()
        claims = token.get("userinfo")
        if claims is None:
            raise NotAccepted("Your council account's sign-in sent no identity token.")
        person = person_from_claims(
            claims,
            email_claim=config["OIDC_EMAIL_CLAIM"],
            groups_claim=config["OIDC_GROUPS_CLAIM"],
            trust_unverified_email=config["OIDC_TRUST_UNVERIFIED_EMAIL"],
        )
        user = account_for(person, create=config["OIDC_CREATE_ACCOUNTS"], mapping=group_mapping(config))
    except NotAccepted as refused:
        return _refused(str(refused), 403)
    except (OAuthError, JoseError) as error:
        security_log.warning("Single sign-on refused: %s", error)
        return _refused(NOT_COMPLETED, 400)
    except requests.RequestException as error:
        security_log.warning("Single sign-on: the directory could not be reached: %s", error)
        return _refused(UNREACHABLE, 502)
    next_page = session.get("directory_next")
    begin_signed_in_session(user)
    if len(token.get("id_token", "")) <= LONGEST_KEPT_ID_TOKEN:
        session["directory_id_token"] = token["id_token"]
    security_log.info("Sign-in with the directory: user %s from %s", user.id, request.remote_addr)
    return redirect(next_page or url_for("home.index"))


def directory_sign_out_url(id_token):
    """Where signing out sends the browser next so the directory ends its session too, when the person
    signed in with it and the directory offers RP-initiated logout; else None."""
    if not enabled() or not id_token:
        return None
    try:
        metadata = _directory().load_server_metadata()
    except (requests.RequestException, ValueError) as error:
        security_log.warning("Single sign-on: could not read the directory's sign-out address: %s", error)
        return None
    if not metadata.get("end_session_endpoint"):
        return None
    return _directory().create_logout_url(
        post_logout_redirect_uri=_here("auth.sign_in", signed_out=1),
        id_token_hint=id_token,
        client_id=current_app.config["OIDC_CLIENT_ID"],
    )["url"]


def password_allowed(email, user=None):
    """Whether `email` may sign in with a password: always without single sign-on; with it, as
    PASSWORD_SIGN_IN says, or when the account is a named break-glass administrator's (`user`, once known,
    must hold the administrator role)."""
    config = current_app.config
    if not enabled() or config["PASSWORD_SIGN_IN"]:
        return True
    named = {e.strip().lower() for e in config["PASSWORD_SIGN_IN_ACCOUNTS"].split(",") if e.strip()}
    return (email or "").strip().lower() in named and (user is None or user.has_role(Role.ADMIN))
