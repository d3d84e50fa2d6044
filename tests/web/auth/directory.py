"""The council directory for the single sign-on tests: oidc-provider, an OpenID Certified provider, run on
Node.js from tests/oidc/ (`make test` installs it), on the loopback address.

The provider's issuer is a small forwarding server in front of it, so that a test can play a hostile network
between the directory and the app: re-sign the ID token with a key the directory does not publish, or change
its audience, issuer, expiry or nonce (signed again with the directory's own key, which the tests made), or
serve a discovery document naming another issuer. Left alone, it passes everything through unchanged."""

import http.client
import json
import shutil
import subprocess
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import requests
from joserfc import jwt
from joserfc.jwk import RSAKey

ROOT = Path(__file__).resolve().parents[3]
PROVIDER = ROOT / "tests" / "oidc" / "provider.mjs"
INSTALL_HINT = "make test installs it: cd tests/oidc && npm ci (Node.js 20 or later, from Debian's nodejs)"
CLIENT_ID = "pips-test-client"
CLIENT_SECRET = "pips-test-secret"

# The directory's people, by the login typed on its page; `email` is what the ID token says.
PEOPLE = {
    "pat": {
        "email": "Pat.Jones@Council.Example",
        "email_verified": True,
        "name": "Pat Jones",
        "groups": ["g-cmt", "g-revenues"],
    },
    "sam": {"email": "sam.new@council.example", "email_verified": True, "name": "Sam New"},
    "unverified": {"email": "una@council.example", "email_verified": False, "name": "Una"},
    "silent": {"email": "sid@council.example", "name": "Sid"},  # says nothing of verification (as Entra ID)
    "david": {"email": "cmt@example.org", "email_verified": True, "name": "David Clarke"},  # the demo's CMT member
}


def _free_port():
    with ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler) as probe:
        return probe.server_port


class _Forward(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def _forward(self):
        directory = self.server.directory
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ("connection", "keep-alive")}
        upstream = http.client.HTTPConnection("127.0.0.1", directory.node_port, timeout=30)
        try:
            upstream.request(self.command, self.path, body=body, headers=headers)
            response = upstream.getresponse()
            data = directory.passing(urlsplit(self.path).path, response.read())
        finally:
            upstream.close()
        self.send_response(response.status)
        for name, value in response.getheaders():
            if name.lower() not in ("connection", "keep-alive", "transfer-encoding", "content-length"):
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = _forward

    def log_message(self, *args):
        pass


class Directory:
    def __init__(self, redirect_uris, post_logout_redirect_uris):
        self.key = RSAKey.generate_key(2048, parameters={"kid": "directory-key", "use": "sig", "alg": "RS256"})
        self.other_key = RSAKey.generate_key(2048, parameters={"kid": "directory-key"})
        self.misbehave = set()
        self.token_requests = 0
        self.node_port = _free_port()
        self.front = ThreadingHTTPServer(("127.0.0.1", 0), _Forward)
        self.front.directory = self
        self.issuer = f"http://127.0.0.1:{self.front.server_port}"
        self._folder = Path(tempfile.mkdtemp(prefix="directory-"))
        settings = {
            "issuer": self.issuer,
            "port": self.node_port,
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
            "redirect_uris": redirect_uris,
            "post_logout_redirect_uris": post_logout_redirect_uris,
            "jwks": {"keys": [self.key.as_dict(private=True)]},
            "people": PEOPLE,
        }
        (self._folder / "settings.json").write_text(json.dumps(settings))
        self.process = None

    def start(self):
        node = shutil.which("node")
        if node is None or not (ROOT / "tests" / "oidc" / "node_modules" / "oidc-provider").exists():
            pytest.fail(
                f"The test directory (oidc-provider on Node.js) is not installed: {INSTALL_HINT}", pytrace=False
            )
        self.process = subprocess.Popen(
            [node, str(PROVIDER), str(self._folder / "settings.json")],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        said = []  # its warnings first (the in-memory store it keeps for tests), then "ready"
        while not (said and "directory ready" in said[-1]):
            line = self.process.stdout.readline()
            if not line:
                self.process.wait()
                self.process.stdout.close()
                pytest.fail(f"The test directory did not start: {''.join(said)}", pytrace=False)
            said.append(line)
        threading.Thread(target=self.process.stdout.read, daemon=True).start()  # drain, never block it
        threading.Thread(target=self.front.serve_forever, daemon=True).start()
        return self

    def stop(self):
        self.front.shutdown()
        self.front.server_close()
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process.stdout.close()
        shutil.rmtree(self._folder, ignore_errors=True)

    # ------------------------------------------------------------ the hostile network, when told to be

    def passing(self, path, data):
        if path == "/.well-known/openid-configuration" and "issuer-in-discovery" in self.misbehave:
            document = json.loads(data)
            document["issuer"] = "http://elsewhere.example"
            return json.dumps(document).encode()
        if path == "/token":
            self.token_requests += 1
            if self.misbehave & {"signature", "audience", "issuer", "expired", "nonce"}:
                answer = json.loads(data)
                if "id_token" in answer:
                    answer["id_token"] = self._tampered(answer["id_token"])
                return json.dumps(answer).encode()
        return data

    def _tampered(self, id_token):
        claims = dict(jwt.decode(id_token, self.key).claims)
        now = int(time.time())
        if "audience" in self.misbehave:
            claims["aud"] = "another-client"
        if "issuer" in self.misbehave:
            claims["iss"] = "http://elsewhere.example"
        if "expired" in self.misbehave:
            claims["iat"], claims["exp"] = now - 3 * 3600, now - 2 * 3600
        if "nonce" in self.misbehave:
            claims["nonce"] = "not-the-nonce"
        key = self.other_key if "signature" in self.misbehave else self.key
        return jwt.encode({"alg": "RS256", "kid": "directory-key"}, claims, key)


def through_directory(start_url, login, until):
    """What a browser does at the directory: from the app's redirect (`start_url`), through its sign-in page
    (typing `login`) and its consent, following redirects until one leaves for `until` (the app).
    Returns that last address, the app's callback with its code and state."""
    url = start_url
    with requests.Session() as browser:
        for _ in range(12):
            if url.startswith(until):
                return url
            response = browser.get(url, allow_redirects=False, timeout=30)
            if response.status_code == 200 and 'name="login"' in response.text:
                action = urljoin(url, response.text.split('action="', 1)[1].split('"', 1)[0])
                response = browser.post(action, data={"login": login}, allow_redirects=False, timeout=30)
            assert response.status_code in (302, 303), f"{response.status_code} at {url}: {response.text[:500]}"
            url = urljoin(url, response.headers["Location"])
    raise AssertionError("the directory never sent the browser back")
