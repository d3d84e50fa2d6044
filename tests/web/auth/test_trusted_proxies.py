"""TRUSTED_PROXIES: behind the intranet's reverse proxy the client's address and scheme come from
X-Forwarded-For and X-Forwarded-Proto; with none declared those headers are ignored, so a client
cannot dodge the sign-in limits by naming another address."""

import pytest
from flask import request

from tests.conftest import PASSWORD, new_app
from webapp import create_app

PROXY = "10.0.0.254"


@pytest.fixture
def trusted_proxies():
    return 0


@pytest.fixture
def one_app(proxies_in_environment, database_url):
    return new_app(database_url)  # made after the environment names the proxies


@pytest.fixture
def proxies_in_environment(monkeypatch, trusted_proxies):
    monkeypatch.setenv("TRUSTED_PROXIES", str(trusted_proxies))


def forwarded(client, email, password, client_address):
    return client.post(
        "/sign-in",
        data={"email": email, "password": password},
        headers={"X-Forwarded-For": client_address, "X-Forwarded-Proto": "https"},
        environ_base={"REMOTE_ADDR": PROXY},
    )


@pytest.mark.parametrize("trusted_proxies, address, scheme", [(1, "203.0.113.7", "https"), (0, PROXY, "http")])
def test_the_client_address_and_scheme_come_from_the_proxy_only_when_it_is_trusted(
    client, trusted_proxies, address, scheme
):
    with client:
        client.get(
            "/sign-in",
            headers={"X-Forwarded-For": "198.51.100.1, 203.0.113.7", "X-Forwarded-Proto": "https"},
            environ_base={"REMOTE_ADDR": PROXY},
        )
        assert (request.remote_addr, request.scheme) == (address, scheme)


@pytest.mark.parametrize("trusted_proxies", [1])
def test_behind_a_trusted_proxy_one_persons_failures_do_not_lock_out_the_office(
    app, client, make_user, trusted_proxies
):
    app.config["SIGN_IN_FAILURES_PER_ADDRESS"] = 3
    for n in range(3):
        forwarded(client, f"nobody{n}@example.org", "wrong", "10.1.1.66")
    assert forwarded(client, "nobody@example.org", "wrong", "10.1.1.66").status_code == 429
    assert forwarded(client, make_user("member").email, PASSWORD, "10.1.1.2").status_code == 302


@pytest.mark.parametrize("trusted_proxies", [0])
def test_without_a_trusted_proxy_naming_another_address_does_not_dodge_the_limit(
    app, client, make_user, trusted_proxies
):
    app.config["SIGN_IN_FAILURES_PER_ADDRESS"] = 3
    for n in range(3):
        forwarded(client, f"nobody{n}@example.org", "wrong", f"10.1.1.{n}")
    assert forwarded(client, make_user("member").email, PASSWORD, "10.1.1.99").status_code == 429


@pytest.mark.parametrize("value", ["-1", "two"])
def test_a_wrong_number_of_proxies_stops_the_app_with_its_name(monkeypatch, value):
    monkeypatch.setenv("TRUSTED_PROXIES", value)
    with pytest.raises(RuntimeError, match="TRUSTED_PROXIES"):
        create_app({"TESTING": True, "SECRET_KEY": "x", "DATABASE_URL": "sqlite:///:memory:"})
