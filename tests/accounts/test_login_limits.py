"""Refused logins from browsers without a device cookie are rate-limited per address and per
account, with Redis and without (device cookies: test_device_cookies.py)."""

import pytest
import redis

from tests.conftest import make_test_app

ACCOUNT = "organisation@aichtal.demo.example"
PASSWORD = "demo-aichtal"


def _login(client, email, password):
    return client.post("/de/verwaltung/anmelden", data={"email": email, "password": password})


@pytest.fixture(params=["memory", "redis"])
def limited_app(request, app, database_url, tmp_path, redis_url):
    """An app with the limits on (the suite's app has them off), on both storages."""
    storage = {} if request.param == "memory" else {"REDIS_URL": redis_url}
    return make_test_app(database_url, tmp_path, LIMITS_ENABLED=True,
                         LOGIN_LIMIT_PER_ACCOUNT="3/minute",
                         LOGIN_LIMIT_PER_ADDRESS="5/minute",
                         **storage)


def test_an_account_is_locked_for_a_while_after_refused_logins(limited_app):
    client = limited_app.test_client()
    for _ in range(3):
        assert _login(client, ACCOUNT, "falsch").status_code == 400
    refused = _login(client, ACCOUNT, PASSWORD)  # even the right password waits now
    assert refused.status_code == 429
    page = refused.get_data(as_text=True)
    assert "Zu viele Versuche" in page
    assert "Bitte warten Sie einige Minuten" in page
    if limited_app.config["REDIS_URL"]:  # shared by all worker processes, not in memory
        keys = redis.Redis.from_url(limited_app.config["REDIS_URL"]).keys("*")
        assert any(b"login-account" in key for key in keys)
        assert not any(b"aichtal" in key for key in keys)  # hashed, not the address
    # another account from the same address is not locked by this one
    assert _login(client, "organisation@kohlberg.demo.example",
                  "demo-kohlberg").status_code == 302


def test_one_address_trying_many_accounts_is_slowed_down(limited_app):
    client = limited_app.test_client()
    for number in range(5):
        assert _login(client, f"niemand{number}@example.org", "x").status_code == 400
    assert _login(client, ACCOUNT, PASSWORD).status_code == 429


def test_successful_logins_do_not_count(limited_app):
    for _ in range(8):
        client = limited_app.test_client()
        assert _login(client, ACCOUNT, PASSWORD).status_code == 302


def test_login_works_when_redis_is_unreachable(app, database_url, tmp_path):
    down = make_test_app(database_url, tmp_path, LIMITS_ENABLED=True,
                         REDIS_URL="redis://127.0.0.1:1/0",
                         LOGIN_LIMIT_PER_ACCOUNT="2/minute")
    client = down.test_client()
    assert _login(client, ACCOUNT, "falsch").status_code == 400
    assert _login(client, ACCOUNT, PASSWORD).status_code == 302
    # the fallback still counts in memory: the second refusal reaches the limit of two
    assert _login(down.test_client(), ACCOUNT, "falsch").status_code == 400
    assert _login(down.test_client(), ACCOUNT, PASSWORD).status_code == 429


def test_behind_a_trusted_proxy_each_client_address_counts_alone(app, database_url, tmp_path):
    proxied = make_test_app(database_url, tmp_path, LIMITS_ENABLED=True,
                            TRUSTED_PROXIES=1, LOGIN_LIMIT_PER_ADDRESS="2/minute",
                            LOGIN_LIMIT_PER_ACCOUNT="100/minute")

    def attempt(client_address, password):
        return proxied.test_client().post(
            "/de/verwaltung/anmelden", data={"email": ACCOUNT, "password": password},
            headers={"X-Forwarded-For": client_address})

    assert [attempt("192.0.2.10", "falsch").status_code for _ in range(2)] == [400, 400]
    assert attempt("192.0.2.10", PASSWORD).status_code == 429
    assert attempt("198.51.100.7", PASSWORD).status_code == 302  # another resident's office
