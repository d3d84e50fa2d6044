"""A council directory for the single sign-on tests: a real OpenID Connect provider over HTTP on the loopback
address, in a thread. It publishes a discovery document and its keys, runs the authorization code flow
(checking the client's secret, the redirect URI and the PKCE verifier) and signs ID tokens with RS256.

A test says who signs in (`person`) and may tell the provider to misbehave (`misbehave`): sign with a key it
does not publish, name another audience or issuer, send an expired token or another nonce."""

import base64
import hashlib
import secrets
import threading
import time
from urllib.parse import urlencode

from flask import Flask, abort, jsonify, redirect, request
from joserfc import jwt
from joserfc.jwk import RSAKey
from werkzeug.serving import make_server

CLIENT_ID = "pips-test-client"
CLIENT_SECRET = "pips-test-secret"


class Directory:
    def __init__(self):
        self.key = RSAKey.generate_key(2048, parameters={"kid": "directory-key"})
        self.other_key = RSAKey.generate_key(2048, parameters={"kid": "directory-key"})
        self.person = {}
        self.misbehave = set()
        self.codes = {}
        self.token_requests = 0
        self.app = self._app()
        self.server = make_server("127.0.0.1", 0, self.app, threaded=True)
        self.issuer = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()

    def _app(self):
        app = Flask("directory")
        app.add_url_rule("/.well-known/openid-configuration", view_func=self.discovery)
        app.add_url_rule("/keys", view_func=self.keys)
        app.add_url_rule("/authorize", view_func=self.authorize)
        app.add_url_rule("/token", view_func=self.token, methods=["POST"])
        return app

    def discovery(self):
        return jsonify(
            issuer="http://elsewhere.example" if "issuer-in-discovery" in self.misbehave else self.issuer,
            authorization_endpoint=f"{self.issuer}/authorize",
            token_endpoint=f"{self.issuer}/token",
            jwks_uri=f"{self.issuer}/keys",
            end_session_endpoint=f"{self.issuer}/logout",
            response_types_supported=["code"],
            subject_types_supported=["public"],
            id_token_signing_alg_values_supported=["RS256"],
            code_challenge_methods_supported=["S256"],
        )

    def keys(self):
        return jsonify(keys=[self.key.as_dict(private=False)])

    def authorize(self):
        """Signs in whoever the test says, at once, and sends the browser back with a code."""
        args = request.args
        if args.get("client_id") != CLIENT_ID or args.get("response_type") != "code":
            abort(400)
        if args.get("code_challenge_method") != "S256" or not args.get("code_challenge"):
            abort(400, "PKCE is required")
        code = secrets.token_urlsafe(16)
        self.codes[code] = dict(args)
        return redirect(f"{args['redirect_uri']}?{urlencode({'code': code, 'state': args['state']})}")

    def token(self):
        self.token_requests += 1
        if request.authorization is None or (request.authorization.username, request.authorization.password) != (
            CLIENT_ID,
            CLIENT_SECRET,
        ):
            return jsonify(error="invalid_client"), 401
        asked = self.codes.pop(request.form.get("code"), None)
        if asked is None or request.form.get("redirect_uri") != asked["redirect_uri"]:
            return jsonify(error="invalid_grant"), 400
        verifier = request.form.get("code_verifier", "")
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
        if challenge != asked["code_challenge"]:
            return jsonify(error="invalid_grant", error_description="PKCE verifier"), 400
        return jsonify(
            access_token=secrets.token_urlsafe(16),
            token_type="Bearer",
            expires_in=3600,
            id_token=self._id_token(asked.get("nonce")),
        )

    def _id_token(self, nonce):
        now = int(time.time())
        claims = {
            "iss": "http://elsewhere.example" if "issuer" in self.misbehave else self.issuer,
            "sub": self.person.get("email", "someone"),
            "aud": "another-client" if "audience" in self.misbehave else CLIENT_ID,
            "iat": now - 3600 * 3 if "expired" in self.misbehave else now,
            "exp": now - 3600 * 2 if "expired" in self.misbehave else now + 600,
            "nonce": "not-the-nonce" if "nonce" in self.misbehave else nonce,
            **self.person,
        }
        key = self.other_key if "signature" in self.misbehave else self.key
        return jwt.encode({"alg": "RS256", "kid": "directory-key"}, claims, key)
