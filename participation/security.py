"""CSRF protection, the session cookie and the security headers of every response
(QUALITY.md §4), with HSTS where BASE_URL is https.

Every request passes through here, so each step is kept cheap (QUALITY.md §6): the CSRF
check returns at once for reading requests, the signers of the session cookie and of the
CSRF tokens are built once instead of once per use, and the fixed headers are added
without lookups. The tokens are Flask-WTF's own (same format, same session key, same
salt), so its `csrf.protect()` accepts them on the organiser forms.
"""

import functools
import hashlib
import hmac
import os
import time

from flask import Flask, current_app, g, request, session
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from flask_babel import gettext as _
from flask_wtf import CSRFProtect
from flask_wtf.csrf import same_origin
from itsdangerous import BadData, URLSafeTimedSerializer
from werkzeug.wrappers import Response

csrf = CSRFProtect()

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = (
    ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "same-origin"),
    ("X-Frame-Options", "DENY"),
)
# Sent only where the site is served over HTTPS (BASE_URL): a plain-http setup (a laptop,
# a test server) must never teach a browser to refuse it.
HSTS_HEADER = ("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
READING_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
CSRF_FIELD = "csrf_token"  # Flask-WTF's default field and session key
CSRF_SALT = "wtf-csrf-token"  # Flask-WTF's salt


MAX_REMEMBERED = 4096  # verified cookies and signed tokens kept per process


class SessionInterface(SecureCookieSessionInterface):
    """Flask's signed cookie session, with its serializer built once per key set, and each
    cookie verified once: a resident sends the same cookie on page after page.

    A remembered cookie keeps its signing time, so it still expires as Flask's would; every
    request gets a copy of its content, never objects another request could have changed."""

    def __init__(self):
        self._serializers: dict[tuple, URLSafeTimedSerializer] = {}
        self._verified: dict[tuple, tuple[dict, float]] = {}

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        serializer = self._serializers.get(_keys(app))
        if serializer is None:
            serializer = super().get_signing_serializer(app)
            self._serializers[_keys(app)] = serializer
        return serializer

    def open_session(self, app: Flask, request) -> SecureCookieSession | None:
        serializer = self.get_signing_serializer(app)
        if serializer is None:
            return None
        value = request.cookies.get(self.get_cookie_name(app))
        if not value:
            return self.session_class()
        max_age = int(app.permanent_session_lifetime.total_seconds())
        key = (_keys(app), value)
        remembered = self._verified.get(key)
        if remembered is not None:
            content, signed_at = remembered
            if 0 <= time.time() - signed_at <= max_age:
                return self.session_class(_copy(content))
        try:
            data, signed_at = serializer.loads(value, max_age=max_age, return_timestamp=True)
        except BadData:
            return self.session_class()
        if _is_plain(data):  # what the JSON copy below can copy; anything else is re-read
            if len(self._verified) >= MAX_REMEMBERED:
                self._verified.clear()
            self._verified[key] = (_copy(data), signed_at.timestamp())
        return self.session_class(data)

    def save_session(self, app: Flask, session: SecureCookieSession, response) -> None:
        if session.modified or not session.accessed or self.should_set_cookie(app, session):
            super().save_session(app, session, response)
        elif "Vary" not in response.headers:
            # unchanged: only the header Flask would add, without its slower HeaderSet
            response.headers["Vary"] = "Cookie"
        else:
            response.vary.add("Cookie")


def _keys(app: Flask) -> tuple:
    return (app.secret_key, tuple(app.config["SECRET_KEY_FALLBACKS"] or ()))


_PLAIN = (str, int, float, bool, type(None))


def _is_plain(value) -> bool:
    if isinstance(value, dict):
        return all(isinstance(k, str) and _is_plain(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_is_plain(item) for item in value)
    return isinstance(value, _PLAIN)


def _copy(value):
    """A deep copy of plain JSON data (dicts, lists and scalars), faster than copy.deepcopy."""
    if isinstance(value, dict):
        return {key: _copy(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_copy(item) for item in value]
    return value



def init_app(app: Flask) -> None:
    # The global check runs from our hook, which skips reading requests before Flask-WTF
    # looks up exemptions; every writing request is checked as before.
    app.config["WTF_CSRF_CHECK_DEFAULT"] = False
    app.config["WTF_CSRF_FIELD_NAME"] = CSRF_FIELD
    csrf.init_app(app)
    app.session_interface = SessionInterface()
    # Templates get our token function in place of Flask-WTF's (the same token).
    app.jinja_env.globals["csrf_token"] = csrf_token
    app.context_processor(lambda: {"csrf_token": csrf_token})

    @app.before_request
    def check_csrf():
        if request.method not in READING_METHODS and app.config["WTF_CSRF_ENABLED"]:
            csrf.protect(apply_exemptions=True)


_signed_tokens: dict[tuple, str] = {}


def csrf_token() -> str:
    """The signed CSRF token of this session, made (and put in the session) on first use.

    Without a time limit a signed token never expires, so it is signed once per process."""
    signed = g.get(CSRF_FIELD)
    if signed is None:
        raw = session.get(CSRF_FIELD)
        if not isinstance(raw, str) or not raw:
            raw = session[CSRF_FIELD] = hashlib.sha1(os.urandom(64)).hexdigest()  # noqa: S324
        secret = _csrf_secret()
        lasting = current_app.config.get("WTF_CSRF_TIME_LIMIT") is None
        signed = _signed_tokens.get((secret, raw)) if lasting else None
        if signed is None:
            signed = _csrf_signer(secret).dumps(raw)
            if lasting:
                if len(_signed_tokens) >= MAX_REMEMBERED:
                    _signed_tokens.clear()
                _signed_tokens[(secret, raw)] = signed
        setattr(g, CSRF_FIELD, signed)
    return signed


def csrf_problem() -> str | None:
    """Check the CSRF token ourselves, so a stale page keeps what was typed.

    Resident pages and paper entry are exempt from the global check: a failed check
    re-shows the page with the input instead of an error page that loses it.
    """
    config = current_app.config
    if not config.get("WTF_CSRF_ENABLED", True) or (
            _valid_csrf_token(request.form.get(CSRF_FIELD)) and _trusted_referrer()):
        return None
    return _("Ihre Eingabe wurde aus Sicherheitsgründen noch nicht gespeichert. "
             "Bitte prüfen Sie sie und senden Sie die Seite noch einmal.")


def _valid_csrf_token(signed: str | None) -> bool:
    """As Flask-WTF's validate_csrf: signed by us, in time, and this session's token."""
    raw = session.get(CSRF_FIELD)
    if not signed or not isinstance(raw, str) or not raw:
        return False
    try:
        token = _csrf_signer(_csrf_secret()).loads(
            signed, max_age=current_app.config.get("WTF_CSRF_TIME_LIMIT"))
    except BadData:
        return False
    return isinstance(token, str) and hmac.compare_digest(raw, token)


def _trusted_referrer() -> bool:
    """As Flask-WTF over HTTPS: the form must come from a page of this host."""
    if not (request.is_secure and current_app.config.get("WTF_CSRF_SSL_STRICT", True)):
        return True
    return bool(request.referrer) and same_origin(request.referrer, f"https://{request.host}/")


def _csrf_secret():
    return current_app.config.get("WTF_CSRF_SECRET_KEY") or current_app.secret_key


@functools.lru_cache(maxsize=8)
def _csrf_signer(secret) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret, salt=CSRF_SALT)


def response_headers(config) -> tuple[tuple[str, str], ...]:
    """The fixed headers of an app, chosen once when it is built: HSTS over HTTPS only."""
    if str(config.get("BASE_URL") or "").lower().startswith("https://"):
        return (*SECURITY_HEADERS, HSTS_HEADER)
    return SECURITY_HEADERS


def add_security_headers(response: Response,
                         fixed: tuple[tuple[str, str], ...] = SECURITY_HEADERS) -> None:
    """The fixed headers, unless a handler set its own (Headers.setdefault raises and
    catches a KeyError for every missing header, which adds up on every response)."""
    headers = response.headers
    present = {name.lower() for name, _value in headers.items()}
    for name, value in fixed:
        if name.lower() not in present:
            headers.add(name, value)
    if "cache-control" not in present and response.mimetype == "text/html":
        headers.add("Cache-Control", "no-store")
