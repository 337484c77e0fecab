"""The session cookie and CSRF tokens (security.py): remembered verification is still
verification, and the tokens are Flask-WTF's own; HSTS exactly where the site is https."""

import time

import pytest
from flask import session
from flask_wtf.csrf import generate_csrf, validate_csrf

from participation import create_app
from participation.security import csrf_problem, csrf_token
from tests.conftest import make_test_app

HSTS = "max-age=31536000; includeSubDomains"
# a redirect, a page, a static file, a login form and a missing page: every kind of response
PATHS = ("/", "/de/", "/static/app.css", "/de/verwaltung/anmelden", "/de/gibt-es-nicht")


def _app(tmp_path, **config):
    return create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'security.sqlite3'}",
                       "SECRET_KEY": "security-test", "MAIL_OUTBOX_DIR": str(tmp_path),
                       **config})


def _cookie_of(client) -> str:
    return client.get_cookie("session").value


def _session_app(tmp_path, **config):
    app = _app(tmp_path, **config)

    @app.get("/set/<value>")
    def set_value(value):
        session["value"] = value
        return "ok"

    @app.get("/get")
    def get_value():
        seen = dict(session)
        session.get("list", []).append("changed")  # a change of one request's objects only
        return repr(sorted(seen.items()))

    return app


def test_a_remembered_cookie_gives_fresh_objects_and_the_same_content(tmp_path):
    app = _session_app(tmp_path)
    client = app.test_client()
    client.get("/set/anna")
    cookie = _cookie_of(client)
    other = app.test_client()
    other.set_cookie("session", cookie)
    first, second = other.get("/get").text, other.get("/get").text
    assert first == second == "[('value', 'anna')]"


def test_the_cookie_signer_is_built_once(tmp_path):
    app = _app(tmp_path)
    interface = app.session_interface
    assert interface.get_signing_serializer(app) is interface.get_signing_serializer(app)


def test_a_remembered_cookie_still_expires(tmp_path):
    app = _session_app(tmp_path, PERMANENT_SESSION_LIFETIME=1)
    client = app.test_client()
    client.get("/set/anna")
    assert client.get("/get").text == "[('value', 'anna')]"  # verified and remembered
    time.sleep(2.1)
    assert client.get("/get").text == "[]"


def test_a_changed_cookie_is_refused_even_after_the_real_one_was_seen(tmp_path):
    app = _session_app(tmp_path)
    client = app.test_client()
    client.get("/set/anna")
    cookie = _cookie_of(client)
    assert client.get("/get").text == "[('value', 'anna')]"
    forged = app.test_client()
    forged.set_cookie("session", _tampered(cookie))
    assert forged.get("/get").text == "[]"


def _tampered(signed):
    """Change one character well inside the signature: the last base64
    character may carry only padding bits, so changing it can leave the
    decoded signature as it was."""
    at = len(signed) - 10
    return signed[:at] + ("B" if signed[at] == "A" else "A") + signed[at + 1:]


def test_our_tokens_are_flask_wtf_tokens_both_ways(tmp_path):
    app = _app(tmp_path, WTF_CSRF_ENABLED=True)
    with app.test_request_context("/"):
        validate_csrf(csrf_token())  # raises if Flask-WTF refuses ours
    with app.test_request_context("/", method="POST") as context:
        signed = generate_csrf()
        context.request.form = {"csrf_token": signed}
        assert csrf_problem() is None
        context.request.form = {"csrf_token": _tampered(signed)}
        assert csrf_problem() is not None
        context.request.form = {}
        assert csrf_problem() is not None


def test_a_token_of_another_session_is_refused(tmp_path):
    app = _app(tmp_path, WTF_CSRF_ENABLED=True)
    with app.test_request_context("/"):
        someone_elses = csrf_token()
    with app.test_request_context("/", method="POST") as context:
        csrf_token()  # this session's own token
        context.request.form = {"csrf_token": someone_elses}
        assert csrf_problem() is not None


@pytest.mark.parametrize(("base_url", "expected"), [
    ("https://beteiligung.example", HSTS),
    ("HTTPS://beteiligung.example", HSTS),
    ("http://beteiligung.example", None),
    ("http://https.example", None),
])
def test_hsts_is_sent_on_every_response_exactly_when_the_site_is_https(database_url, tmp_path,
                                                                      base_url, expected):
    app = make_test_app(database_url, tmp_path, BASE_URL=base_url)
    client = app.test_client()
    for path in PATHS:
        response = client.get(path)
        assert response.headers.getlist("Strict-Transport-Security") == (
            [expected] if expected else []), (path, response.status_code)
        assert response.headers["X-Content-Type-Options"] == "nosniff"
    statuses = {client.get(path).status_code for path in PATHS}
    assert {200, 302, 404} <= statuses
    app.extensions["db"].engine.dispose()
