"""Device cookies against lockouts: OWASP's "Slow Down Online Guessing Attacks with Device
Cookies".

After a successful login the browser gets a signed, long-lived cookie that names the account
(a keyed hash of its e-mail address) and carries a random nonce. A login attempt whose
browser presents a valid device cookie for the account entered is counted against that
device cookie only ("login-device", with the cookie's nonce as subject; its allowance is
LOGIN_LIMIT_PER_DEVICE) and never against the account's lockout: an attacker trying
passwords from many addresses cannot keep the owner out of the browser she used before. A
device cookie whose allowance is used up is not trusted any more, until its next successful
login. Attempts from every other browser count per client address ("login-address") and per
account ("login-account"), and are refused while either is used up.
"""

import hashlib
import hmac
import secrets

from flask import Response, current_app, request
from itsdangerous import BadData, URLSafeTimedSerializer

from participation.limits import Check, rate_limits

COOKIE_NAME = "device"
LIFETIME = 60 * 60 * 24 * 365  # seconds: a year, as OWASP suggests
_SALT = "organiser-device-cookie"


def login_checks(address: str, email: str) -> tuple[Check, ...]:
    """The rate-limit counters a login attempt from this browser is checked and counted in."""
    nonce = _trusted_nonce(email)
    if nonce is not None:
        device = (("login-device", f"device:{nonce}"),)
        if rate_limits().allowed(*device):
            return device
    return ("login-address", address), ("login-account", email)


def remember(response: Response, email: str) -> None:
    """Give the browser a new device cookie for this account (after a successful login)."""
    value = _serializer().dumps({"account": _account_tag(email), "nonce": secrets.token_hex(16)})
    response.set_cookie(COOKIE_NAME, value, max_age=LIFETIME, path="/", httponly=True,
                        samesite="Lax", secure=bool(current_app.config["SESSION_COOKIE_SECURE"]))


def _trusted_nonce(email: str) -> str | None:
    """The nonce of this browser's device cookie if it is genuine, young enough and for
    this account; None otherwise."""
    value = request.cookies.get(COOKIE_NAME)
    if not value:
        return None
    try:
        content = _serializer().loads(value, max_age=LIFETIME)
    except BadData:
        return None
    if not isinstance(content, dict) or not isinstance(content.get("nonce"), str):
        return None
    if not hmac.compare_digest(str(content.get("account")), _account_tag(email)):
        return None
    return content["nonce"]


def _account_tag(email: str) -> str:
    """A keyed hash of the e-mail address: the cookie names the account without showing it."""
    key = current_app.secret_key
    key = key.encode() if isinstance(key, str) else key
    return hmac.new(key, email.strip().lower().encode(), hashlib.sha256).hexdigest()[:32]


def _serializer() -> URLSafeTimedSerializer:
    fallbacks = current_app.config.get("SECRET_KEY_FALLBACKS") or []
    return URLSafeTimedSerializer([*fallbacks, current_app.secret_key], salt=_SALT)
