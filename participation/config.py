"""Settings read from the environment when the app is created (never at import time).

Every setting is documented in the README with its default.
"""

import os
import secrets
from pathlib import Path

TRUE_WORDS = {"1", "true", "yes", "on"}


def _flag(value: str | None, default: bool) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in TRUE_WORDS


def settings_from_env(instance_path: str, env: dict[str, str] | None = None) -> dict:
    """Return Flask config values from environment variables, with their defaults."""
    env = dict(os.environ if env is None else env)
    instance = Path(instance_path)
    secret = env.get("SECRET_KEY") or _instance_secret(instance)
    base_url = (env.get("BASE_URL") or "http://127.0.0.1:5000").rstrip("/")
    return {
        "SECRET_KEY": secret,
        "DATABASE_URL": env.get("DATABASE_URL")
        or f"sqlite:///{instance / 'participation.sqlite3'}",
        "REDIS_URL": env.get("REDIS_URL") or None,
        "SMTP_HOST": env.get("SMTP_HOST") or None,
        "SMTP_PORT": int(env.get("SMTP_PORT") or 25),
        "SMTP_USER": env.get("SMTP_USER") or None,
        "SMTP_PASSWORD": env.get("SMTP_PASSWORD") or None,
        "SMTP_STARTTLS": _flag(env.get("SMTP_STARTTLS"), False),
        "MAIL_FROM": env.get("MAIL_FROM") or "Quartiersforscher <beteiligung@localhost>",
        "MAIL_OUTBOX_DIR": env.get("MAIL_OUTBOX_DIR") or str(instance / "outbox"),
        "BASE_URL": base_url,
        # Residents must be able to pause for a day (QUALITY.md §1): never below 20 hours.
        "DRAFT_RETENTION_HOURS": max(20, int(env.get("DRAFT_RETENTION_HOURS") or 48)),
        "SESSION_COOKIE_SECURE": _flag(env.get("SESSION_COOKIE_SECURE"),
                                       base_url.startswith("https://")),
        # Reverse proxies in front of the app whose X-Forwarded-For/-Proto are trusted.
        "TRUSTED_PROXIES": int(env.get("TRUSTED_PROXIES") or 0),
        # Refused organiser logins (accounts/devices.py): from a browser without the account's
        # device cookie, per client address and per e-mail address entered; from a browser
        # with it, per device cookie only, so that nobody can lock the owner out.
        "LOGIN_LIMIT_PER_ADDRESS": env.get("LOGIN_LIMIT_PER_ADDRESS") or "10/minute;50/hour",
        "LOGIN_LIMIT_PER_ACCOUNT": env.get("LOGIN_LIMIT_PER_ACCOUNT")
        or "5/minute;20/hour",
        "LOGIN_LIMIT_PER_DEVICE": env.get("LOGIN_LIMIT_PER_DEVICE") or "5/minute;10/hour",
        # Wrong resume codes per client address, and on the whole site (README: the
        # arithmetic that makes guessing a paused draft's code infeasible).
        "RESUME_LIMIT_PER_ADDRESS": env.get("RESUME_LIMIT_PER_ADDRESS") or "10/hour",
        "RESUME_LIMIT_TOTAL": env.get("RESUME_LIMIT_TOTAL") or "120/hour",
        # Completed submissions per client address: a community-centre tablet gets through.
        "SUBMIT_LIMIT_PER_ADDRESS": env.get("SUBMIT_LIMIT_PER_ADDRESS")
        or "20/minute;120/hour;400/day",
        # Event sign-ups per client address (a community-centre tablet signs up many), and
        # wrong cancellation codes per address and on the whole site (as resume codes).
        "SIGNUP_LIMIT_PER_ADDRESS": env.get("SIGNUP_LIMIT_PER_ADDRESS")
        or "30/minute;200/hour;600/day",
        "SIGNUP_CODE_LIMIT_PER_ADDRESS": env.get("SIGNUP_CODE_LIMIT_PER_ADDRESS") or "10/hour",
        "SIGNUP_CODE_LIMIT_TOTAL": env.get("SIGNUP_CODE_LIMIT_TOTAL") or "120/hour",
        # E-mail reminder before an event, in days (0: no reminder).
        "EVENT_REMINDER_DAYS": max(0, int(env.get("EVENT_REMINDER_DAYS") or 2)),
    }


def _instance_secret(instance: Path) -> str:
    """A random key kept in the instance folder, so the embedded default needs no setup."""
    instance.mkdir(parents=True, exist_ok=True)
    key_file = instance / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


FIXED_SETTINGS = {
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    # A resident may take hours over a questionnaire: the CSRF token lives as long as the session.
    "WTF_CSRF_TIME_LIMIT": None,
    "PERMANENT_SESSION_LIFETIME": 60 * 60 * 24,
    "ARGON2_PROFILE": "default",
    "MAX_CONTENT_LENGTH": 1024 * 1024,
}
