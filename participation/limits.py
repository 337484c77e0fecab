"""Rate limits (QUALITY.md §4): refused organiser logins, instead of a CAPTCHA.

Built on the `limits` library, the core of Flask-Limiter: Flask-Limiter would add hooks to
every request (about a tenth of a bare route's time), and only the login needs a limit.
Counters live in Redis when REDIS_URL is set, so that every worker process shares them, and
in process memory otherwise or while Redis is unreachable: a Redis outage never turns a
login into an error page. Keys hold hashes, not addresses or e-mail addresses.
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


class LoginLimits:
    def __init__(self, app: Flask):
        self.enabled = app.config.get("LOGIN_LIMITS_ENABLED", True)
        self.per_address = parse_many(app.config["LOGIN_LIMIT_PER_ADDRESS"])
        self.per_account = parse_many(app.config["LOGIN_LIMIT_PER_ACCOUNT"])
        self._memory = FixedWindowRateLimiter(MemoryStorage())
        url = app.config.get("REDIS_URL")
        self._shared = FixedWindowRateLimiter(storage_from_string(url)) if url else None

    def allowed(self, address: str, email: str) -> bool:
        """False while the address or the account has used up its refused attempts."""
        if not self.enabled:
            return True
        checks = self._checks(address, email)
        return self._with_storage(lambda limiter: all(limiter.test(limit, *key)
                                                      for limit, key in checks))

    def refused(self, address: str, email: str) -> None:
        """Count a refused attempt against both the address and the account."""
        if self.enabled:
            checks = self._checks(address, email)
            self._with_storage(lambda limiter: [limiter.hit(limit, *key)
                                                for limit, key in checks])

    def _checks(self, address: str, email: str) -> list[tuple[RateLimitItem, tuple[str, str]]]:
        by_address = ("login-address", _digest(address))
        by_account = ("login-account", _digest(email.strip().lower()))
        return ([(limit, by_address) for limit in self.per_address]
                + [(limit, by_account) for limit in self.per_account])

    def _with_storage(self, action: Callable[[FixedWindowRateLimiter], object]):
        if self._shared is not None:
            try:
                return action(self._shared)
            except (RedisError, OSError):
                log.warning("Redis unreachable: login limits counted in this process only")
        return action(self._memory)


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()[:24]


def init_app(app: Flask) -> None:
    app.extensions["login_limits"] = LoginLimits(app)


def login_limits() -> LoginLimits:
    return current_app.extensions["login_limits"]
