"""Device cookies: guessing from many addresses cannot lock the owner out of her browser.

With the limits of config.py's defaults, on SQLite and PostgreSQL, counted in process
memory and in Redis; the counters of two app instances on one Redis are the same.
"""

import pytest
from itsdangerous import URLSafeTimedSerializer

from tests.conftest import make_test_app

ADMIN = ("landkreis@demo.example", "demo-landkreis")
KOHLBERG = ("organisation@kohlberg.demo.example", "demo-kohlberg")
LOGIN = "/de/verwaltung/anmelden"
DASHBOARD = "/de/verwaltung/"


def attempt(client, account, password, address="192.0.2.1"):
    return client.post(LOGIN, data={"email": account[0], "password": password},
                       environ_base={"REMOTE_ADDR": address})


def flood(app, account, attempts=40):
    """Wrong passwords for `account`, each from another address and another browser."""
    return [attempt(app.test_client(), account, "falsch", f"198.51.100.{number}").status_code
            for number in range(1, attempts + 1)]


@pytest.fixture(params=["memory", "redis"])
def limited_app(request, app, database_url, tmp_path, redis_url):
    storage = {} if request.param == "memory" else {"REDIS_URL": redis_url}
    return make_test_app(database_url, tmp_path, LIMITS_ENABLED=True, **storage)


def test_the_owner_logs_in_from_her_browser_while_her_account_is_attacked(limited_app):
    browser = limited_app.test_client()
    assert attempt(browser, ADMIN, ADMIN[1], "203.0.113.5").status_code == 302
    assert browser.get_cookie("device") is not None
    assert browser.post("/de/verwaltung/abmelden").status_code == 302

    statuses = flood(limited_app, ADMIN)
    assert statuses[:5] == [400] * 5  # LOGIN_LIMIT_PER_ACCOUNT: 5/minute
    assert set(statuses[5:]) == {429}

    # a browser she never used waits, even with the right password
    assert attempt(limited_app.test_client(), ADMIN, ADMIN[1], "203.0.113.5").status_code == 429
    # her own browser gets in, from home as from the office
    response = attempt(browser, ADMIN, ADMIN[1], "192.0.2.77")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(DASHBOARD)
    assert browser.get(DASHBOARD).status_code == 200


def test_the_device_cookie_is_signed_long_lived_and_not_for_scripts(app, database_url,
                                                                    tmp_path):
    secure = make_test_app(database_url, tmp_path, SESSION_COOKIE_SECURE=True)
    header = next(value for value in attempt(secure.test_client(), ADMIN, ADMIN[1])
                  .headers.getlist("Set-Cookie") if value.startswith("device="))
    attributes = {part.strip().split("=")[0].lower() for part in header.split(";")}
    assert {"httponly", "secure", "samesite", "max-age"} <= attributes
    assert "Max-Age=31536000" in header and "SameSite=Lax" in header and "Path=/" in header
    assert ADMIN[0] not in header and "landkreis" not in header

    plain = make_test_app(database_url, tmp_path)  # http:// in development: not Secure
    header = next(value for value in attempt(plain.test_client(), ADMIN, ADMIN[1])
                  .headers.getlist("Set-Cookie") if value.startswith("device="))
    assert "Secure" not in header


def test_a_forged_or_another_accounts_device_cookie_is_no_way_around(limited_app):
    browser = limited_app.test_client()
    assert attempt(browser, ADMIN, ADMIN[1]).status_code == 302
    genuine = browser.get_cookie("device").value
    kohlberg = limited_app.test_client()
    assert attempt(kohlberg, KOHLBERG, KOHLBERG[1]).status_code == 302
    flood(limited_app, ADMIN, attempts=10)

    # the Kohlberg organiser's browser knows her, not the district admin
    assert attempt(kohlberg, ADMIN, ADMIN[1]).status_code == 429
    # a changed signature, the same content signed with another key, or no signature
    content = URLSafeTimedSerializer(limited_app.secret_key,
                                     salt="organiser-device-cookie").loads(genuine)
    forgeries = [
        genuine[:-2] + ("AA" if not genuine.endswith("AA") else "BB"),
        URLSafeTimedSerializer("another-key", salt="organiser-device-cookie").dumps(content),
        URLSafeTimedSerializer(limited_app.secret_key, salt="session").dumps(content),
        "x" * 40,
    ]
    for value in forgeries:
        stranger = limited_app.test_client()
        stranger.set_cookie("device", value)
        assert attempt(stranger, ADMIN, ADMIN[1]).status_code == 429, value
    # the genuine cookie still works
    assert attempt(browser, ADMIN, ADMIN[1]).status_code == 302


def test_a_device_cookie_whose_allowance_is_used_up_is_not_trusted(limited_app):
    browser, other_browser = limited_app.test_client(), limited_app.test_client()
    assert attempt(browser, ADMIN, ADMIN[1]).status_code == 302
    assert attempt(other_browser, ADMIN, ADMIN[1], "192.0.2.9").status_code == 302
    # LOGIN_LIMIT_PER_DEVICE, the allowance of each browser with a device cookie: 5/minute
    assert [attempt(browser, ADMIN, "falsch").status_code for _ in range(5)] == [400] * 5
    # now it counts as an unknown browser: the account's and the address's counters apply
    assert attempt(browser, ADMIN, "falsch").status_code == 400
    flood(limited_app, ADMIN, attempts=5)
    assert attempt(browser, ADMIN, ADMIN[1]).status_code == 429
    # another browser she logged in from before has an allowance of its own
    assert attempt(other_browser, ADMIN, ADMIN[1], "192.0.2.9").status_code == 302


def test_two_app_instances_on_one_redis_share_the_counters(app, database_url, tmp_path,
                                                            redis_url):
    """Like two gunicorn workers: what one counts, the other refuses."""
    settings = {"LIMITS_ENABLED": True, "REDIS_URL": redis_url,
                "LOGIN_LIMIT_PER_ACCOUNT": "3/minute", "LOGIN_LIMIT_PER_ADDRESS": "4/minute"}
    first = make_test_app(database_url, tmp_path / "first", **settings)
    second = make_test_app(database_url, tmp_path / "second", **settings)
    assert [attempt(first.test_client(), ADMIN, "falsch", f"198.51.100.{n}").status_code
            for n in range(3)] == [400] * 3
    assert attempt(second.test_client(), ADMIN, ADMIN[1], "198.51.100.50").status_code == 429
    # per address too: four refusals in the second, the first refuses that address
    for number in range(4):
        attempt(second.test_client(), (f"niemand{number}@example.org", ""), "x", "192.0.2.44")
    assert attempt(first.test_client(), KOHLBERG, KOHLBERG[1], "192.0.2.44").status_code == 429
    assert attempt(first.test_client(), KOHLBERG, KOHLBERG[1], "192.0.2.45").status_code == 302
