"""Organiser passwords (Argon2), login checks and the end of every session of an account."""

import secrets
from datetime import UTC, datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import Flask, current_app
from sqlalchemy.orm import Session

from participation.accounts import queries
from participation.accounts.models import Organiser

# ARGON2_PROFILE: the parameters of new hashes ("default" is argon2-cffi's RFC 9106 profile).
PROFILES = {
    "default": {},
    "fast-for-tests": {"time_cost": 1, "memory_cost": 1024, "parallelism": 1},
}

# Hashes of a random password, one per hasher type and parameters, made once per process.
_DUMMY_HASHES: dict[tuple, str] = {}


class Passwords:
    """The app's hasher, and a hash made with its parameters to verify against when the
    e-mail address is unknown: both ways through `authenticate` do the same one Argon2
    verification, so the time a login takes does not tell whether an account exists."""

    def __init__(self, hasher: PasswordHasher):
        self.hasher = hasher
        key = (type(hasher), hasher.type, hasher.time_cost, hasher.memory_cost,
               hasher.parallelism, hasher.hash_len, hasher.salt_len)
        if key not in _DUMMY_HASHES:
            _DUMMY_HASHES[key] = hasher.hash(secrets.token_urlsafe(32))
        self.dummy_hash = _DUMMY_HASHES[key]


def init_app(app: Flask, hasher: PasswordHasher | None = None) -> None:
    """Build the app's hasher from ARGON2_PROFILE (or use `hasher`), and its dummy hash now,
    not during the first login."""
    if hasher is None:
        hasher = PasswordHasher(**PROFILES[app.config.get("ARGON2_PROFILE") or "default"])
    app.extensions["passwords"] = Passwords(hasher)


def _passwords() -> Passwords:
    return current_app.extensions["passwords"]


def hash_password(password: str) -> str:
    return _passwords().hasher.hash(password)


def authenticate(db: Session, email: str, password: str) -> Organiser | None:
    # No address has control characters, and PostgreSQL refuses a NUL in a parameter.
    plausible = not any(character < " " or character == "\x7f" for character in email)
    organiser = db.scalar(queries.organiser_by_email(email)) if plausible else None
    passwords = _passwords()
    hasher = passwords.hasher
    try:
        # an unknown address is checked against the dummy hash: the same work, never true
        hasher.verify(passwords.dummy_hash if organiser is None else organiser.password_hash,
                      password)
    except (VerificationError, InvalidHashError):
        return None
    if organiser is None:
        return None  # someone guessed the random dummy password
    if hasher.check_needs_rehash(organiser.password_hash):
        organiser.password_hash = hasher.hash(password)
    organiser.last_login_at = datetime.now(UTC)
    db.flush()
    return organiser


def set_password(db: Session, organiser: Organiser, password: str) -> None:
    """A new password ends every session of the account (a copied cookie included)."""
    organiser.password_hash = hash_password(password)
    end_sessions(db, organiser)


def end_sessions(db: Session, organiser: Organiser) -> None:
    """Log the account out everywhere: sessions carry the version they were started with
    (access.py), and only the current version is accepted."""
    organiser.session_version = Organiser.session_version + 1  # atomic, in SQL
    db.flush()
