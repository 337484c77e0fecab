"""Rate limits (QUALITY.md §4): refused logins, resume-code guesses and submission floods.

Built on the `limits` library, the core of Flask-Limiter: Flask-Limiter would add hooks to
every request (about a tenth of a bare route's time), and only a few actions need a limit.
Counters live in Redis when REDIS_URL is set, so that every worker process shares them, and
in process memory otherwise or while Redis is unreachable: a Redis outage never turns a
login or a submit into an error page (the README's Security section names the fallback).
Keys hold hashes, not addresses, e-mail addresses or codes.
"""

import hashlib
import logging
from collections.abc import Callable

from flask import Flask, current_app
from limits import RateLimitItem, parse_many
from limits.storage import MemoryStorage, storage_from_string
from limits.strategies import FixedWindowRateLimiter
from redis import RedisError

log = logging.getLogger(__name__)

# Each rule: its setting (config.py, documented in the README). A rule counts one subject,
# such as a client address or an account; a rule of the whole site counts one subject "all".
RULE_SETTINGS = {
    "login-address": "LOGIN_LIMIT_PER_ADDRESS",
    "login-device": "LOGIN_LIMIT_PER_DEVICE",
    "login-account": "LOGIN_LIMIT_PER_ACCOUNT",
    "resume-address": "RESUME_LIMIT_PER_ADDRESS",
    "resume-total": "RESUME_LIMIT_TOTAL",
    "submit-address": "SUBMIT_LIMIT_PER_ADDRESS",
    "signup-address": "SIGNUP_LIMIT_PER_ADDRESS",
    "signup-code-address": "SIGNUP_CODE_LIMIT_PER_ADDRESS",
    "signup-code-total": "SIGNUP_CODE_LIMIT_TOTAL",
}
EVERYONE = "all"

Check = tuple[str, str]  # (rule, subject)


class RateLimits:
    def __init__(self, app: Flask):
        self.enabled = app.config.get("LIMITS_ENABLED", True)
        self.rules = {rule: parse_many(app.config[setting])
                      for rule, setting in RULE_SETTINGS.items() if app.config.get(setting)}
        self._memory = FixedWindowRateLimiter(MemoryStorage())
        url = app.config.get("REDIS_URL")
        self._shared = FixedWindowRateLimiter(storage_from_string(url)) if url else None

    def allowed(self, *checks: Check) -> bool:
        """False while any subject has used up its allowance under its rule."""
        if not self.enabled:
            return True
        items = self._items(checks)
        return self._with_storage(lambda limiter: all(limiter.test(limit, *key)
                                                      for limit, key in items))

    def hit(self, *checks: Check) -> None:
        """Count one attempt against every subject."""
        if self.enabled:
            items = self._items(checks)
            self._with_storage(lambda limiter: [limiter.hit(limit, *key) for limit, key in items])

    def clear(self, *checks: Check) -> None:
        """Forget the counts of these subjects (for example after a successful login)."""
        if self.enabled:
            items = self._items(checks)
            self._with_storage(lambda limiter: [limiter.clear(limit, *key)
                                                for limit, key in items])

    def _items(self, checks) -> list[tuple[RateLimitItem, tuple[str, str]]]:
        return [(limit, (rule, _digest(subject)))
                for rule, subject in checks for limit in self.rules.get(rule, ())]

    def _with_storage(self, action: Callable[[FixedWindowRateLimiter], object]):
        if self._shared is not None:
            try:
                return action(self._shared)
            except (RedisError, OSError):
                log.warning("Redis unreachable: rate limits counted in this process only")
        return action(self._memory)


def _digest(value: str) -> str:
    return hashlib.sha256(value.strip().lower().encode()).hexdigest()[:24]


def init_app(app: Flask) -> None:
    app.extensions["rate_limits"] = RateLimits(app)


def rate_limits() -> RateLimits:
    return current_app.extensions["rate_limits"]
